// Unverified items still live on any channel, most severe first: what the control bar counts and
// the alert banner lists; and when the first unverified item still in the columns was seen (when
// the trouble started, for the holding statements). Derived from the column caches (no extra
// calls), so it moves the moment a pushed feed.items event lands.
import { useQueries } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { FeedItem } from '../../../../electron/shared/contract';
import { useChannels } from '../../../lib/api/channels';
import { useTransport } from '../../../lib/transport-context';
import { severityRank } from '../components/item-badges';
import { feedQueryOptions } from './feed';

/**
 * One value derived from every column's cached items: `select` per column (recomputed only when
 * that column changes), then `combine` across the columns.
 */
function useAcrossColumns<T, R>(select: (items: readonly FeedItem[]) => T, combine: (perColumn: readonly { data?: T | undefined }[]) => R): R {
  const transport = useTransport();
  const channels = useChannels();
  // Stable while `combine` is, so react-query re-combines only when a column changes. TypeScript
  // cannot resolve the result type for a generic select: each result's data is what select returned.
  const combined = useCallback((results: readonly unknown[]) => combine(results as readonly { data?: T | undefined }[]), [combine]);
  return useQueries({
    queries: (channels.data ?? []).map((c) => ({ ...feedQueryOptions(transport, c.id), select })),
    combine: combined,
  });
}

function selectUnverifiedLive(items: readonly FeedItem[]): FeedItem[] {
  return items.filter((i) => i.provenance === 'unverified' && i.status === 'live');
}

export function bySeverityThenNewest(a: FeedItem, b: FeedItem): number {
  const rank = (a.severity ? severityRank[a.severity] : 0) - (b.severity ? severityRank[b.severity] : 0);
  if (rank !== 0) return -rank;
  return a.firstSeenAt < b.firstSeenAt ? 1 : a.firstSeenAt > b.firstSeenAt ? -1 : 0;
}

function allMostSevereFirst(perColumn: readonly { data?: FeedItem[] | undefined }[]): FeedItem[] {
  return perColumn.flatMap((r) => r.data ?? []).sort(bySeverityThenNewest);
}

export function useUnverifiedLive(): readonly FeedItem[] {
  return useAcrossColumns(selectUnverifiedLive, allMostSevereFirst);
}

function firstUnverified(items: readonly FeedItem[]): string | null {
  let first: string | null = null;
  for (const i of items) if (i.provenance === 'unverified' && (first === null || i.firstSeenAt < first)) first = i.firstSeenAt;
  return first;
}

function earliest(perColumn: readonly { data?: string | null | undefined }[]): string | null {
  return perColumn.reduce<string | null>((min, r) => (r.data && (min === null || r.data < min) ? r.data : min), null);
}

/** When the first unverified item still in the columns was seen, or null. */
export function useFirstUnverifiedSeenAt(): string | null {
  return useAcrossColumns(firstUnverified, earliest);
}
