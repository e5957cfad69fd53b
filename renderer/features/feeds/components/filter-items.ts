// The column filter ("/" search and "unverified only"), applied to what a column shows, and the
// header's count of unverified items still live.
import type { FeedItem } from '../../../../electron/shared/contract';
import { arrivalOf } from './arrivals';

export function filterItems(items: readonly FeedItem[], text: string, unverifiedOnly: boolean): readonly FeedItem[] {
  const needle = text.trim().toLocaleLowerCase();
  if (needle === '' && !unverifiedOnly) return items;
  return items.filter(
    (i) =>
      (!unverifiedOnly || i.provenance === 'unverified') &&
      (needle === '' || i.text.toLocaleLowerCase().includes(needle) || (i.url?.toLocaleLowerCase().includes(needle) ?? false)),
  );
}

const unverifiedLive = (i: FeedItem): number => (i.provenance === 'unverified' && i.status === 'live' ? 1 : 0);

export function countUnverifiedLive(items: readonly FeedItem[]): number {
  let n = 0;
  for (const i of items) n += unverifiedLive(i);
  return n;
}

/**
 * The count for `next`, given the count for `prev`: after an arrival only the items added, trimmed
 * or replaced are read. Reading all 20,000 items of a column on every arrival is what made
 * arrivals slow. Anything else is counted afresh.
 */
export function recountUnverifiedLive(prev: readonly FeedItem[], prevCount: number, next: readonly FeedItem[]): number {
  if (next === prev) return prevCount;
  const arrival = arrivalOf(prev, next);
  if (!arrival) return countUnverifiedLive(next);
  const { added, kept, replaced } = arrival;
  let count = prevCount;
  for (let i = 0; i < added; i++) count += unverifiedLive(next[i]!);
  for (let i = kept; i < prev.length; i++) count -= unverifiedLive(prev[i]!);
  for (const i of replaced) count += unverifiedLive(next[i]!) - unverifiedLive(prev[i - added]!);
  return count;
}
