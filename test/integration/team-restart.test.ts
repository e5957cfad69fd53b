// PostgreSQL restarted during a fan-out, on a REAL server: three desks (control services with their
// own pools, desk ids and outbox loops) fan out statements to the demo channels; in the middle the
// server is stopped (fast shutdown: every connection cut), left down for a while and started again.
// Nothing re-opens the desks: their pools replace dead connections, their outbox loops keep going,
// and a send whose completion was lost with the connection is settled by reading the channel.
// Counted at the demo servers, every channel holds every statement exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Logger } from '../../electron/lib/log';
import { bureauAdapters, type DemoChannels } from '../helpers/control-demo';
import { describeWithPeers } from '../helpers/peer-suite';
import { openPgDesk, type PgDesk } from '../helpers/pg-desk';
import type { PostgresServer } from '../helpers/postgres';
import { rowsOf, sendsOf, startTeamBureau, statementFor, type DemoCounts, type TeamBureau } from '../helpers/team-fanout';

/** Long enough for the desks to try (and fail) to connect meanwhile. */
const downMs = 1_500;
const perDesk = 8;

describeWithPeers(['postgresql'], 'PostgreSQL restarted during a fan-out', () => {
  let bureau: TeamBureau;
  let server: PostgresServer;
  let appUrl = '';
  let demo: DemoChannels;
  let counts: DemoCounts;
  const desks: PgDesk[] = [];

  beforeAll(async () => {
    bureau = await startTeamBureau();
    ({ server, appUrl, demo, counts } = bureau);
  }, 60_000);

  afterAll(async () => {
    for (const d of desks) await d.close();
    await bureau?.close();
  });

  it('three desks fanning out while the server restarts reconnect by themselves and finish: no send lost, none twice', async () => {
    const errors: string[] = [];
    const loggerOf = (owner: string): Logger => ({
      info: () => undefined,
      warn: () => undefined,
      error: (message, err) => errors.push(`${owner}: ${message}: ${err instanceof Error ? err.message : String(err)}`),
    });
    for (const owner of ['desk-a', 'desk-b', 'desk-c']) {
      desks.push(await openPgDesk({ url: appUrl, owner, adapters: bureauAdapters(demo.config), settleAfterMs: 300, leaseMs: 1_000, logger: loggerOf(owner) }));
    }
    const statements = desks.flatMap((d) => Array.from({ length: perDesk }, (_, i) => ({ desk: d, statement: statementFor(`restart ${d.owner} ${i}`) })));
    const all = statements.map((s) => s.statement);
    const expected = sendsOf(all);
    // Each desk's background loop works the whole queue, as in the app.
    for (const d of desks) d.service.outbox.start();
    const started = performance.now();
    // What a user sees: a fan-out either returns or fails with the database's error; it never hangs.
    const fanOuts = statements.map(({ desk, statement }) => desk.service.outbox.fanOut(statement).then(() => 'returned', () => 'failed'));

    // Restart once every fan-out is in the queue and some (not all) sends reached the channels.
    const observer = desks[0]!;
    await expect.poll(async () => (await rowsOf(observer, all)).length === expected && counts.total() >= expected / 4, { timeout: 30_000, interval: 5 }).toBe(true);
    const sentBefore = counts.total();
    await server.restart({ downMs });
    const restartedAt = performance.now();

    // The desks finish by themselves: every row sent, every send counted at the demo servers.
    await expect.poll(async () => {
      const rows = await rowsOf(observer, all).catch(() => []);
      return rows.length === expected && rows.every((r) => r.status === 'sent') && counts.total() >= expected;
    }, { timeout: 60_000, interval: 100 }).toBe(true);
    const finishedMs = Math.round(performance.now() - restartedAt);
    const outcomes = await Promise.all(fanOuts);
    const rows = await rowsOf(observer, all);
    // A little longer, so a late duplicate would still be counted.
    await new Promise((r) => setTimeout(r, 500));
    console.log(
      `[team-restart] ${expected} sends, ${sentBefore} before the restart (${Math.round(restartedAt - started)} ms in, ${downMs} ms down); ` +
        `all sent ${finishedMs} ms after it; fan-out calls: ${outcomes.filter((o) => o === 'returned').length} returned, ${outcomes.filter((o) => o === 'failed').length} failed; ` +
        `rows taken over: ${rows.filter((r) => r.fence > 1).length}, sent on a later attempt: ${rows.filter((r) => r.attempts > 1).length}; desk errors logged: ${errors.length}`,
    );
    expect(sentBefore).toBeLessThan(expected);
    expect(counts.exactlyOnce(all)).toEqual({ duplicates: 0, misses: 0 });
    expect(counts.total()).toBe(expected);
    for (const s of all) expect(demo.x.tweets().filter((t) => t.text === s.keys['x']).length).toBe(1);
    // The restart reached the desks (their connections were cut), and they carried on.
    expect(errors.length).toBeGreaterThan(0);
  }, 120_000);
});
