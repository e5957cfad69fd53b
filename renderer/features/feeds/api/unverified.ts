// Unverified items still live on any channel, most severe first: what the control bar counts and
// the alert banner lists. Derived from the column caches (no extra calls), so it moves the moment
// a pushed feed.items event lands.
import { useQueries } from '@tanstack/react-query';
import type { FeedItem } from '../../../../electron/shared/contract';
import { useTransport } from '../../../lib/transport-context';
import { useChannels } from '../../../lib/api/channels';
import { feedQueryOptions } from './feed';
import { severityRank } from '../components/item-badges';

function selectUnverifiedLive(items: readonly FeedItem[]): FeedItem[] {
  return items.filter((i) => i.provenance === 'unverified' && i.status === 'live');
}

export function bySeverityThenNewest(a: FeedItem, b: FeedItem): number {
  const rank = (a.severity ? severityRank[a.severity] : 0) - (b.severity ? severityRank[b.severity] : 0);
  if (rank !== 0) return -rank;
  return a.firstSeenAt < b.firstSeenAt ? 1 : a.firstSeenAt > b.firstSeenAt ? -1 : 0;
}

function combine(results: readonly { data?: FeedItem[] | undefined }[]): FeedItem[] {
  return results.flatMap((r) => r.data ?? []).sort(bySeverityThenNewest);
}

export function useUnverifiedLive(): readonly FeedItem[] {
  const transport = useTransport();
  const channels = useChannels();
  return useQueries({
    queries: (channels.data ?? []).map((c) => ({ ...feedQueryOptions(transport, c.id), select: selectUnverifiedLive })),
    combine,
  });
}
