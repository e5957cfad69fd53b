// Team mode, live across desks: two desks (two cores) on one real PostgreSQL database. Desk A
// freezes (or unfreezes) all channels through the contract; the sample is the time from A's call
// until desk B's event bus carries the matching control.freezeChanged (A commits, NOTIFYs on
// commit, B's LISTEN connection hears the ids, B reads the freeze rows and emits). Budget: p95 <=
// 300 ms (issue 16). Needs Debian's postgresql; without it the row says so and nothing is measured.
import { migratePostgres } from '../../../electron/store/postgres/migrate';
import { allChannels } from '../../../electron/shared/all-channels';
import type { EventPayload } from '../../../electron/shared/contract';
import { peerVerdict } from '../../../test/helpers/peers.mjs';
import { startPostgres, type PostgresServer } from '../../../test/helpers/postgres';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { notMeasuredRow, samplesRow, type Row } from '../report';
import { now, sleep, waitFor } from '../timing';
import { keychainFor } from '../../../test/helpers/desk-keychain';

const rowId = 'team.freeze';
const metric = 'cross-desk freeze: call on desk A -> control.freezeChanged on desk B';
const budget = { stat: 'p95', op: '<=', limit: 300 } as const;

export async function benchTeam(cycles: number, log: (line: string) => void): Promise<Row[]> {
  const verdict = peerVerdict(['postgresql']);
  if (verdict.action !== 'run') return [notMeasuredRow(rowId, metric, 'ms', `PostgreSQL is not available here (${verdict.message})`, { budget })];
  let server: PostgresServer | null = null;
  let deskA: BenchCore | null = null;
  let deskB: BenchCore | null = null;
  try {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    const a = await keychainFor(db.appUrl);
    const b = await keychainFor(db.appUrl);
    deskA = await startBenchCore({ databaseUrl: a.url, vault: a.vault, deskName: 'Bench desk A' });
    deskB = await startBenchCore({ databaseUrl: b.url, vault: b.vault, deskName: 'Bench desk B', createAccounts: false });
    const heard: { at: number; frozen: number }[] = [];
    deskB.core.events.subscribe((name, payload) => {
      if (name === 'control.freezeChanged') heard.push({ at: now(), frozen: (payload as EventPayload<'control.freezeChanged'>).frozen.length });
    });
    const op = await deskA.signedIn('operator');
    const sup = await deskA.signedIn('supervisor');
    const A = deskA;
    let refreshedAt = 0;
    const step = async (freeze: boolean): Promise<number> => {
      if (!freeze && Date.now() - refreshedAt > 60_000) {
        await A.refresh(sup, 'supervisor');
        refreshedAt = Date.now();
      }
      const from = heard.length;
      const t0 = now();
      const r = freeze ? await A.core.dispatch('control.freeze', { scope: allChannels, reason: '' }, op) : await A.core.dispatch('control.unfreeze', { scope: allChannels }, sup);
      if (!r.ok) throw new Error(`${freeze ? 'freeze' : 'unfreeze'} on desk A failed: ${r.error.message}`);
      const got = await waitFor(`desk B's control.freezeChanged (${freeze ? 'frozen' : 'unfrozen'})`, () => heard.slice(from).find((h) => (h.frozen > 0) === freeze), 10_000, 1);
      return got.at - t0;
    };
    // Until B's LISTEN connection is in place (it connects in the background at start-up).
    const warmUntil = Date.now() + 20_000;
    for (;;) {
      try {
        await step(true);
        await step(false);
        break;
      } catch (err) {
        if (Date.now() > warmUntil) throw err;
      }
    }
    const samples: number[] = [];
    for (let i = 0; i < cycles; i++) {
      samples.push(await step(i % 2 === 0));
      await sleep(20);
    }
    if (heard.length > 0 && heard.at(-1)!.frozen > 0) await step(false);
    log(`team: ${cycles} freezes/unfreezes on desk A heard on desk B (PostgreSQL ${server.port} on 127.0.0.1, two cores in one process)`);
    const problems = [...deskA.problems, ...deskB.problems];
    if (problems.length) log(`team: the desks logged ${problems.length} problem(s): ${problems.slice(0, 5).join(' | ')}`);
    return [
      samplesRow(rowId, metric, 'ms', samples, {
        budget,
        note: 'Two createCore desks in one process on a local PostgreSQL 15 (127.0.0.1); through core.dispatch, no UI. Half freezes, half unfreezes.',
      }),
    ];
  } finally {
    await deskB?.close();
    await deskA?.close();
    await server?.stop();
  }
}
