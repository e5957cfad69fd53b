// A read-only channel for any website's RSS or Atom feed: polled with conditional GET (ETag and
// Last-Modified both, since either alone misses some changes), never published to.
import type { Clock } from '../../lib/clock';
import { failureForStatus, httpRequest } from '../http';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type ReadResult } from '../types';
import { parseFeed } from './parse-feed';

export interface RssAdapterOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

const service = 'The feed';

export function createRssAdapter(options: RssAdapterOptions): ChannelAdapter & { conditionalHits(): number } {
  let etag: string | null = null;
  let lastModified: string | null = null;
  let notModified = 0;
  let health: ChannelHealth = { state: 'ok' };
  const readOnly = (): never => {
    throw new ChannelError({ kind: 'REJECTED', message: 'A feed is read-only: publish on the site that produces it.' });
  };

  return {
    kind: 'rss',
    capabilities: { publish: false, retract: 'none', freezeActions: false, profile: false },
    renderedText: (variant) => (variant.title ? `${variant.title}\n${variant.text}` : variant.text),
    conditionalHits: () => notModified,

    async readSince(cursor): Promise<ReadResult> {
      const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8' };
      // A full read (cursor null) always fetches, so deletions are seen even if the validators lie.
      if (cursor !== null && etag) headers['if-none-match'] = etag;
      if (cursor !== null && lastModified) headers['if-modified-since'] = lastModified;
      try {
        const answer = await httpRequest(service, options.url, { headers, timeoutMs: options.timeoutMs ?? 15_000, action: 'read' });
        if (answer.status === 304) {
          notModified++;
          health = { state: 'ok' };
          return { items: [], cursor, visibleIds: null, windowComplete: false, profile: null };
        }
        if (answer.status !== 200) throw new ChannelError(failureForStatus(service, answer, 'read', `HTTP ${answer.status}`, options.clock.now()));
        const feed = parseFeed(answer.text);
        etag = answer.headers.get('etag');
        lastModified = answer.headers.get('last-modified');
        health = { state: 'ok' };
        const ids = feed.items.map((i) => i.channelItemId);
        return { items: feed.items, cursor: options.clock.now().toISOString(), visibleIds: ids, windowComplete: false, profile: null };
      } catch (err) {
        if (err instanceof ChannelError) {
          health = err.failure.kind === 'UNAVAILABLE' ? { state: 'offline', why: err.failure.message } : { state: 'degraded', why: err.failure.message };
        }
        throw err;
      }
    },

    publish: async () => readOnly(),
    retract: async () => ({ kind: 'impossible', why: 'A feed is read-only: retract the item on the site that publishes it.', correctionOffered: false }),
    freezeActions: async () => [],
    runFreezeAction: async () => readOnly(),
    health: () => health,
    limits: () => [],
  };
}
