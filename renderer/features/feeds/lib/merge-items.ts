// Folding pushed items into a column's cached list (newest first) without re-sorting 20,000
// items per event: updates replace in place, new items go on top, the oldest fall off the end.
// Unchanged input returns the same array, so React and react-query see "no change".
import type { FeedItem } from '../../../../electron/shared/contract';
import { maxItemsPerColumn } from '../../../../electron/shared/rules';

// Which ids a list holds, handed from each list to the next so an append costs O(new items), not
// O(20,000). A list used again after it was merged from simply rebuilds its set.
const memberships = new WeakMap<readonly FeedItem[], Set<string>>();

function membersOf(items: readonly FeedItem[]): Set<string> {
  let members = memberships.get(items);
  if (!members) {
    members = new Set();
    for (const i of items) members.add(i.itemId);
    memberships.set(items, members);
  }
  return members;
}

/** Positions by id, for the rare updates in place (status changes); built when needed. */
function positionsOf(items: readonly FeedItem[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = 0; i < items.length; i++) positions.set(items[i]!.itemId, i);
  return positions;
}

function newestFirst(a: FeedItem, b: FeedItem): number {
  const at = a.publishedAt ?? a.firstSeenAt;
  const bt = b.publishedAt ?? b.firstSeenAt;
  return at < bt ? 1 : at > bt ? -1 : 0;
}

export function mergeItems(existing: readonly FeedItem[], incoming: readonly FeedItem[], cap = maxItemsPerColumn): readonly FeedItem[] {
  if (incoming.length === 0) return existing;
  const members = membersOf(existing);
  const fresh = new Map<string, FeedItem>();
  const changed: FeedItem[] = [];
  for (const item of incoming) {
    if (members.has(item.itemId)) changed.push(item);
    else fresh.set(item.itemId, item);
  }
  let base = existing;
  if (changed.length > 0) {
    const positions = positionsOf(existing);
    let updated: FeedItem[] | null = null;
    for (const item of changed) {
      const at = positions.get(item.itemId)!;
      if (existing[at] === item) continue;
      updated ??= existing.slice();
      updated[at] = item;
    }
    if (updated) base = updated;
  }
  if (fresh.size === 0 && base === existing) return existing;
  const added = [...fresh.values()].sort(newestFirst).slice(0, cap);
  const keep = Math.max(0, Math.min(base.length, cap - added.length));
  const merged = added.length === 0 ? base : added.concat(keep < base.length ? base.slice(0, keep) : base);
  // Hand the id set over to the new list.
  memberships.delete(existing);
  for (const a of added) members.add(a.itemId);
  for (let i = keep; i < base.length; i++) members.delete(base[i]!.itemId);
  memberships.set(merged, members);
  return merged;
}

/** feed.gone: the channel no longer shows these items (deleted upstream, or by us). */
export function markGone(existing: readonly FeedItem[], itemIds: readonly string[]): readonly FeedItem[] {
  const index = positionsOf(existing);
  let out: FeedItem[] | null = null;
  for (const id of itemIds) {
    const at = index.get(id);
    if (at === undefined) continue;
    const item = existing[at]!;
    if (item.status !== 'live') continue;
    out ??= existing.slice();
    out[at] = { ...item, status: 'gone' };
  }
  return out ?? existing;
}
