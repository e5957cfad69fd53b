// A channel's observed items (newest first) and one item's detail. The list is read once and then
// kept current by pushed events (feed.items, feed.gone): no polling, because every call counts as
// activity for the idle lock and the core already tells us what changed.
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { EventPayload, FeedItem } from '../../../../electron/shared/contract';
import { maxItemsPerColumn } from '../../../../electron/shared/rules';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';
import { markGone, mergeItems } from '../lib/merge-items';

export const feedKeys = {
  all: ['feed'] as const,
  lists: () => [...feedKeys.all, 'list'] as const,
  list: (channelId: string) => [...feedKeys.all, 'list', channelId] as const,
  item: (channelId: string, itemId: string) => [...feedKeys.all, 'item', channelId, itemId] as const,
};

/** How much history a column loads at start; pushed items are added on top up to the cap. */
export const initialFeedLimit = 2000;

// Items pushed while a column's first read is in flight: the read may predate them, so they are
// folded in when it answers instead of being lost.
const arrivedDuringRead = new Map<string, FeedItem[]>();

export const feedQueryOptions = (transport: Transport, channelId: string) =>
  queryOptions({
    queryKey: feedKeys.list(channelId),
    queryFn: async (): Promise<readonly FeedItem[]> => {
      arrivedDuringRead.set(channelId, []);
      try {
        const items = await callOrThrow(transport, 'feed.list', { channelId, limit: initialFeedLimit });
        return mergeItems(items, arrivedDuringRead.get(channelId) ?? [], maxItemsPerColumn);
      } finally {
        arrivedDuringRead.delete(channelId);
      }
    },
    staleTime: Infinity,
  });

export function useFeed(channelId: string) {
  return useQuery(feedQueryOptions(useTransport(), channelId));
}

export const feedItemQueryOptions = (transport: Transport, channelId: string, itemId: string) =>
  queryOptions({
    queryKey: feedKeys.item(channelId, itemId),
    queryFn: () => callOrThrow(transport, 'feed.item', { channelId, itemId }),
    staleTime: 60_000,
  });

export function useFeedItem(channelId: string, itemId: string) {
  return useQuery(feedItemQueryOptions(useTransport(), channelId, itemId));
}

/** One item's detail as feed.item answers it. */
interface ItemDetail {
  readonly item: FeedItem;
  readonly html: string | null;
  readonly raw: string;
}

/** feed.items: new and changed items for one channel. */
export function applyFeedItems(client: QueryClient, { channelId, items }: EventPayload<'feed.items'>): void {
  const pending = arrivedDuringRead.get(channelId);
  if (pending) pending.push(...items);
  const key = feedKeys.list(channelId);
  if (client.getQueryData(key) !== undefined) {
    client.setQueryData<readonly FeedItem[]>(key, (old) => (old ? mergeItems(old, items) : old));
  }
  for (const item of items) {
    const detail = feedKeys.item(channelId, item.itemId);
    const old = client.getQueryData<ItemDetail>(detail);
    if (!old) continue;
    client.setQueryData<ItemDetail>(detail, { ...old, item });
    // Edited on the channel (new text, or a signal saying so): the open detail's HTML and raw payload
    // are the earlier content's, so they are read again.
    if (old.item.text !== item.text || JSON.stringify(old.item.signals) !== JSON.stringify(item.signals)) {
      void client.invalidateQueries({ queryKey: detail, exact: true });
    }
  }
}

/** feed.gone: the channel no longer shows these items. */
export function applyFeedGone(client: QueryClient, { channelId, itemIds }: EventPayload<'feed.gone'>): void {
  client.setQueryData<readonly FeedItem[]>(feedKeys.list(channelId), (old) => (old ? markGone(old, itemIds) : old));
  const pending = arrivedDuringRead.get(channelId);
  if (pending) {
    // The read may still return them as live; invalidate once it settles.
    void client.invalidateQueries({ queryKey: feedKeys.list(channelId), refetchType: 'active' });
  }
}
