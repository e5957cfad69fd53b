// An hour of reading the demo X account at X's real limits, on an injected clock: the monitor
// never receives a 429 and still reads the account at least once every 2 seconds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createXAdapter } from '../../electron/channels/x/adapter';
import { createManualClock } from '../../electron/lib/clock';
import { createLogger } from '../../electron/lib/log';
import { createMonitor } from '../../electron/core/monitor/monitor';
import { startDemoXServer, type DemoXServer } from '../../electron/demo/x/server';
import { createSqliteChannelsRepository } from '../../electron/store/channels-repository';
import { openDatabase, type OpenedDatabase } from '../../electron/store/database';
import { createSqliteMonitorRepository } from '../../electron/store/monitor-repository';

const clock = createManualClock('2019-07-19T21:00:00Z');
let x: DemoXServer;
let db: OpenedDatabase;
beforeAll(async () => {
  x = await startDemoXServer({ clock });
  db = openDatabase(':memory:');
  await createSqliteChannelsRepository(db.db).upsert({ id: 'x', kind: 'x', name: 'X', config: {}, secretRef: null, demo: true, createdAt: 'now' });
});
afterAll(async () => {
  db.close();
  await x.close();
});

it('reads within X limits for a simulated hour, at least every 2 s', { timeout: 120_000 }, async () => {
  const end = clock.now().getTime() + 3_600_000;
  const readTimes: number[] = [];
  const states = new Set<string>();
  let stopRequested = false;
  const monitor = createMonitor({
    repo: createSqliteMonitorRepository(db.db),
    clock,
    logger: createLogger({ quiet: true }),
    scoring: { officeHours: { start: 7, end: 22, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 1 },
    sleep: async (ms) => {
      clock.advance(ms);
      if (clock.now().getTime() >= end && !stopRequested) {
        stopRequested = true;
        void monitor.stop();
      }
    },
  });
  monitor.add({ id: 'x', name: 'X', adapter: createXAdapter({ credentials: { kind: 'oauth1', ...x.credentials.bureau.oauth1 }, baseUrl: x.url, clock }), pollIntervalMs: 1000 });
  monitor.subscribe({
    health: (r) => {
      states.add(r.health.state);
      if (r.lastReadAt) readTimes.push(Date.parse(r.lastReadAt));
    },
  });
  monitor.start();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stopRequested) {
        clearInterval(check);
        resolve();
      }
    }, 20);
  });
  await monitor.stop();
  const reads = [...new Set(readTimes)].sort((a, b) => a - b);
  const gaps = reads.slice(1).map((t, i) => t - reads[i]!);
  expect([...states]).toEqual(['ok']);
  expect(reads.length).toBeGreaterThan(1800);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(2000);
});
