// Team mode, one reader per channel: desks (cores) on one real PostgreSQL database reading the SAME
// demo X server, only the holder of the channel's reader lease reading it.
// - team.takeover: the reading desk closes (it releases its lease); the sample is the time from the
//   start of its close() to the first completed read of X on the desk that takes over.
// - team.takeoverLost: the reading desk loses the database (as a dead desk looks to the others);
//   not measured yet (see the row: a cut-off desk cannot be closed cleanly because of the outbox
//   loop). Bounded by the lease (4 s) plus the asking interval (0.5 s) plus a read: budget 5 s.
// - team.detect1 / team.detect2: detection (attacker's post on X -> feed.items on a desk's bus)
//   with one desk, and with two desks measured on the desk that does NOT read X (it hears the item
//   through LISTEN/NOTIFY): should be the same, one read per bureau.
// Needs Debian's postgresql; without it the rows say so and nothing is measured.
import type { ConnectChannelInput } from '../../../electron/shared/contract-channels';
import { splitSecrets, storeSecrets } from '../../../electron/core/channels/connections';
import { demoConnections } from '../../../electron/demo/plugin';
import { startDemoNewsroom, type DemoNewsroom } from '../../../electron/demo/newsroom';
import { attackerClients } from '../../../electron/demo/replay';
import { migratePostgres } from '../../../electron/store/postgres/migrate';
import { peerVerdict } from '../../../test/helpers/peers.mjs';
import { startPostgres, type PostgresServer } from '../../../test/helpers/postgres';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { notMeasuredRow, samplesRow, type Row } from '../report';
import { now, waitFor } from '../timing';
import { keychainFor } from '../../../test/helpers/desk-keychain';

export const teamReaderRows: [string, string, string][] = [
  ['team.takeover', 'reader takeover: reading desk closes -> first read on the desk taking over', 'ms'],
  ['team.takeoverLost', 'reader takeover: reading desk loses the database -> first read on another desk', 'ms'],
  ['team.detect1', 'detection with 1 desk: attacker post on X -> feed.items', 'ms'],
  ['team.detect2', 'detection with 2 desks: attacker post on X -> feed.items on the desk not reading X', 'ms'],
];

interface Desk {
  readonly bench: BenchCore;
  /** now() of each completed read of X on this desk. */
  readonly reads: number[];
  /** now() at which each X item id reached this desk's feed.items. */
  readonly items: Map<string, number>;
}

