import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ObservedItem, type RateBudget, type ReadResult } from '../../channels/types';
import { openDatabase, type OpenedDatabase } from '../../store/database';
import { createSqliteChannelsRepository } from '../../store/channels-repository';
import type { MonitorRepository } from '../../store/repositories';
import { createSqliteMonitorRepository } from '../../store/monitor-repository';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import { contentHash } from '../provenance/normalise';
import { stubAdapter } from '../../../test/helpers/stub-adapter';
import { createMonitor, type Monitor } from './monitor';
import { paceDelay } from './pacing';
import { processBatch, newChannelMemory, type ScoringSettings } from './process-batch';

const scoring: ScoringSettings = { officeHours: { start: 7, end: 22, timeZone: 'UTC' }, ownDomains: ['met.example'], baselinePerHour: 2 };

/** A channel whose posts the test controls; reads honour since-cursor like X's since_id. */
function fakeChannel() {
  const posts: ObservedItem[] = [];
  let failure: ChannelError | null = null;
  let next = 1;
  const adapter = stubAdapter({
    kind: 'x',
    readSince: async (cursor): Promise<ReadResult> => {
      if (failure) throw failure;
      const newest = [...posts].reverse();
      const items = cursor === null ? newest : newest.filter((p) => Number(p.channelItemId) > Number(cursor));
      return {
        items,
        cursor: posts.length ? posts[posts.length - 1]!.channelItemId : cursor,
        visibleIds: cursor === null ? newest.map((p) => p.channelItemId) : null,
        windowComplete: true,
        profile: null,
      };
    },
  });
  return {
    adapter,
    post(text: string): string {
      const id = String(next++);
      posts.push({ channelItemId: id, publishedAt: null, text, html: null, url: null, raw: { id, text } });
      return id;
    },
    remove(id: string) {
      posts.splice(posts.findIndex((p) => p.channelItemId === id), 1);
    },
    fail(e: ChannelError | null) {
      failure = e;
    },
  };
}

let opened: OpenedDatabase;
let repo: MonitorRepository;
let monitor: Monitor;
const clock = createManualClock('2019-07-19T22:00:00Z');

beforeEach(async () => {
  opened = openDatabase(':memory:');
  await createSqliteChannelsRepository(opened.db).upsert({ id: 'x', kind: 'x', name: 'X', config: {}, secretRef: null, demo: true, createdAt: 'now' });
  repo = createSqliteMonitorRepository(opened.db);
  monitor = createMonitor({ repo, clock, logger: createLogger({ quiet: true }), scoring, fullReadEvery: 3 });
});
afterEach(() => opened.close());

describe('monitor', () => {
  it('adopts what was already there on first read, then flags new unapproved items', async () => {
    const ch = fakeChannel();
    ch.post('an old press release');
    monitor.add({ id: 'x', name: 'X', adapter: ch.adapter, pollIntervalMs: 1000 });
    const first = await monitor.pollOnce('x');
    expect(first.map((i) => [i.text, i.provenance])).toEqual([['an old press release', 'adopted']]);
    ch.post('F*** the police');
    const second = await monitor.pollOnce('x');
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ provenance: 'unverified', status: 'live' });
    expect(second[0]!.severity).not.toBeNull();
  });

  it('verifies what the app published, by item id and (once) by content for an unknown outcome', async () => {
    const ch = fakeChannel();
    monitor.add({ id: 'x', name: 'X', adapter: ch.adapter, pollIntervalMs: 1000 });
    await monitor.pollOnce('x');
    const published = ch.post('Holding statement');
    await repo.recordPublication({ channelId: 'x', itemId: published, contentHash: contentHash('Holding statement'), statementId: 's1', approvers: ['a', 'b'], publishedAt: 'now' });
    await repo.recordPublication({ channelId: 'x', itemId: null, contentHash: contentHash('Timed out send'), statementId: 's2', approvers: ['a', 'b'], publishedAt: 'now' });
    ch.post('Timed out send');
    ch.post('Timed out send'); // an attacker repeating it does not inherit the approval
    const items = await monitor.pollOnce('x');
    expect(items.map((i) => [i.text, i.provenance, i.matchedBy])).toEqual([
      ['Holding statement', 'verified', 'item-id'],
      ['Timed out send', 'verified', 'content-hash'],
      ['Timed out send', 'unverified', null],
    ]);
  });

  it('stores each item once however often it is read', async () => {
    const ch = fakeChannel();
    monitor.add({ id: 'x', name: 'X', adapter: ch.adapter, pollIntervalMs: 1000 });
    ch.post('a');
    for (let i = 0; i < 5; i++) await monitor.pollOnce('x');
    expect(await repo.list('x', 100)).toHaveLength(1);
  });

  it('notices an item deleted outside the app', async () => {
    const ch = fakeChannel();
    monitor.add({ id: 'x', name: 'X', adapter: ch.adapter, pollIntervalMs: 1000 });
    await monitor.pollOnce('x');
    const id = ch.post('deleted by hand');
    ch.post('still there');
    await monitor.pollOnce('x');
    ch.remove(id);
    const gone: string[] = [];
    monitor.subscribe({ itemsGone: (_c, ids) => void gone.push(...ids) });
    // Every 3rd read (fullReadEvery) re-reads the whole recent window.
    for (let i = 0; i < 3; i++) await monitor.pollOnce('x');
    expect(gone).toEqual([id]);
    expect((await repo.get('x', id))?.status).toBe('gone');
  });

  it('reports health from typed failures and recovers', async () => {
    const ch = fakeChannel();
    monitor.add({ id: 'x', name: 'X', adapter: ch.adapter, pollIntervalMs: 1000 });
    ch.fail(new ChannelError({ kind: 'RATE_LIMITED', resetAt: '2019-07-19T22:15:00.000Z', message: 'rate limited' }));
    await monitor.pollOnce('x');
    expect(monitor.report('x').health).toEqual({ state: 'rate-limited', until: '2019-07-19T22:15:00.000Z' });
    expect(monitor.nextDelay('x')).toBe(15 * 60_000 + 250);
    ch.fail(new ChannelError({ kind: 'AUTH_REVOKED', message: 'token revoked' }));
    await monitor.pollOnce('x');
    expect(monitor.report('x').health).toEqual({ state: 'auth-revoked', why: 'token revoked' });
    ch.fail(new ChannelError({ kind: 'UNAVAILABLE', message: 'connection refused' }));
    await monitor.pollOnce('x');
    expect(monitor.report('x').health.state).toBe('offline');
    expect(monitor.nextDelay('x')).toBeGreaterThan(1000);
    ch.fail(null);
    await monitor.pollOnce('x');
    expect(monitor.report('x').health).toEqual({ state: 'ok' });
    expect(monitor.nextDelay('x')).toBe(1000);
  });
});

