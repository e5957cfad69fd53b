// The column filter ("/" search and "unverified only"), applied to what a column shows.
import type { FeedItem } from '../../../../electron/shared/contract';

export function filterItems(items: readonly FeedItem[], text: string, unverifiedOnly: boolean): readonly FeedItem[] {
  const needle = text.trim().toLocaleLowerCase();
  if (needle === '' && !unverifiedOnly) return items;
  return items.filter(
    (i) =>
      (!unverifiedOnly || i.provenance === 'unverified') &&
      (needle === '' || i.text.toLocaleLowerCase().includes(needle) || (i.url?.toLocaleLowerCase().includes(needle) ?? false)),
  );
}

export function countUnverifiedLive(items: readonly FeedItem[]): number {
  let n = 0;
  for (const i of items) if (i.provenance === 'unverified' && i.status === 'live') n++;
  return n;
}
