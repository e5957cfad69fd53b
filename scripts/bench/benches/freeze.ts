// Freeze latency: control.freeze {scope:'all'} through the contract (validation, roles, audit,
// the one SQLite transaction) -> every send path refuses and every channel reports frozen:
//  - control.freezeChanged pushed, with a frozen set covering every channel;
//  - control.state answers frozen for every channel;
//  - the outbox gate (the only way to a channel's publish) refuses a queued row, asked from a
//    second SQLite connection, as another process would see the committed state.
// Each sample starts from a verified unfrozen state (the gate answering 'not-due' for the same row).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { claimForSend } from '../../../electron/core/outbox/gate';
import { databaseFileName } from '../../../electron/core/paths';
import { createSqliteControlRepository } from '../../../electron/store/control-repository';
import { createSqliteMonitorRepository } from '../../../electron/store/monitor-repository';
import { startBenchCore } from '../core-fixture';
import { demoChannelIds } from '../item-keys';
import { coversEvery, freezeEventWatch } from '../listeners';
import { samplesRow, type Row } from '../report';
import { now, sleep } from '../timing';
import { allChannels } from '../../../electron/shared/all-channels';

interface FreezeView {
  readonly scope: string;
}

export async function benchFreeze(cycles: number, log: (line: string) => void): Promise<Row[]> {
  const bench = await startBenchCore({ startChannels: true });
  const probeDb = new DatabaseSync(join(bench.dataDir, databaseFileName));
  try {
    probeDb.exec('PRAGMA busy_timeout = 5000');
    const gateDeps = { control: createSqliteControlRepository(probeDb), ledger: createSqliteMonitorRepository(probeDb) };
    const op = await bench.signedIn('operator');
    const sup = await bench.signedIn('supervisor');
    // A queued row scheduled far ahead: unfrozen the gate answers 'not-due', frozen 'frozen'
    // (the freeze check comes first), and it is never actually sent.
    const [row] = await bench.core.control.outbox.enqueue({
      statementId: 'bench-freeze-probe',
      approvers: ['bench'],
      variants: { [demoChannelIds[0]!]: { title: null, text: 'Freeze probe: never sent.', html: null } },
      notBefore: '2099-01-01T00:00:00.000Z',
      actor: { id: 'bench', role: 'system' },
    });
    if (!row) throw new Error('the probe row was not queued');
    const gate = async (): Promise<string> => (await claimForSend(gateDeps, row.id, new Date(), 'bench-probe')).kind;
    const watch = freezeEventWatch(demoChannelIds);
    const off = bench.core.events.subscribe(watch.listener);
    const total: number[] = [];
    const toEvent: number[] = [];
    const toGate: number[] = [];
    const inService: number[] = [];
    let refreshedAt = 0;
    try {
      for (let i = 0; i < cycles; i++) {
        if ((await gate()) !== 'not-due') throw new Error(`cycle ${i}: the gate does not answer 'not-due' before the freeze`);
        watch.arm();
        const t0 = now();
        const r = await bench.core.dispatch('control.freeze', { scope: allChannels, reason: '' }, op);
        if (!r.ok) throw new Error(`freeze failed: ${r.error.message}`);
        const state = await bench.core.dispatch('control.state', {}, op);
        if (!state.ok || !coversEvery((state.data as { frozen: FreezeView[] }).frozen, demoChannelIds)) throw new Error('control.state does not show every channel frozen');
        const stateAt = now();
        if ((await gate()) !== 'frozen') throw new Error("the gate did not answer 'frozen' after the freeze");
        const gateAt = now();
        const eventAt = watch.at();
        if (eventAt === null) throw new Error('no control.freezeChanged covering every channel');
        total.push(Math.max(eventAt, stateAt, gateAt) - t0);
        toEvent.push(eventAt - t0);
        toGate.push(gateAt - t0);
        inService.push((r.data as { elapsedMs: number }).elapsedMs);
        // Unfreezing needs a supervisor with a fresh passphrase (fresh for 5 minutes).
        if (Date.now() - refreshedAt > 60_000) {
          await bench.refresh(sup, 'supervisor');
          refreshedAt = Date.now();
        }
        const u = await bench.core.dispatch('control.unfreeze', { scope: allChannels }, sup);
        if (!u.ok) throw new Error(`unfreeze failed: ${u.error.message}`);
        // Spread the samples over the monitor's read cycle instead of firing back to back.
        await sleep(37);
      }
    } finally {
      off();
    }
    log(`freeze: ${cycles} freeze/unfreeze cycles with the demo newsroom being read (poll 1000 ms)`);
    return [
      samplesRow('freeze.all', 'freeze all: call -> every send path refuses and every channel reports frozen', 'ms', total, {
        budget: { stat: 'max', op: '<=', limit: 300 },
        note: 'Through core.dispatch (no UI, no WebSocket): the latest of the pushed event, control.state and the outbox gate (second connection).',
      }),
      samplesRow('freeze.event', 'freeze breakdown: call -> control.freezeChanged covering every channel', 'ms', toEvent),
      samplesRow('freeze.gate', 'freeze breakdown: call -> outbox gate refuses the queued row', 'ms', toGate),
      samplesRow('freeze.service', "freeze breakdown: inside the freeze service (its own elapsedMs)", 'ms', inService),
    ];
  } finally {
    probeDb.close();
    await bench.close();
    if (bench.problems.length) log(`freeze: the core logged ${bench.problems.length} problem(s): ${bench.problems.slice(0, 5).join(' | ')}`);
  }
}
