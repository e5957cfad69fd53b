// Exactly once across desks, on REAL PostgreSQL: several desks (control services, each with its own
// desk id, adapters and pool; the killed ones child processes) share one database and fan out
// statements to the demo channels. Counted at the demo servers, every channel holds every statement
// exactly once: with three desks fanning out at once, with a desk SIGKILLed mid-fan-out (another
// desk takes its claims over after their lease and settles them by reading the channel), and with
// a zombie desk whose late completion carries a fencing token that has been superseded.
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelAdapter, Variant } from '../../electron/channels/types';
import type { OutboxRow } from '../../electron/store/records';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { collect } from '../helpers/audit-test-kit';
import { bureauAdapters, startDemoChannels, type DemoChannels } from '../helpers/control-demo';
import { supervisor } from '../helpers/control-test-kit';
import { crashChildren, type CrashChild, type CrashChildren } from '../helpers/crash-child';
import { describeWithPeers } from '../helpers/peer-suite';
import { openPgDesk, type PgDesk } from '../helpers/pg-desk';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { channel } from '../helpers/store-contract-fixtures';

const settleAfterMs = 300;
/** The killed desks' lease: short, so that the survivor's takeover comes within the test. */
const childLeaseMs = 800;
// 10 runs took 12.5 s here and 30 about three times that: 30, as the issue asks.
const killedRuns = 30;

interface Statement {
  readonly statementId: string;
  readonly approvers: string[];
  readonly variants: Record<string, Variant>;
  readonly actor: typeof supervisor;
  /** What each demo server's counter is keyed by, per channel. */
  readonly keys: Record<string, string>;
}

