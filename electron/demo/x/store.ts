// The demo X server's tweets: snowflake ids from the injected clock, live and deleted tweets,
// user-timeline pages with opaque cursors, and the hooks other parts of the app watch
// (a tweet accepted, a tweet deleted) as ground truth.
import type { Clock } from '../../lib/clock';
import type { DemoXIntegration, DemoXPrincipal } from './credentials';

export interface DemoXTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: Date;
  /** Which integration posted it: the benchmarks' ground truth for "was this ours?". */
  integration: DemoXIntegration;
  appName: string;
  /** Media keys attached (`3_<id>`), in order; empty for text only. */
  mediaKeys: string[];
}

export interface DemoXAcceptedEvent {
  id: string;
  text: string;
  authorId: string;
  acceptedAt: Date;
  integration: DemoXIntegration;
  appName: string;
}

export interface DemoXDeletedEvent {
  id: string;
  authorId: string;
  deletedAt: Date;
  /** The integration that deleted it. */
  integration: DemoXIntegration;
}

/** Twitter's snowflake epoch (2010-11-04T01:42:54.657Z); ids carry milliseconds since it above bit 22. */
export const snowflakeEpochMs = 1288834974657;

export interface TimelineCursor {
  direction: 'older' | 'newer';
  /** Exclusive bound: older pages hold ids below it, newer pages ids above it. */
  pivot: bigint;
}

export interface TimelineQuery {
  authorId: string;
  sinceId?: bigint;
  untilId?: bigint;
  startMs?: number;
  endMs?: number;
  maxResults: number;
  cursor?: TimelineCursor;
}

export interface TimelinePage {
  /** Newest first. */
  tweets: DemoXTweet[];
  older?: TimelineCursor;
  newer?: TimelineCursor;
}

/** Cursors look like X's pagination tokens: short lowercase alphanumerics. */
export function encodeCursor(cursor: TimelineCursor): string {
  return `${cursor.direction === 'older' ? 'n' : 'p'}${cursor.pivot.toString(36)}`;
}

export function decodeCursor(token: string): TimelineCursor | undefined {
  const match = /^([np])([0-9a-z]{1,13})$/.exec(token);
  if (!match?.[1] || !match[2]) return undefined;
  let pivot = 0n;
  for (const ch of match[2]) pivot = pivot * 36n + BigInt(parseInt(ch, 36));
  return { direction: match[1] === 'n' ? 'older' : 'newer', pivot };
}

interface StoredTweet extends DemoXTweet {
  snowflake: bigint;
}

type Listener<E> = (event: E) => void;

function notify<E>(listeners: ReadonlySet<Listener<E>>, event: E): void {
  for (const listener of listeners) {
    // A broken observer must not turn an accepted tweet into a failed request.
    try {
      listener(event);
    } catch (err) {
      process.emitWarning(`demo X listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function publicTweet({ snowflake: _snowflake, ...tweet }: StoredTweet): DemoXTweet {
  return { ...tweet, createdAt: new Date(tweet.createdAt), mediaKeys: [...tweet.mediaKeys] };
}

export class DemoXTweetStore {
  /** Live tweets, oldest first; ids only grow, so appending keeps the order. */
  private readonly live: StoredTweet[] = [];
  private readonly deleted: string[] = [];
  private readonly acceptedListeners = new Set<Listener<DemoXAcceptedEvent>>();
  private readonly deletedListeners = new Set<Listener<DemoXDeletedEvent>>();
  private lastId = 0n;

  constructor(private readonly clock: Clock) {}

  create(principal: DemoXPrincipal, text: string, mediaKeys: readonly string[] = []): DemoXTweet {
    const createdAt = this.clock.now();
    const snowflake = this.nextSnowflake(createdAt.getTime());
    const stored: StoredTweet = {
      id: snowflake.toString(),
      snowflake,
      text,
      authorId: principal.userId,
      createdAt,
      integration: principal.integration,
      appName: principal.appName,
      mediaKeys: [...mediaKeys],
    };
    this.live.push(stored);
    notify(this.acceptedListeners, {
      id: stored.id,
      text,
      authorId: stored.authorId,
      acceptedAt: new Date(createdAt),
      integration: stored.integration,
      appName: stored.appName,
    });
    return publicTweet(stored);
  }

  findLive(id: string): DemoXTweet | undefined {
    const found = this.live.find((t) => t.id === id);
    return found && publicTweet(found);
  }

  hasLiveText(authorId: string, text: string): boolean {
    return this.live.some((t) => t.authorId === authorId && t.text === text);
  }

  delete(id: string, by: DemoXPrincipal): boolean {
    const index = this.live.findIndex((t) => t.id === id);
    const tweet = this.live[index];
    if (!tweet) return false;
    this.live.splice(index, 1);
    this.deleted.push(id);
    notify(this.deletedListeners, { id, authorId: tweet.authorId, deletedAt: this.clock.now(), integration: by.integration });
    return true;
  }

  /** Every live tweet of every user, newest first. */
  liveTweets(): DemoXTweet[] {
    return this.live.map(publicTweet).reverse();
  }

  deletedIds(): string[] {
    return [...this.deleted];
  }

  timeline(query: TimelineQuery): TimelinePage {
    const matching = this.live
      .filter((t) => t.authorId === query.authorId)
      .filter((t) => query.sinceId === undefined || t.snowflake > query.sinceId)
      .filter((t) => query.untilId === undefined || t.snowflake < query.untilId)
      .filter((t) => query.startMs === undefined || t.createdAt.getTime() >= query.startMs)
      .filter((t) => query.endMs === undefined || t.createdAt.getTime() < query.endMs)
      .reverse();
    const cursor = query.cursor;
    let page: StoredTweet[];
    if (!cursor) {
      page = matching.slice(0, query.maxResults);
    } else if (cursor.direction === 'older') {
      page = matching.filter((t) => t.snowflake < cursor.pivot).slice(0, query.maxResults);
    } else {
      // The newer page is the one just above the pivot, still listed newest first.
      page = matching.filter((t) => t.snowflake > cursor.pivot).slice(-query.maxResults);
    }
    const newest = page[0];
    const oldest = page[page.length - 1];
    const result: TimelinePage = { tweets: page.map(publicTweet) };
    if (!newest || !oldest) return result;
    if (matching.some((t) => t.snowflake < oldest.snowflake)) result.older = { direction: 'older', pivot: oldest.snowflake };
    if (matching.some((t) => t.snowflake > newest.snowflake)) result.newer = { direction: 'newer', pivot: newest.snowflake };
    return result;
  }

  onAccepted(listener: Listener<DemoXAcceptedEvent>): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  onDeleted(listener: Listener<DemoXDeletedEvent>): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Time-ordered like X's ids; strictly increasing even when the clock stands still or goes back. */
  private nextSnowflake(nowMs: number): bigint {
    const fromClock = BigInt(Math.max(0, nowMs - snowflakeEpochMs)) << 22n;
    this.lastId = fromClock > this.lastId ? fromClock : this.lastId + 1n;
    return this.lastId;
  }
}
