// The crash tests' child process (a desk): opens the shared SQLite file, or in team mode the shared
// PostgreSQL database as its own desk, builds the bureau's adapters from the JSON in
// CR_CONTROL_CRASH, prints "ready", then fans out the statement it reads on stdin and prints
// "done <ms>". The test SIGKILLs it at a random moment; nothing here tidies up on purpose.
// With `workEveryMs` it is a desk that stays: it works the whole queue that often (as the app's
// outbox loop does) and fans out every statement it reads, one per line, until it is killed.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Variant } from '../../electron/channels/types';
import type { ControlService } from '../../electron/core/control/control-service';
import type { Actor } from '../../electron/core/control/types';
import { bureauAdapters, type BureauChannelConfig } from './control-adapters';
import { createControlHarness } from './control-harness';
import { openPgDesk } from './pg-desk';

export interface CrashChildConfig {
  /** The shared SQLite file, or */
  readonly dbPath?: string;
  /** the shared PostgreSQL database (app role), with this desk's id and claim lease. */
  readonly databaseUrl?: string;
  readonly owner?: string;
  readonly leaseMs?: number;
  readonly channels: BureauChannelConfig;
  readonly settleAfterMs: number;
  /** Stay and work the queue this often, fanning out every line read (PostgreSQL desks). */
  readonly workEveryMs?: number;
}

interface Order {
  readonly statementId: string;
  readonly approvers: readonly string[];
  readonly variants: Record<string, Variant>;
  readonly actor: Actor;
}

async function open(config: CrashChildConfig): Promise<ControlService> {
  const adapters = bureauAdapters(config.channels);
  if (config.databaseUrl) {
    const owner = config.owner ?? `child-${process.pid}`;
    return (await openPgDesk({ url: config.databaseUrl, owner, adapters, settleAfterMs: config.settleAfterMs, ...(config.leaseMs !== undefined ? { leaseMs: config.leaseMs } : {}) })).service;
  }
  if (!config.dbPath) throw new Error('CR_CONTROL_CRASH names no database');
  return createControlHarness({ path: config.dbPath, adapters, settleAfterMs: config.settleAfterMs, ...(config.owner ? { owner: config.owner } : {}) }).service;
}

const raw = process.env['CR_CONTROL_CRASH'];
if (!raw) throw new Error('CR_CONTROL_CRASH is not set');
const config = JSON.parse(raw) as CrashChildConfig;
const fanOut = (service: ControlService, line: string): Promise<string> => {
  const order = JSON.parse(line) as Order;
  const started = performance.now();
  return service.outbox.fanOut(order).then((rows) => `done ${Math.round(performance.now() - started)} ${rows.map((r) => r.status).join(',')}`);
};
const fail = (err: unknown): never => {
  process.stderr.write(`fan-out failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
};

function stay(service: ControlService, everyMs: number): void {
  const work = (): void => {
    service.outbox.runDue().then(() => setTimeout(work, everyMs), fail);
  };
  work();
  createInterface({ input: process.stdin }).on('line', (line) => {
    fanOut(service, line).then((done) => process.stdout.write(`${done}\n`), fail);
  });
}

void open(config).then((service) => {
  if (config.workEveryMs !== undefined) stay(service, config.workEveryMs);
  else {
    createInterface({ input: process.stdin }).once('line', (line) => {
      fanOut(service, line).then((done) => {
        process.stdout.write(`${done}\n`);
        process.exit(0);
      }, fail);
    });
  }
  process.stdout.write('ready\n');
});
