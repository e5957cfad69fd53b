// Exactly once across desks, on REAL PostgreSQL: several desks (control services, each with its own
// desk id, adapters and pool; the killed ones child processes) share one database and fan out
// statements to the demo channels. Counted at the demo servers, every channel holds every statement
// exactly once: with 15 fan-outs started at once on three desks, with three desk processes working
// the queue while a random one is SIGKILLed at a random point (the others take its claims over after
// their lease and settle them by reading the channel), and with a zombie desk whose late completion
// carries a fencing token that has been superseded.
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../electron/channels/types';
import type { OutboxRow } from '../../electron/store/records';
import { collect } from '../helpers/audit-test-kit';
import { bureauAdapters, type DemoChannels } from '../helpers/control-demo';
import { crashChildren, type CrashChild, type CrashChildren } from '../helpers/crash-child';
import { describeWithPeers } from '../helpers/peer-suite';
import { openPgDesk, type PgDesk } from '../helpers/pg-desk';
import { drain, rowsOf, startTeamBureau, statementFor, type DemoCounts, type TeamBureau, type TeamStatement as Statement } from '../helpers/team-fanout';

const settleAfterMs = 300;
/**
 * The three desk processes' lease and settle wait: not shorter, because a LIVE desk's claim can be
 * taken over too, and a desk stalled past both before its post lands is the known limit (README):
 * on this 2-core machine at load 15, 0.8 s and 0.3 s gave 6 duplicates in 30 runs.
 */
const processLeaseMs = 3_000;
/** Kills land at random points of the first part of a fan-out (its full length varies with load). */
const maxKillWindowMs = 1_500;
// 30, as the issue asks.
const killedRuns = 30;

