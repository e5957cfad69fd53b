// Synthetic channels and items for the performance page: the real column components fed with
// 20,000 items per column, generated locally (no core, no network), deterministic so runs compare.
import type { ChannelSummary, FeedItem } from '../../../electron/shared/contract';

const words = 'police statement appeal update witness road closure missing found arrest court released charged incident safety london borough officers'.split(' ');
const kinds: ChannelSummary['kind'][] = ['x', 'wordpress', 'email', 'rss', 'bluesky', 'mastodon'];

/** A small deterministic generator (mulberry32): the same seed gives the same items. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticChannels(count: number): ChannelSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `perf-${i + 1}`,
    kind: kinds[i % kinds.length]!,
    name: `Synthetic channel ${i + 1}`,
    demo: true,
    health: { state: 'ok' as const },
    lastReadAt: new Date().toISOString(),
    budgets: [{ endpoint: 'read' as const, limit: 900, remaining: 900 - i, resetAt: new Date(Date.now() + 900_000).toISOString() }],
  }));
}

export function syntheticItem(channelId: string, n: number, at: number): FeedItem {
  let seed = n * 7919;
  for (const ch of channelId) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const rnd = random(seed);
  const length = 4 + Math.floor(rnd() * 40);
  const text = Array.from({ length }, () => words[Math.floor(rnd() * words.length)]).join(' ');
  const unverified = rnd() < 0.02;
  const iso = new Date(at).toISOString();
  return {
    channelId,
    itemId: `${channelId}-${n}`,
    firstSeenAt: iso,
    publishedAt: iso,
    text,
    url: rnd() < 0.2 ? `https://www.example.org/news/${n}` : null,
    hasHtml: false,
    provenance: unverified ? 'unverified' : rnd() < 0.1 ? 'adopted' : 'verified',
    matchedBy: unverified ? null : 'item-id',
    severity: unverified ? 'high' : null,
    signals: unverified ? [{ kind: 'burst', detail: 'synthetic', weight: 1 }] : [],
    status: 'live',
    statusDetail: null,
    media: [],
  };
}

/** `count` items newest first, one a second back from now. */
export function syntheticFeed(channelId: string, count: number, now = Date.now()): FeedItem[] {
  return Array.from({ length: count }, (_, i) => syntheticItem(channelId, count - i, now - i * 1000));
}