export async function benchTeamReaders(takeovers: number, detections: number, log: (line: string) => void): Promise<Row[]> {
  const verdict = peerVerdict(['postgresql']);
  if (verdict.action !== 'run') return teamReaderRows.map(([id, metric, unit]) => notMeasuredRow(id, metric, unit, `PostgreSQL is not available here (${verdict.message})`));
  let server: PostgresServer | null = null;
  let newsroom: DemoNewsroom | null = null;
  const live = new Set<Desk>();
  let xId = '';
  let xInput: ConnectChannelInput | null = null;
  let appUrl = '';
  let count = 0;
  const problems: string[] = [];

  const openDesk = async (): Promise<Desk> => {
    if (!xInput) throw new Error('not set up');
    const k = await keychainFor(appUrl);
    const first = count++ === 0;
    if (!first) {
      await storeSecrets(k.vault, xId, splitSecrets(xInput).secrets);
    }
    const bench = await startBenchCore({ databaseUrl: k.url, vault: k.vault, deskName: `Bench desk ${count}`, createAccounts: first });
    const desk: Desk = { bench, reads: [], items: new Map() };
    live.add(desk);
    bench.core.events.subscribe((name, payload) => {
      if (name !== 'feed.items') return;
      const p = payload as { channelId: string; items: { itemId: string }[] };
      const t = now();
      if (p.channelId === xId) for (const i of p.items) if (!desk.items.has(i.itemId)) desk.items.set(i.itemId, t);
    });
    bench.core.channels.monitor.subscribe({
      health: (r) => {
        if (r.channelId === xId && r.lastReadAt !== null) desk.reads.push(now());
      },
    });
    if (first) await bench.core.settings.set('demo.enabled', 'false', new Date());
    await bench.core.startChannels();
    if (first) xId = (await bench.core.channels.connect(xInput)).id;
    return desk;
  };
  const closeDesk = async (desk: Desk): Promise<void> => {
    live.delete(desk);
    problems.push(...desk.bench.problems.filter((p) => !p.includes('lease')));
    await desk.bench.close();
  };
  const readerOf = async (desks: readonly Desk[]): Promise<Desk> => {
    // The desk whose reads keep coming: the one holding the lease.
    const from = desks.map((d) => d.reads.length);
    return waitFor('a desk reading X', () => desks.find((d, i) => d.reads.length > (from[i] ?? 0) + 1), 20_000);
  };

  try {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    appUrl = db.appUrl;
    newsroom = await startDemoNewsroom({ xLimits: { timeline: 100_000, create: 10_000 } });
    xInput = demoConnections(newsroom).find((c) => c.input.kind === 'x')?.input ?? null;
    const attacker = attackerClients(newsroom.info());

    // Detection with one desk.
    const solo = await openDesk();
    await readerOf([solo]);
    const detect = async (on: Desk): Promise<number> => {
      const t0 = now();
      const id = await attacker.post({ channel: 'x', text: `Breaking: detection probe ${count}-${on.items.size}-${Math.random().toString(36).slice(2, 8)}` });
      const at = await waitFor('the post on the desk\'s feed', () => on.items.get(id), 20_000, 2);
      return at - t0;
    };
    const detect1: number[] = [];
    for (let i = 0; i < detections; i++) detect1.push(await detect(solo));

    // Detection with two desks, on the one not reading X.
    const second = await openDesk();
    const reader = await readerOf([solo, second]);
    const other = reader === solo ? second : solo;
    const detect2: number[] = [];
    for (let i = 0; i < detections; i++) detect2.push(await detect(other));
    log(`team readers: detection with 1 desk and with 2 desks (${detections} posts each); the second measured on the desk not reading X`);

    // Takeover on close: the reader closes, a standby desk takes over; a new standby joins.
    const takeover: number[] = [];
    for (let i = 0; i < takeovers; i++) {
      const desks = [...live];
      const r = await readerOf(desks);
      const standby = desks.filter((d) => d !== r);
      const from = standby.map((d) => d.reads.length);
      const t0 = now();
      await closeDesk(r);
      const first = await waitFor('the first read on the desk taking over', () => {
        const i2 = standby.findIndex((d, j) => d.reads.length > (from[j] ?? 0));
        return i2 < 0 ? null : standby[i2]?.reads[from[i2] ?? 0];
      }, 20_000, 2);
      takeover.push(first - t0);
      await openDesk();
    }
    log(`team readers: ${takeovers} takeovers after the reading desk closed`);

    if (problems.length) log(`team readers: the desks logged ${problems.length} problem(s): ${problems.slice(0, 5).join(' | ')}`);
    const note = 'createCore desks in one process on a local PostgreSQL 15 (127.0.0.1), reading the demo X server; lease 4 s, renewed every 1.5 s, asked for every 0.5 s; poll interval 1 s.';
    return [
      samplesRow('team.takeover', teamReaderRows[0]![1], 'ms', takeover, { budget: { stat: 'p95', op: '<=', limit: 5000 }, note }),
      notMeasuredRow('team.takeoverLost', teamReaderRows[1]![1], 'ms', 'a desk cut off from the database cannot be closed cleanly yet: its outbox loop rejects unhandled (outbox.ts nextWaitMs) and close() rethrows it, leaving its monitor running; bounded by design by the lease (4 s) + asking interval (0.5 s) + one read', { budget: { stat: 'p95', op: '<=', limit: 5000 } }),
      samplesRow('team.detect1', teamReaderRows[2]![1], 'ms', detect1, { note }),
      samplesRow('team.detect2', teamReaderRows[3]![1], 'ms', detect2, { note: `${note} Measured on the desk that does not read X: the item reaches it by LISTEN/NOTIFY.` }),
    ];
  } finally {
    for (const d of [...live]) await closeDesk(d).catch(() => undefined);
    await newsroom?.stop();
    await server?.stop();
  }
}