describeWithPeers(['postgresql'], 'exactly once across desks on PostgreSQL', () => {
  let bureau: TeamBureau;
  let appUrl = '';
  let demo: DemoChannels;
  let children: CrashChildren;
  const desks: PgDesk[] = [];
  let counts: DemoCounts;
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
  const exactlyOnce = (statements: readonly Statement[]): { duplicates: number; misses: number } => counts.exactlyOnce(statements);

  beforeAll(async () => {
    // Over a hundred tweets: more than the demo X server's 100 posts per 15 minutes (X's own limit).
    bureau = await startTeamBureau({ xLimits: { create: 1_000 } });
    ({ appUrl, demo, counts } = bureau);
    children = crashChildren('team-outbox');
  }, 60_000);

  afterAll(async () => {
    children?.close();
    for (const d of desks) await d.close();
    await bureau?.close();
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

  it(`three desk processes work the queue while a random one is SIGKILLed at a random point (${killedRuns} runs): the others take its claims over after the lease, settle them by reading the channel, and every channel holds every statement exactly once`, async () => {
    const began = performance.now();
    const observer = await desk('desk-observer', new Map());
    let spawned = 0;
    interface LiveDesk { readonly owner: string; readonly child: CrashChild }
    // A desk process that stays: it fans out what it is given and works the whole queue every 100 ms.
    const spawnDesk = (): LiveDesk => {
      const owner = `desk-proc-${spawned++}`;
      return { owner, child: children.spawn({ databaseUrl: appUrl, owner, leaseMs: processLeaseMs, channels: demo.config, settleAfterMs: processLeaseMs, workEveryMs: 100 }) };
    };
    /** What each desk was asked to fan out: a dead desk's user publishes again what never reached the queue. */
    const given = new Map<string, Statement[]>();
    const give = (d: LiveDesk, s: Statement): void => {
      given.set(d.owner, [...(given.get(d.owner) ?? []), s]);
      d.child.proc.stdin.write(`${JSON.stringify(s)}\n`);
    };
    const live = [spawnDesk(), spawnDesk(), spawnDesk()];
    let spare = spawnDesk();
    await Promise.all(live.map((d) => d.child.ready));
    /** Polls until every row of `batch` is sent (bounded); returns the rows as they last stood. */
    const allSent = async (batch: readonly Statement[], maxPolls = 600, onRows?: (rows: readonly OutboxRow[]) => void): Promise<OutboxRow[]> => {
      let rows: OutboxRow[] = [];
      for (let polls = 0; polls < maxPolls; polls++) {
        rows = await rowsOf(observer, batch);
        onRows?.(rows);
        if (rows.length === batch.length * 3 && rows.every((r) => r.status === 'sent')) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      return rows;
    };
    // Calibrate the kill window on one uninterrupted run of the same shape: each of the three desks
    // fans out one statement at once, contending for the one lock, until every row is sent. (One
    // desk alone was measured before: under load its window ended before most desks had even
    // enqueued, and most kills landed before the fan-out.)
    const first = live.map((d) => statementFor(`processes calibration ${d.owner}`, ['x', 'email', 'website']));
    const calibrating = performance.now();
    let enqueuedMs = 0;
    live.forEach((d, i) => give(d, first[i]!));
    const calibrated = await allSent(first, 600, (rows) => {
      if (enqueuedMs === 0 && rows.length === first.length * 3) enqueuedMs = performance.now() - calibrating;
    });
    expect(calibrated.map((r) => r.status)).toEqual(first.flatMap(() => ['sent', 'sent', 'sent']));
    const window = Math.min(maxKillWindowMs, Math.ceil((performance.now() - calibrating) * 1.2) + 5);
    // Kills start halfway to the moment every desk had enqueued: a few still land before the fan-out.
    const from = Math.min(Math.floor(enqueuedMs / 2), Math.floor(window / 2));
    const statements: Statement[] = [...first];
    const landed = { claimed: 0, queued: 0, none: 0, allSent: 0, midFanOut: 0, takenOver: 0 };
    const killedDesks = new Map<number, number>([[0, 0], [1, 0], [2, 0]]);
    /** Row id -> the dead desk that held its claim when it was killed. */
    const killedClaims = new Map<number, string>();
    let rows: OutboxRow[] = [];
    let runsMs = 0;
    const stopAll = async (): Promise<void> => {
      for (const d of [...live, spare]) d.child.proc.kill('SIGKILL');
      await Promise.all([...live, spare].map((d) => d.child.exited));
    };
    try {
    for (let run = 0; run < killedRuns; run++) {
      // Each of the three desks fans out a statement of its own; all three work the whole queue.
      const batch = live.map((d) => statementFor(`processes run ${run} ${d.owner}`, ['x', 'email', 'website']));
      statements.push(...batch);
      live.forEach((d, i) => give(d, batch[i]!));
      const victim = randomInt(0, 3);
      if (run % 5 === 4) {
        // Every fifth kill at a random moment of the run's window: before, during or after the fan-out.
        await new Promise((r) => setTimeout(r, from + randomInt(0, window - from + 1)));
      } else {
        // The others while the victim holds a claim (how long a run takes varies with the load too
        // much for a time window alone): once one is seen, a random few milliseconds more.
        const deadline = performance.now() + window;
        while (performance.now() < deadline && !(await observer.store.control.outboxIn(['claimed'])).some((r) => r.claimedBy === live[victim]!.owner)) {
          await new Promise((r) => setTimeout(r, 2));
        }
        await new Promise((r) => setTimeout(r, randomInt(0, 16)));
      }
      killedDesks.set(victim, killedDesks.get(victim)! + 1);
      const killed = live[victim]!;
      killed.child.proc.kill('SIGKILL');
      await killed.child.exited;
      const left = await observer.store.control.outboxByStatement(batch[victim]!.statementId);
      if (left.length === 0) landed.none++;
      else if (left.some((r) => r.status === 'claimed' || r.status === 'unknown')) landed.claimed++;
      else if (left.some((r) => r.status === 'queued')) landed.queued++;
      else landed.allSent++;
      const heldByKilled = (await observer.store.control.outboxIn(['claimed', 'unknown'])).filter((r) => r.claimedBy === killed.owner);
      for (const r of heldByKilled) killedClaims.set(r.id, killed.owner);
      // Mid-fan-out for the bureau: the dead desk held claims (of any desk's statement) or its own was part-sent.
      if (heldByKilled.length > 0 || left.some((r) => r.status === 'queued' || r.status === 'claimed' || r.status === 'unknown')) landed.midFanOut++;
      // A replacement desk takes the dead one's place; its user publishes again the dead desk's
      // statement of this run, and any earlier one of its that never reached the queue (idempotent:
      // what the dead desk enqueued stands, and is not queued twice). The next run starts at once:
      // its kill may land while the last one's claims are still being taken over.
      const unqueued: Statement[] = [];
      for (const s of given.get(killed.owner) ?? []) if (s === batch[victim] || (await observer.store.control.outboxByStatement(s.statementId)).length === 0) unqueued.push(s);
      await spare.child.ready;
      live[victim] = spare;
      spare = spawnDesk();
      for (const s of unqueued) give(live[victim]!, s);
    }
    runsMs = performance.now() - began;
    rows = await allSent(statements, 2_400);
    } finally {
      // No desk process may go on working the queue into the next test.
      await stopAll();
    }
    expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.statementId, r.channelId, r.status, r.claimedBy])).toEqual([]);
    expect(rows.length).toBe(statements.length * 3);
    // What a dead desk left claimed, a living desk finished under a newer fence.
    for (const r of rows.filter((r) => killedClaims.has(r.id))) {
      expect(r.claimedBy).not.toBe(killedClaims.get(r.id));
      landed.takenOver++;
    }
    await new Promise((r) => setTimeout(r, 300));
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    console.log(`[team-outbox] ${killedRuns} runs of three desk processes, a random one SIGKILLed (kills across ${from}-${window} ms; by slot ${JSON.stringify([...killedDesks.values()])}): ${JSON.stringify(landed)}; ${JSON.stringify(exactlyOnce(statements))}; ${seconds} s (the runs ${(runsMs / 1000).toFixed(1)} s)`);
    const wrong = counts.wrong(statements);
    const rowOf = (w: string): string => JSON.stringify(rows.filter((r) => `${r.channelId} ${r.statementId}` === w.split(' x')[0]).map((r) => ({ by: r.claimedBy, attempts: r.attempts, fence: r.fence, killed: killedClaims.get(r.id) ?? null })));
    expect(wrong.map((w) => `${w} ${rowOf(w)}`)).toEqual([]);
    for (const s of statements) expect(demo.x.tweets().filter((t) => t.text === s.keys['x']).length).toBe(1);
    // Most kills must land mid-fan-out, or the test proves little. Every desk works the whole queue,
    // so a kill lands mid-fan-out when the dead desk held claims, whoever's statement they were.
    expect(landed.midFanOut).toBeGreaterThan(killedRuns / 3);
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
