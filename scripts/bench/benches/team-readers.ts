// Team mode, one reader per channel: desks (cores) on one real PostgreSQL database reading the SAME
// demo X server, only the holder of the channel's reader lease reading it.
// - team.takeover: the reading desk closes (it releases its lease); the sample is the time from the
//   start of its close() to the first completed read of X on the desk that takes over.
// - team.takeoverLost: the reading desk loses the database: each desk reaches PostgreSQL through its
//   own loopback TCP proxy (test/helpers/toggle-proxy.ts), and the reader's proxy is taken away (its
//   connections cut, new ones refused; the desk keeps running and can still reach X). The sample is
//   the time from the cut to the first completed read of X on another desk. Bounded by the lease
//   (4 s) plus the asking interval (0.5 s) plus a read: budget 5 s.
// - team.detect1 / team.detect2 / team.detect3: detection (attacker's post on X -> feed.items on a
//   desk's bus) with one desk, and with two and three desks measured on a desk that does NOT read X
//   (it hears the item through LISTEN/NOTIFY): should be the same, one read per bureau.
// Needs Debian's postgresql; without it the rows say so and nothing is measured.
import type { ConnectChannelInput } from '../../../electron/shared/contract-channels';
import { splitSecrets, storeSecrets } from '../../../electron/core/channels/connections';
import { demoConnections } from '../../../electron/demo/plugin';
import { startDemoNewsroom, type DemoNewsroom } from '../../../electron/demo/newsroom';
import { attackerClients } from '../../../electron/demo/replay';
import { migratePostgres } from '../../../electron/store/postgres/migrate';
import { peerVerdict } from '../../../test/helpers/peers.mjs';
import { startPostgres, type PostgresServer } from '../../../test/helpers/postgres';
import { startToggleProxy, type ToggleProxy } from '../../../test/helpers/toggle-proxy';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { notMeasuredRow, samplesRow, type Row } from '../report';
import { now, waitFor } from '../timing';
import { keychainFor } from '../../../test/helpers/desk-keychain';

export const teamReaderRows: [string, string, string][] = [
  ['team.takeover', 'reader takeover: reading desk closes -> first read on the desk taking over', 'ms'],
  ['team.takeoverLost', 'reader takeover: reading desk loses the database -> first read on another desk', 'ms'],
  ['team.detect1', 'detection with 1 desk: attacker post on X -> feed.items', 'ms'],
  ['team.detect2', 'detection with 2 desks: attacker post on X -> feed.items on the desk not reading X', 'ms'],
  ['team.detect3', 'detection with 3 desks: attacker post on X -> feed.items on a desk not reading X', 'ms'],
];

export interface TeamReaderPlan {
  /** Takeovers after the reading desk closes. */
  readonly takeovers: number;
  /** Takeovers after the reading desk loses the database. */
  readonly lostTakeovers: number;
  /** Attacker posts per detection row. */
  readonly detections: number;
}

interface Desk {
  readonly bench: BenchCore;
  /** This desk's way to PostgreSQL: offline() is the desk losing the database. */
  readonly proxy: ToggleProxy;
  /** now() of each completed read of X on this desk. */
  readonly reads: number[];
  /** now() at which each X item id reached this desk's feed.items. */
  readonly items: Map<string, number>;
}

