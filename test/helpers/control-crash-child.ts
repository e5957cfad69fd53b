// The crash test's child process: opens the shared SQLite file, builds the bureau's adapters from
// the JSON in CR_CONTROL_CRASH, prints "ready", then fans out the statement it reads on stdin and
// prints "done <ms>". The test SIGKILLs it at a random moment; nothing here tidies up on purpose.
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Variant } from '../../electron/channels/types';
import type { Actor } from '../../electron/core/control/types';
import { bureauAdapters, type BureauChannelConfig } from './control-adapters';
import { createControlHarness } from './control-harness';

interface ChildConfig {
  readonly dbPath: string;
  readonly channels: BureauChannelConfig;
  readonly settleAfterMs: number;
}

interface Order {
  readonly statementId: string;
  readonly approvers: readonly string[];
  readonly variants: Record<string, Variant>;
  readonly actor: Actor;
}

const raw = process.env['CR_CONTROL_CRASH'];
if (!raw) throw new Error('CR_CONTROL_CRASH is not set');
const config = JSON.parse(raw) as ChildConfig;
const harness = createControlHarness({ path: config.dbPath, adapters: bureauAdapters(config.channels), settleAfterMs: config.settleAfterMs });

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  const order = JSON.parse(line) as Order;
  const started = performance.now();
  harness.service.outbox
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
