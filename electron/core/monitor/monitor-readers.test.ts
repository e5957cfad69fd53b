// Team mode in the monitor: with reader leases, a desk reads a channel (and watches its pushes) only
// while it holds the channel's lease; a desk that stops releases it and another takes over; a
// renewal refused stops the reading at once. The leases here are an in-memory stand-in for the
// shared table (its SQL is held to the same rules in the store contract, on both backends).
import { afterEach, expect, it } from 'vitest';
import type { ObservedItem, ReadResult } from '../../channels/types';
import { stubAdapter } from '../../../test/helpers/stub-adapter';
import { systemClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import { openDatabase, type OpenedDatabase } from '../../store/database';
import { createSqliteChannelsRepository } from '../../store/channels-repository';
import { createSqliteMonitorRepository } from '../../store/monitor-repository';
import { createMonitor, type Monitor, type ReaderLeases } from './monitor';

interface Lease {
  desk: string;
  until: number;
  token: number;
}

function memoryLeases() {
  const leases = new Map<string, Lease>();
  const repo: ReaderLeases['repo'] = {
    acquireReader: async (channelId, deskId, leaseMs) => {
      const l = leases.get(channelId);
      if (l && l.until > Date.now() && l.desk !== deskId) return null;
      const token = (l?.token ?? 0) + 1;
      leases.set(channelId, { desk: deskId, until: Date.now() + leaseMs, token });
      return token;
    },
    renewReader: async (channelId, deskId, token, leaseMs) => {
      const l = leases.get(channelId);
      if (!l || l.desk !== deskId || l.token !== token) return false;
      l.until = Date.now() + leaseMs;
      return true;
    },
    releaseReader: async (channelId, deskId, token) => {
      const l = leases.get(channelId);
      if (l && l.desk === deskId && l.token === token) l.until = 0;
    },
  };
  return {
    repo,
    holder: (channelId: string) => {
      const l = leases.get(channelId);
      return l && l.until > Date.now() ? l.desk : null;
    },
    /** Another desk takes the lease (as after the holder's ran out unrenewed), for a minute or until given back. */
    takeBy(channelId: string, deskId: string) {
      leases.set(channelId, { desk: deskId, until: Date.now() + 60_000, token: (leases.get(channelId)?.token ?? 0) + 1 });
    },
    giveBack(channelId: string) {
      const l = leases.get(channelId);
      if (l) l.until = 0;
    },
  };
}

const opened: OpenedDatabase[] = [];
const monitors: Monitor[] = [];
afterEach(async () => {
  for (const m of monitors.splice(0)) await m.stop();
  for (const d of opened.splice(0)) d.close();
});

function setUp() {
  const db = openDatabase(':memory:');
  opened.push(db);
  const posts: ObservedItem[] = [];
  const reads: string[] = [];
  const watching = new Set<string>();
  const leases = memoryLeases();
  const desk = (deskId: string): Monitor => {
    const adapter = stubAdapter({
      kind: 'bluesky',
      readSince: async (): Promise<ReadResult> => {
        reads.push(deskId);
        return { items: [...posts].reverse(), cursor: posts.at(-1)?.channelItemId ?? null, visibleIds: posts.map((p) => p.channelItemId), windowComplete: true, profile: null };
      },
      watch: (_onChange, signal) =>
        new Promise<void>((resolve) => {
          watching.add(deskId);
          signal.addEventListener('abort', () => {
            watching.delete(deskId);
            resolve();
          }, { once: true });
        }),
    });
    const monitor = createMonitor({
      repo: createSqliteMonitorRepository(db.db),
      clock: systemClock,
      logger: createLogger({ quiet: true }),
      scoring: { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 100 },
      readers: { deskId, repo: leases.repo, leaseMs: 300, renewMs: 50, askMs: 20 },
    });
    monitor.add({ id: 'bsky', name: 'Bluesky', adapter, pollIntervalMs: 20 });
    monitors.push(monitor);
    return monitor;
  };
  return { db, posts, reads, watching, leases, desk };
}

it('only the lease holder reads and watches; stopping releases the lease and the other desk takes over', async () => {
  const t = setUp();
  await createSqliteChannelsRepository(t.db.db).upsert({ id: 'bsky', kind: 'bluesky', name: 'Bluesky', config: {}, secretRef: null, demo: true, createdAt: 'now' });
  const a = t.desk('a');
  a.start();
  await expect.poll(() => t.reads.filter((d) => d === 'a').length, { timeout: 10_000 }).toBeGreaterThan(3);
  const b = t.desk('b');
  b.start();
  await new Promise((r) => setTimeout(r, 400));
  expect(t.reads).not.toContain('b');
  expect([...t.watching]).toEqual(['a']);
  expect(t.leases.holder('bsky')).toBe('a');

  await a.stop();
  expect(t.watching.has('a')).toBe(false);
  const readsOfA = t.reads.filter((d) => d === 'a').length;
  await expect.poll(() => t.reads.filter((d) => d === 'b').length, { timeout: 10_000 }).toBeGreaterThan(2);
  expect([...t.watching]).toEqual(['b']);
  expect(t.reads.filter((d) => d === 'a').length).toBe(readsOfA);
  // One reader at a time: A's reads, then B's, never interleaved.
  expect(t.reads.filter((d, i, all) => i === 0 || all[i - 1] !== d)).toEqual(['a', 'b']);
});

it('a renewal refused (another desk took the lease) stops the desk\'s reading and its push watch at once', async () => {
  const t = setUp();
  await createSqliteChannelsRepository(t.db.db).upsert({ id: 'bsky', kind: 'bluesky', name: 'Bluesky', config: {}, secretRef: null, demo: true, createdAt: 'now' });
  const a = t.desk('a');
  // What the desk's screens are told: it started reading, stopped, started again.
  const told: boolean[] = [];
  a.subscribe({ readerChanged: (channelId, reading) => void told.push(channelId === 'bsky' && reading) });
  a.start();
  await expect.poll(() => t.watching.has('a'), { timeout: 10_000 }).toBe(true);
  t.leases.takeBy('bsky', 'z');
  await expect.poll(() => t.watching.has('a'), { timeout: 10_000 }).toBe(false);
  await expect.poll(() => told, { timeout: 10_000 }).toEqual([true, false]);
  const count = t.reads.length;
  await new Promise((r) => setTimeout(r, 300));
  expect(t.reads.length).toBe(count);
  // The other desk lets go: this one asks again, is granted, and reads and watches again.
  t.leases.giveBack('bsky');
  await expect.poll(() => t.watching.has('a'), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => t.reads.length, { timeout: 10_000 }).toBeGreaterThan(count);
  expect(told).toEqual([true, false, true]);
});