describeWithPeers(['postgresql'], 'exactly once across desks on PostgreSQL', () => {
  let server: PostgresServer;
  let appUrl = '';
  let demo: DemoChannels;
  let children: CrashChildren;
  const desks: PgDesk[] = [];
  const accepted = new Map<string, Map<string, number>>([['x', new Map()], ['email', new Map()], ['website', new Map()]]);
  const count = (ch: string, key: string): void => {
    const m = accepted.get(ch)!;
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  const times = (ch: string, key: string): number => accepted.get(ch)?.get(key) ?? 0;

  const statementFor = (name: string, channels: readonly string[]): Statement => {
    const tag = `${name} ${randomUUID().slice(0, 8)}`;
    const all: Record<string, Variant> = {
      x: { title: null, text: `${tag}: a holding statement.`, html: null },
      email: { title: tag, text: 'A holding statement for subscribers.', html: null },
      website: { title: tag, text: '<p>A holding statement.</p>', html: '<p>A holding statement.</p>' },
    };
    const variants = Object.fromEntries(channels.map((c) => [c, all[c]!]));
    return { statementId: name.replace(/\W+/g, '-'), approvers: ['sup-2', 'sup-3'], variants, actor: supervisor, keys: { x: `${tag}: a holding statement.`, email: tag, website: tag } };
  };
  const desk = async (owner: string, adapters: Map<string, ChannelAdapter>, leaseMs?: number): Promise<PgDesk> => {
    const d = await openPgDesk({ url: appUrl, owner, adapters, settleAfterMs, ...(leaseMs !== undefined ? { leaseMs } : {}) });
    desks.push(d);
    return d;
  };
  const without = (id: string): Map<string, ChannelAdapter> => {
    const m = bureauAdapters(demo.config);
    m.delete(id);
    return m;
  };
  /** Every desk looks at the queue until every row of these statements is sent (bounded by passes, not time). */
  const drain = async (by: readonly PgDesk[], statements: readonly Statement[]): Promise<OutboxRow[]> => {
    for (let pass = 0; ; pass++) {
      const rows = (await Promise.all(statements.map((s) => by[0]!.store.control.outboxByStatement(s.statementId)))).flat();
      const expected = statements.reduce((n, s) => n + Object.keys(s.variants).length, 0);
      if ((rows.length === expected && rows.every((r) => r.status === 'sent')) || pass >= 200) return rows;
      await Promise.all(by.map((d) => d.service.outbox.runDue()));
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const exactlyOnce = (statements: readonly Statement[]): { duplicates: number; misses: number } => {
    let duplicates = 0;
    let misses = 0;
    for (const s of statements) {
      for (const ch of Object.keys(s.variants)) {
        const n = times(ch, s.keys[ch]!);
        if (n === 0) misses++;
        if (n > 1) duplicates += n - 1;
      }
    }
    return { duplicates, misses };
  };

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    appUrl = db.appUrl;
    demo = await startDemoChannels();
    demo.x.onAccepted((e) => e.integration === 'bureau' && count('x', e.text));
    demo.email.onAccepted((b) => b.submittedBy === 'bureau' && b.subject !== null && count('email', b.subject));
    demo.wp?.onAccepted((p) => p.reason === 'created' && count('website', p.title));
    const setup = await openPgDesk({ url: appUrl, owner: 'setup', adapters: new Map() });
    for (const c of demo.channelKinds) await setup.store.channels.upsert(channel(c.id, { kind: c.kind }));
    await setup.close();
    children = crashChildren('team-outbox');
  }, 60_000);

  afterAll(async () => {
    children?.close();
    for (const d of desks) await d.close();
    await demo?.close();
    await server?.stop();
  });

  it('15 fan-outs started at once on three desks: none gives up on a serialization failure; every channel holds every statement exactly once; a desk without a channel never claims its rows', async () => {
    const a = await desk('desk-a', bureauAdapters(demo.config));
    const b = await desk('desk-b', bureauAdapters(demo.config));
    // Desk C's keychain has no website credential.
    const c = await desk('desk-c', without('website'));
    const plan = [[a, ['x', 'email', 'website']], [b, ['x', 'email', 'website']], [c, ['x', 'email']]] as const;
    // 15 fan-outs started at the same instant, five on each desk, while every desk also works the
    // whole queue. Odd ones are only enqueued, so the three desks then race for their rows.
    const statements: Statement[] = plan.flatMap(([d, channels]) => [0, 1, 2, 3, 4].map((i) => statementFor(`together ${d.owner} ${i}`, channels)));
    const enqueuedOn = (s: Statement): PgDesk => plan.find(([d]) => s.statementId.includes(d.owner))![0];
    await Promise.all([
      ...statements.map((s, i) => (i % 2 === 0 ? enqueuedOn(s).service.outbox.fanOut(s) : enqueuedOn(s).service.outbox.enqueue(s))),
      ...[a, b, c].map((d) => d.service.outbox.runDue()),
    ]);
    const rows = await drain([a, b, c], statements);
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
    const enqueuer = (r: OutboxRow): string => r.statementId.split('-')[1] + '-' + r.statementId.split('-')[2];
    console.log(`[team-outbox] three desks: ${rows.length} rows, ${rows.filter((r) => r.claimedBy !== enqueuer(r)).length} sent by a desk other than the one that enqueued them`);
    expect(exactlyOnce(statements)).toEqual({ duplicates: 0, misses: 0 });
    for (const s of statements) expect(demo.x.tweets().filter((t) => t.text === s.keys['x']).length).toBe(1);
    expect(rows.filter((r) => r.channelId === 'website').map((r) => r.claimedBy).filter((o) => o === 'desk-c')).toEqual([]);

    // A row for the website, enqueued on desk A: desk C works the queue and leaves it; desk B sends it.
    const s = statementFor('left for another desk', ['x', 'email', 'website']);
    await a.service.outbox.enqueue(s);
    await c.service.outbox.runDue();
    const afterC = await a.store.control.outboxByStatement(s.statementId);
    expect(afterC.map((r) => [r.channelId, r.status, r.claimedBy])).toEqual([['x', 'sent', 'desk-c'], ['email', 'sent', 'desk-c'], ['website', 'queued', null]]);
    await b.service.outbox.runDue();
    expect((await a.store.control.outboxByStatement(s.statementId)).map((r) => [r.channelId, r.status, r.claimedBy])).toEqual([['x', 'sent', 'desk-c'], ['email', 'sent', 'desk-c'], ['website', 'sent', 'desk-b']]);
    expect(exactlyOnce([s])).toEqual({ duplicates: 0, misses: 0 });
  }, 120_000);

  it(`a desk SIGKILLed mid-fan-out: another desk takes its claims over after the lease, settles them by reading the channel, and each channel holds the statement exactly once (${killedRuns} runs)`, async () => {
    const survivor = await desk('desk-survivor', bureauAdapters(demo.config));
    const spawnChild = (run: number): CrashChild => children.spawn({ databaseUrl: appUrl, owner: `desk-killed-${run}`, leaseMs: childLeaseMs, channels: demo.config, settleAfterMs });
    // Calibrate the kill window on one uninterrupted fan-out.
    const calibration = spawnChild(-1);
    await calibration.ready;
    const first = statementFor('killed calibration', ['x', 'email', 'website']);
    calibration.proc.stdin.write(`${JSON.stringify(first)}\n`);
    const done = await calibration.finished;
    expect(done).toMatch(/^done \d+ sent,sent,sent$/);
    const window = Math.ceil(Number(done?.split(' ')[1]) * 1.2) + 5;
    const statements: Statement[] = [first];
    const landed = { claimed: 0, queued: 0, none: 0, allSent: 0, takenOver: 0 };
    const spares = [spawnChild(0), spawnChild(1)];
    for (let run = 0; run < killedRuns; run++) {
      const child = spares.shift()!;
      spares.push(spawnChild(run + 2));
      await child.ready;
      const s = statementFor(`killed run ${run}`, ['x', 'email', 'website']);
      statements.push(s);
      child.proc.stdin.write(`${JSON.stringify(s)}\n`);
      await new Promise((r) => setTimeout(r, Math.floor(((run + randomInt(0, 1000) / 1000) * window) / killedRuns)));
      child.proc.kill('SIGKILL');
      await child.exited;
      const left = await survivor.store.control.outboxByStatement(s.statementId);
      if (left.length === 0) landed.none++;
      else if (left.some((r) => r.status === 'claimed' || r.status === 'unknown')) landed.claimed++;
      else if (left.some((r) => r.status === 'queued')) landed.queued++;
      else landed.allSent++;
      const killedClaims = new Set(left.filter((r) => r.status === 'claimed' || r.status === 'unknown').map((r) => r.id));
      await survivor.service.outbox.fanOut(s);
      const rows = await drain([survivor], [s]);
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      // What the dead desk left claimed, the survivor finished under a newer fence.
      for (const r of rows.filter((r) => killedClaims.has(r.id))) {
        expect(r.claimedBy).toBe('desk-survivor');
        landed.takenOver++;
      }
    }
    for (const c of spares) c.proc.kill('SIGKILL');
    await Promise.all(spares.map((c) => c.exited));
    console.log(`[team-outbox] ${killedRuns} SIGKILLed desks (kills across 0-${window} ms): ${JSON.stringify(landed)}; ${JSON.stringify(exactlyOnce(statements))}`);
    expect(exactlyOnce(statements)).toEqual({ duplicates: 0, misses: 0 });
    for (const s of statements) expect(demo.x.tweets().filter((t) => t.text === s.keys['x']).length).toBe(1);
    // Most kills must land mid-fan-out, or the test proves little.
    expect(landed.claimed + landed.queued).toBeGreaterThan(killedRuns / 3);
  }, 240_000);

  it("a zombie desk's late completion under a superseded fencing token is refused; the desk that took over settles the send by reading the channel", async () => {
    let posted: () => void = () => undefined;
    let release: () => void = () => undefined;
    const postedP = new Promise<void>((r) => (posted = r));
    const releaseP = new Promise<void>((r) => (release = r));
    const zx = bureauAdapters(demo.config).get('x')!;
    // The zombie's post lands at the channel, then its answer is held back (a stalled desk).
    const zombieX: ChannelAdapter = { ...zx, readSince: (c) => zx.readSince(c), publish: async (v, hint, images) => {
      const result = await zx.publish(v, hint, images);
      posted();
      await releaseP;
      return result;
    } };
    let reading: () => void = () => undefined;
    let readOn: () => void = () => undefined;
    const readingP = new Promise<void>((r) => (reading = r));
    const readOnP = new Promise<void>((r) => (readOn = r));
    const tx = bureauAdapters(demo.config).get('x')!;
    const takerX: ChannelAdapter = { ...tx, publish: (v, hint, images) => tx.publish(v, hint, images), readSince: async (c) => {
      reading();
      await readOnP;
      return tx.readSince(c);
    } };
    // A lease of 0: the zombie's claim is another desk's to take over at once.
    const zombie = await desk('desk-zombie', new Map([['x', zombieX]]), 0);
    const taker = await desk('desk-taker', new Map([['x', takerX]]));
    const s = statementFor('zombie', ['x']);
    const zombieDone = zombie.service.outbox.fanOut(s);
    await postedP;
    const takerDone = taker.service.outbox.runDue();
    await readingP;
    const [taken] = await taker.store.control.outboxByStatement(s.statementId);
    expect(taken).toMatchObject({ status: 'unknown', claimedBy: 'desk-taker', fence: 2, attempts: 1 });
    // The zombie's answer arrives now: its completion names fence 1 and changes nothing.
    release();
    await zombieDone;
    expect((await taker.store.control.outboxByStatement(s.statementId))[0]).toMatchObject({ status: 'unknown', claimedBy: 'desk-taker', fence: 2, itemId: null, sentAt: null });
    readOn();
    await takerDone;
    const [row] = await taker.store.control.outboxByStatement(s.statementId);
    const tweets = demo.x.tweets().filter((t) => t.text === s.keys['x']);
    expect(tweets.length).toBe(1);
    expect(row).toMatchObject({ status: 'sent', claimedBy: 'desk-taker', fence: 2, itemId: tweets[0]!.id });
    const actions = await taker.store.audit.read(async (r) => (await collect(r.entriesFrom(1))).filter((e) => e.target === `x:${s.statementId}`).map((e) => e.action));
    // Settled by the read, once; no publish recorded for the zombie's answer.
    expect(actions).toEqual(['outbox.settled']);
  }, 60_000);
});
