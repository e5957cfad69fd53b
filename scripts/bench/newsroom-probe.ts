// Ground truth from the demo servers and from the channel adapters, without touching the app's
// code: when each attacker item was accepted (the servers' own hooks, fired as the item is
// created), when an X item was deleted, and when each read of a channel started and returned.
import type { ChannelAdapter, ReadResult } from '../../electron/channels/types';
import { demoBlueskyServer, type DemoNewsroom } from '../../electron/demo/newsroom';
import { demoChannels, emailKeyFromUid, itemKey } from './item-keys';
import { now } from './timing';

export type Who = 'attacker' | 'bureau';

export interface Acceptance {
  readonly key: string;
  readonly channelId: string;
  readonly who: Who;
  /** The text (X), title (website) or subject (email) as the server stored it. */
  readonly label: string;
  readonly at: number;
}

/** Calls `listener` for every item any demo server accepts; returns the unsubscribe function. */
export function watchAcceptances(newsroom: DemoNewsroom, listener: (a: Acceptance) => void): () => void {
  const attackerWpUser = newsroom.website.credentials.compromised.userId;
  /** The hijacked tool's application on Mastodon, its app password on Bluesky. */
  const attackerMastodonApp = 'Newsroom scheduler';
  const attackerBlueskyPassword = 'Scheduler';
  const offs = [
    newsroom.x.onAccepted((e) => listener({ key: itemKey(demoChannels.x, e.id), channelId: demoChannels.x, who: e.integration === 'compromised' ? 'attacker' : 'bureau', label: e.text, at: now() })),
    newsroom.website.onAccepted((e) => {
      // A post created as a draft is not live: only what the public can see counts as accepted.
      if (e.status !== 'publish') return;
      listener({ key: itemKey(demoChannels.website, String(e.id)), channelId: demoChannels.website, who: e.authorId === attackerWpUser ? 'attacker' : 'bureau', label: e.title, at: now() });
    }),
    newsroom.email.onAccepted((b) => {
      // Only the transaction that reached the canary is an item the columns can show.
      if (b.canaryUid === null) return;
      listener({ key: emailKeyFromUid(b.canaryUid), channelId: demoChannels.email, who: b.submittedBy === 'compromised' ? 'attacker' : 'bureau', label: b.subject ?? '', at: now() });
    }),
    newsroom.mastodon.instance.onEvent((e) => {
      if (e.kind !== 'update') return;
      const who = e.status.application?.name === attackerMastodonApp ? 'attacker' : 'bureau';
      listener({ key: itemKey(demoChannels.mastodon, e.status.id), channelId: demoChannels.mastodon, who, label: e.status.content.replace(/<[^>]*>/g, ''), at: now() });
    }),
    demoBlueskyServer(newsroom).repo.onCreated((e) => {
      listener({ key: itemKey(demoChannels.bluesky, e.rkey), channelId: demoChannels.bluesky, who: e.by === attackerBlueskyPassword ? 'attacker' : 'bureau', label: e.text, at: now() });
    }),
  ];
  return () => offs.forEach((off) => off());
}

export function watchXDeletions(newsroom: DemoNewsroom, listener: (key: string, at: number) => void): () => void {
  return newsroom.x.onDeleted((e) => listener(itemKey(demoChannels.x, e.id), now()));
}

export interface ReadRecord {
  readonly channelId: string;
  readonly startedAt: number;
  readonly returnedAt: number;
  readonly keys: readonly string[];
}

/**
 * Wraps each adapter's readSince (the object the monitor holds) to record every read. It only
 * observes: the same arguments go in and the same result or error comes out.
 */
export function recordReads(adapters: ReadonlyMap<string, ChannelAdapter>, listener: (r: ReadRecord) => void): () => void {
  const restore: (() => void)[] = [];
  for (const [channelId, adapter] of adapters) {
    const original = adapter.readSince;
    const wrapped = async (cursor: string | null): Promise<ReadResult> => {
      const startedAt = now();
      const result = await original.call(adapter, cursor);
      listener({ channelId, startedAt, returnedAt: now(), keys: result.items.map((i) => itemKey(channelId, i.channelItemId)) });
      return result;
    };
    (adapter as { readSince: ChannelAdapter['readSince'] }).readSince = wrapped;
    restore.push(() => {
      (adapter as { readSince: ChannelAdapter['readSince'] }).readSince = original;
    });
  }
  return () => restore.forEach((r) => r());
}