export async function benchTeamReaders(plan: TeamReaderPlan, log: (line: string) => void): Promise<Row[]> {
  const { takeovers, lostTakeovers, detections } = plan;
  const verdict = peerVerdict(['postgresql']);
  if (verdict.action !== 'run') return teamReaderRows.map(([id, metric, unit]) => notMeasuredRow(id, metric, unit, `PostgreSQL is not available here (${verdict.message})`));
  let server: PostgresServer | null = null;
  let newsroom: DemoNewsroom | null = null;
  const live = new Set<Desk>();
  let xId = '';
  let xInput: ConnectChannelInput | null = null;
  let appUrl = '';
  let pg: { host: string; port: number } | null = null;
  let count = 0;
  const problems: string[] = [];

  const openDesk = async (): Promise<Desk> => {
    if (!xInput || !pg) throw new Error('not set up');
    const proxy = await startToggleProxy(pg.host, pg.port);
    const viaProxy = new URL(appUrl);
    viaProxy.port = String(proxy.port);
    const k = await keychainFor(viaProxy.toString());
    const first = count++ === 0;
    if (!first) {
      await storeSecrets(k.vault, xId, splitSecrets(xInput).secrets);
    }
    const bench = await startBenchCore({ databaseUrl: k.url, vault: k.vault, deskName: `Bench desk ${count}`, createAccounts: first });
    const desk: Desk = { bench, proxy, reads: [], items: new Map() };
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
    try {
      await desk.bench.close();
    } finally {
      await desk.proxy.close();
    }
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
    pg = { host: server.host, port: server.port };
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
    // Detection with three desks, on the two not reading X in turn.
    await openDesk();
    const reader3 = await readerOf([...live]);
    const others3 = [...live].filter((d) => d !== reader3);
    const detect3: number[] = [];
    for (let i = 0; i < detections; i++) detect3.push(await detect(others3[i % others3.length]!));
    log(`team readers: detection with 1, 2 and 3 desks (${detections} posts each); with 2 and 3 measured on a desk not reading X`);

    /** One takeover: `stop` takes the reading desk away; the sample runs until another desk's first read. */
    const takeoverAfter = async (stop: (reader: Desk) => Promise<void>, what: string): Promise<{ sample: number; reader: Desk }> => {
      const desks = [...live];
      const r = await readerOf(desks);
      const standby = desks.filter((d) => d !== r);
      const from = standby.map((d) => d.reads.length);
      const t0 = now();
      await stop(r);
      const first = await waitFor(what, () => {
        const i2 = standby.findIndex((d, j) => d.reads.length > (from[j] ?? 0));
        return i2 < 0 ? null : standby[i2]?.reads[from[i2] ?? 0];
      }, 20_000, 2);
      return { sample: first - t0, reader: r };
    };

    // Takeover on close: the reader closes, a standby desk takes over; a new standby joins.
    const takeover: number[] = [];
    for (let i = 0; i < takeovers; i++) {
      takeover.push((await takeoverAfter(closeDesk, 'the first read on the desk taking over')).sample);
      await openDesk();
    }
    log(`team readers: ${takeovers} takeovers after the reading desk closed`);

    // Takeover on a lost database: the reader's way to PostgreSQL is cut while it runs.
    const takeoverLost: number[] = [];
    for (let i = 0; i < lostTakeovers; i++) {
      const { sample, reader } = await takeoverAfter((r) => r.proxy.offline(), 'the first read on a desk after the reader lost the database');
      takeoverLost.push(sample);
      // Given the database back only to be closed (a desk that lost it cannot release its leases).
      await reader.proxy.online();
      await closeDesk(reader).catch((err: unknown) => problems.push(`closing the cut-off desk: ${(err as Error).message}`));
      await openDesk();
    }
    log(`team readers: ${lostTakeovers} takeovers after the reading desk lost the database`);

    if (problems.length) log(`team readers: the desks logged ${problems.length} problem(s): ${problems.slice(0, 5).join(' | ')}`);
    const note = 'createCore desks in one process on a local PostgreSQL 15 (127.0.0.1), reading the demo X server; lease 4 s, renewed every 1.5 s, asked for every 0.5 s; poll interval 1 s.';
    return [
      samplesRow('team.takeover', teamReaderRows[0]![1], 'ms', takeover, { budget: { stat: 'p95', op: '<=', limit: 5000 }, note }),
      samplesRow('team.takeoverLost', teamReaderRows[1]![1], 'ms', takeoverLost, {
        budget: { stat: 'p95', op: '<=', limit: 5000 },
        note: `${note} Three desks, each reaching PostgreSQL through its own loopback TCP proxy; the reader's proxy is cut (connections destroyed, new ones refused) while the desk runs: from the cut to the first read of X on another desk.`,
      }),
      samplesRow('team.detect1', teamReaderRows[2]![1], 'ms', detect1, { note }),
      samplesRow('team.detect2', teamReaderRows[3]![1], 'ms', detect2, { note: `${note} Measured on the desk that does not read X: the item reaches it by LISTEN/NOTIFY.` }),
      samplesRow('team.detect3', teamReaderRows[4]![1], 'ms', detect3, { note: `${note} Measured on the two desks that do not read X, in turn: the item reaches them by LISTEN/NOTIFY.` }),
    ];
  } finally {
    for (const d of [...live]) await closeDesk(d).catch(() => undefined);
    await newsroom?.stop();
    await server?.stop();
  }
}
