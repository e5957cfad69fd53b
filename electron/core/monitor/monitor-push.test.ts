// The monitor's push side: a channel that pushes (adapter.watch) gets a full read at once instead
// of at the next poll, a burst of pushes costs one read, and the read budget still rules; an item
// pushed with its content is classified at once without a read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedItem, RateBudget, ReadResult } from '../../channels/types';
import { stubAdapter } from '../../../test/helpers/stub-adapter';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import type { Sleep } from '../../lib/sleep';
import { createSqliteChannelsRepository } from '../../store/channels-repository';
import { openDatabase, type OpenedDatabase } from '../../store/database';
import { createSqliteMonitorRepository } from '../../store/monitor-repository';
import { createMonitor, type Monitor } from './monitor';

const clock = createManualClock('2019-07-19T22:00:00Z');
const hour = 3_600_000;

/** Short waits pass at once; long ones (the poll interval) last until aborted: only a push reads. */
function recordingSleep() {
  const asked: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    asked.push(ms);
    if (ms < 60_000) return Promise.resolve();
    return new Promise((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));
  };
  return { asked, sleep };
}

function pushingChannel(budget: RateBudget | null = null) {
  const posts: ObservedItem[] = [];
  const reads: (string | null)[] = [];
  let push: ((pushed?: readonly ObservedItem[]) => void) | null = null;
  const adapter = stubAdapter({
    kind: 'bluesky',
    readSince: async (cursor): Promise<ReadResult> => {
      reads.push(cursor);
      return { items: [...posts].reverse(), cursor: posts.at(-1)?.channelItemId ?? cursor, visibleIds: posts.map((p) => p.channelItemId), windowComplete: true, profile: null };
    },
    limits: () => (budget ? [budget] : []),
    watch: (onChange, signal) =>
      new Promise<void>((resolve) => {
        push = onChange;
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
  });
  return {
    adapter,
    reads,
    post(text: string) {
      const id = String(posts.length + 1);
      posts.push({ channelItemId: id, publishedAt: null, text, html: null, url: null, raw: {} });
    },
    push: (pushed?: readonly ObservedItem[]) => push?.(pushed),
    watching: () => push !== null,
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

let opened: OpenedDatabase;
let monitor: Monitor | null = null;
beforeEach(async () => {
  opened = openDatabase(':memory:');
  await createSqliteChannelsRepository(opened.db).upsert({ id: 'bsky', kind: 'bluesky', name: 'Bluesky', config: {}, secretRef: null, demo: true, createdAt: 'now' });
});
afterEach(async () => {
  await monitor?.stop();
  opened.close();
});

const start = (ch: ReturnType<typeof pushingChannel>, sleep: Sleep): Monitor => {
  const m = createMonitor({ repo: createSqliteMonitorRepository(opened.db), clock, logger: createLogger({ quiet: true }), scoring: { officeHours: { start: 7, end: 22, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 2 }, sleep, pushMinGapMs: 200 });
  m.add({ id: 'bsky', name: 'Bluesky', adapter: ch.adapter, pollIntervalMs: hour });
  m.start();
  return m;
};

describe('monitor push', () => {
  it('reads at once when the channel pushes, one full read for a burst of pushes', async () => {
    const ch = pushingChannel();
    const { asked, sleep } = recordingSleep();
    monitor = start(ch, sleep);
    await expect.poll(async () => ch.reads.length).toBe(1);
    await expect.poll(async () => ch.watching()).toBe(true);
    const observed: string[] = [];
    monitor.subscribe({ itemsObserved: (_c, items) => void observed.push(...items.map((i) => i.text)) });

    ch.post('FREE DIGGA D');
    for (let i = 0; i < 5; i++) ch.push();
    await expect.poll(async () => observed).toEqual(['FREE DIGGA D']);
    await settle();
    // One read for five pushes, a full one (a push may announce a deletion), well before the hour.
    expect(ch.reads).toEqual([null, null]);
    expect(asked.filter((ms) => ms < hour).every((ms) => ms <= 200)).toBe(true);
  });

  it('never reads faster than the read budget allows, however often the channel pushes', async () => {
    const budget: RateBudget = { endpoint: 'read', limit: 300, remaining: 2, resetAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString() };
    const ch = pushingChannel(budget);
    const { asked, sleep } = recordingSleep();
    monitor = start(ch, sleep);
    await expect.poll(async () => ch.watching()).toBe(true);
    await expect.poll(async () => ch.reads.length).toBe(1);
    ch.push();
    await settle();
    expect(ch.reads).toHaveLength(1);
    // One request kept in hand over ten minutes: the push read waits for the window.
    expect(asked.some((ms) => ms >= 10 * 60_000 && ms < hour)).toBe(true);
  });

  it('classifies an item pushed with its content at once, without a read, even with the read budget spent', async () => {
    const budget: RateBudget = { endpoint: 'read', limit: 300, remaining: 1, resetAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString() };
    const ch = pushingChannel(budget);
    const { sleep } = recordingSleep();
    monitor = start(ch, sleep);
    await expect.poll(() => ch.watching()).toBe(true);
    await expect.poll(() => ch.reads.length).toBe(1);
    const observed: { text: string; provenance: string }[] = [];
    monitor.subscribe({ itemsObserved: (_c, items) => void observed.push(...items.map((i) => ({ text: i.text, provenance: i.provenance }))) });
    ch.push([{ channelItemId: '77', publishedAt: null, text: 'FREE DIGGA D', html: null, url: null, raw: {} }]);
    await expect.poll(() => observed).toEqual([{ text: 'FREE DIGGA D', provenance: 'unverified' }]);
    // The same item pushed again (or read later) is not a second alert.
    ch.push([{ channelItemId: '77', publishedAt: null, text: 'FREE DIGGA D', html: null, url: null, raw: {} }]);
    await settle();
    expect(observed).toHaveLength(1);
    expect(ch.reads).toHaveLength(1);
  });
});