describe('paceDelay', () => {
  const budget = (remaining: number, resetInMs: number): RateBudget => ({ endpoint: 'read', limit: 900, remaining, resetAt: new Date(resetInMs).toISOString() });
  it('spreads the remaining budget over the window, never below the interval', async () => {
    expect(paceDelay(1000, budget(901, 900_000), 0)).toBe(1000);
    expect(paceDelay(1000, budget(101, 900_000), 0)).toBe(9000);
    expect(paceDelay(1000, budget(1, 60_000), 0)).toBe(60_250);
    expect(paceDelay(1000, undefined, 0)).toBe(1000);
  });
});

describe('processBatch scoring inputs', () => {
  const item = (id: string, text: string): ObservedItem => ({ channelItemId: id, publishedAt: null, text, html: null, url: null, raw: {} });
  it('keeps the link domains it learns in the store, so a fresh monitor still knows them', async () => {
    await repo.recordPublication({ channelId: 'x', itemId: 'v1', contentHash: 'h', statementId: null, approvers: [], publishedAt: 'now' });
    await processBatch('x', [item('v1', 'Closures: https://www.roads.bureau.example/a')], clock.now(), repo, newChannelMemory(), scoring);
    expect(await repo.learnedDomains('x')).toEqual(['roads.bureau.example']);
    const [later] = await processBatch('x', [item('u1', 'More: https://roads.bureau.example/b and https://evil.example/c')], clock.now(), repo, newChannelMemory(), scoring);
    expect(later?.signals.filter((s) => s.kind === 'unknown-link-domain').map((s) => s.detail)).toEqual(['links to evil.example']);
  });
  it('reads a settings function at every batch, so a change scores the next item', async () => {
    let current: ScoringSettings = { ...scoring, officeHours: { start: 0, end: 24, timeZone: 'UTC' } };
    const source = async () => current;
    const kinds = async (id: string) => (await processBatch('x', [item(id, 'hello')], clock.now(), repo, newChannelMemory(), source))[0]?.signals.map((s) => s.kind);
    expect(await kinds('a1')).toEqual([]);
    current = { ...current, officeHours: { start: 7, end: 22, timeZone: 'UTC' } }; // 22:00 UTC is outside
    expect(await kinds('a2')).toEqual(['off-hours']);
  });
});

describe('processBatch throughput shape', () => {
  it('classifies a large batch against a large ledger in one transaction', async () => {
    const memory = newChannelMemory();
    const items: ObservedItem[] = Array.from({ length: 2000 }, (_, i) => ({ channelItemId: `n${i}`, publishedAt: null, text: `item ${i}`, html: null, url: null, raw: {} }));
    for (let i = 0; i < 1000; i++) await repo.recordPublication({ channelId: 'x', itemId: `n${i}`, contentHash: 'h', statementId: null, approvers: [], publishedAt: 'now' });
    const out = await processBatch('x', items, clock.now(), repo, memory, scoring);
    expect(out.filter((i) => i.provenance === 'verified')).toHaveLength(1000);
    expect(out.filter((i) => i.provenance === 'unverified')).toHaveLength(1000);
  });
});
