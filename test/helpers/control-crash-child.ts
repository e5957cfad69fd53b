// The crash tests' child process (a desk): opens the shared SQLite file, or in team mode the shared
// PostgreSQL database as its own desk, builds the bureau's adapters from the JSON in
// CR_CONTROL_CRASH, prints "ready", then fans out the statement it reads on stdin and prints
// "done <ms>". The test SIGKILLs it at a random moment; nothing here tidies up on purpose.
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
void open(config).then((service) => {
  const lines = createInterface({ input: process.stdin });
  lines.once('line', (line) => {
    const order = JSON.parse(line) as Order;
    const started = performance.now();
    service.outbox
      .fanOut(order)
      .then((rows) => {
        process.stdout.write(`done ${Math.round(performance.now() - started)} ${rows.map((r) => r.status).join(',')}\n`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        process.stderr.write(`fan-out failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      });
  });
  process.stdout.write('ready\n');
});
