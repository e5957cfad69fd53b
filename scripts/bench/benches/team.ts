// Team mode, live across desks: two desks (two cores) on one real PostgreSQL database. Desk A
// freezes (or unfreezes) all channels through the contract; the sample is the time from A's call
// until desk B's event bus carries the matching control.freezeChanged (A commits, NOTIFYs on
// commit, B's LISTEN connection hears the ids, B reads the freeze rows and emits). Budget: p95 <=
// 300 ms (issue 16). Then, with the same two desks, the same calls watched on desk B's screen in
// Chromium (team-screen.ts). Needs Debian's postgresql; without it the rows say so and nothing is
// measured.
import { migratePostgres } from '../../../electron/store/postgres/migrate';
import { allChannels } from '../../../electron/shared/all-channels';
import type { EventPayload } from '../../../electron/shared/contract';
import { peerVerdict } from '../../../test/helpers/peers.mjs';
import { startPostgres, type PostgresServer } from '../../../test/helpers/postgres';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { notMeasuredRow, samplesRow, type Row } from '../report';
import { now, sleep, waitFor } from '../timing';
import { keychainFor } from '../../../test/helpers/desk-keychain';
import { benchTeamScreen, teamScreenNotMeasured, type TeamScreen } from './team-screen';

const rowId = 'team.freeze';
const metric = 'cross-desk freeze: call on desk A -> control.freezeChanged on desk B';
const budget = { stat: 'p95', op: '<=', limit: 300 } as const;

export interface TeamOptions {
  /** Freezes/unfreezes watched on desk B's bus. */
  readonly cycles: number;
  /** Freeze/unfreeze pairs watched on desk B's screen. */
  readonly screenPairs: number;
  /** null: the screen rows are not measured, saying `screenMissing`. */
  readonly screen: TeamScreen | null;
  readonly screenMissing: string;
}

export async function benchTeam(o: TeamOptions, log: (line: string) => void): Promise<Row[]> {
  const { cycles } = o;
  const verdict = peerVerdict(['postgresql']);
  if (verdict.action !== 'run') {
    const why = `PostgreSQL is not available here (${verdict.message})`;
    return [notMeasuredRow(rowId, metric, 'ms', why, { budget }), ...teamScreenNotMeasured(why)];
  }
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
    deskB = await startBenchCore({ databaseUrl: b.url, vault: b.vault, deskName: 'Bench desk B', createAccounts: false, mode: o.screen ? 'browser' : 'cli' });
    const heard: { at: number; frozen: number }[] = [];
    deskB.core.events.subscribe((name, payload) => {
      if (name === 'control.freezeChanged') heard.push({ at: now(), frozen: (payload as EventPayload<'control.freezeChanged'>).frozen.length });
    });
    const op = await deskA.signedIn('operator');
    const sup = await deskA.signedIn('supervisor');
    const A = deskA;
    let refreshedAt = 0;
    /** Freezes or unfreezes all on desk A; resolves with now() just before the call. */
    const callOnA = async (freeze: boolean): Promise<number> => {
      // Unfreezing needs a supervisor with a fresh passphrase (fresh for 5 minutes).
      if (!freeze && Date.now() - refreshedAt > 60_000) {
        await A.refresh(sup, 'supervisor');
        refreshedAt = Date.now();
      }
      const t0 = now();
      const r = freeze ? await A.core.dispatch('control.freeze', { scope: allChannels, reason: '' }, op) : await A.core.dispatch('control.unfreeze', { scope: allChannels }, sup);
      if (!r.ok) throw new Error(`${freeze ? 'freeze' : 'unfreeze'} on desk A failed: ${r.error.message}`);
      return t0;
    };
    const step = async (freeze: boolean): Promise<number> => {
      const from = heard.length;
      const t0 = await callOnA(freeze);
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
    const busRow = samplesRow(rowId, metric, 'ms', samples, {
      budget,
      note: 'Two createCore desks in one process on a local PostgreSQL 15 (127.0.0.1); through core.dispatch, no UI. Half freezes, half unfreezes.',
    });
    if (!o.screen) return [busRow, ...teamScreenNotMeasured(o.screenMissing)];
    const busAt = (freeze: boolean, since: number): number | null => heard.find((h) => h.at >= since && (h.frozen > 0) === freeze)?.at ?? null;
    try {
      return [busRow, ...(await benchTeamScreen(o.screen, { deskB: deskB.core, callOnA, busAt, pairs: o.screenPairs }, log))];
    } catch (err) {
      // The bus row stands on its own: a screen that breaks leaves only its rows not measured.
      const why = `the screen part failed: ${(err as Error).message.split('\n')[0]}`;
      log(`team: ${why}`);
      return [busRow, ...teamScreenNotMeasured(why)];
    }
  } finally {
    const problems = [...(deskA?.problems ?? []), ...(deskB?.problems ?? [])];
    if (problems.length) log(`team: the desks logged ${problems.length} problem(s): ${problems.slice(0, 5).join(' | ')}`);
    await deskB?.close();
    await deskA?.close();
    await server?.stop();
  }
}
