// Snowflake ids, timeline pages and cursors, and rate-limit windows of the demo X server.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import type { DemoXPrincipal } from './credentials';
import { DemoXRateLimiter, rateLimitWindowMs } from './rate-limits';
import { decodeCursor, DemoXTweetStore, encodeCursor, snowflakeEpochMs } from './store';

const bureau: DemoXPrincipal = { userId: '1', integration: 'bureau', appName: 'Control Room', method: 'oauth2' };

describe('demo X tweet store', () => {
  it('issues time-ordered snowflakes that keep growing when the clock stands still', () => {
    const clock = createManualClock('2019-07-19T22:00:00Z');
    const store = new DemoXTweetStore(clock);
    const a = BigInt(store.create(bureau, 'a').id);
    const b = BigInt(store.create(bureau, 'b').id);
    expect(b).toBe(a + 1n);
    expect(Number(a >> 22n) + snowflakeEpochMs).toBe(Date.parse('2019-07-19T22:00:00Z'));
    clock.advance(1000);
    expect(BigInt(store.create(bureau, 'c').id) - a).toBe(1000n << 22n);
  });

  it('pages a timeline newest first, forwards and back, skipping deleted tweets', () => {
    const clock = createManualClock();
    const store = new DemoXTweetStore(clock);
    const ids = Array.from({ length: 12 }, (_, i) => {
      clock.advance(1000);
      return store.create(bureau, `t${i}`).id;
    });
    store.delete(ids[6] ?? '', bureau);
    const first = store.timeline({ authorId: '1', maxResults: 5 });
    expect(first.tweets.map((t) => t.text)).toEqual(['t11', 't10', 't9', 't8', 't7']);
    expect(first.newer).toBeUndefined();
    const older = first.older;
    if (!older) throw new Error('expected an older page');
    const second = store.timeline({ authorId: '1', maxResults: 5, cursor: older });
    expect(second.tweets.map((t) => t.text)).toEqual(['t5', 't4', 't3', 't2', 't1']);
    const newer = second.newer;
    if (!newer) throw new Error('expected a newer page');
    expect(store.timeline({ authorId: '1', maxResults: 5, cursor: newer }).tweets.map((t) => t.text)).toEqual(['t11', 't10', 't9', 't8', 't7']);
    expect(store.timeline({ authorId: '1', maxResults: 5, sinceId: BigInt(ids[9] ?? '0') }).tweets.map((t) => t.text)).toEqual(['t11', 't10']);
    expect(store.deletedIds()).toEqual([ids[6]]);
  });

  it('round-trips cursors and refuses garbage tokens', () => {
    const cursor = { direction: 'older', pivot: 1152580548155301888n } as const;
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const token of ['', 'x12', 'n', 'N12', 'n!!', 'n' + 'z'.repeat(14)]) expect(decodeCursor(token)).toBeUndefined();
  });
});

describe('demo X rate limiter', () => {
  it('counts per user and endpoint and reopens the window 15 minutes after its first request', () => {
    const clock = createManualClock('2019-07-19T22:00:00Z');
    const limiter = new DemoXRateLimiter({ create: 2, delete: 1, timeline: 1, me: 1, media: 1 }, clock);
    const first = limiter.consume('u1', 'create');
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(first.resetEpochSeconds).toBe((Date.parse('2019-07-19T22:00:00Z') + rateLimitWindowMs) / 1000);
    clock.advance(60_000);
    expect(limiter.consume('u1', 'create')).toMatchObject({ allowed: true, remaining: 0, resetEpochSeconds: first.resetEpochSeconds });
    expect(limiter.consume('u1', 'create')).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.consume('u2', 'create').allowed).toBe(true);
    expect(limiter.consume('u1', 'delete').allowed).toBe(true);
    clock.advance(rateLimitWindowMs - 60_000 - 1);
    expect(limiter.consume('u1', 'create').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.consume('u1', 'create')).toMatchObject({ allowed: true, remaining: 1 });
  });
});
