// How a column's new list relates to the one it replaces. Almost every change is an arrival:
// items added on top, the oldest trimmed off the end to keep the column's cap, and some replaced in
// place (a status change). Recognising that lets the column handle only the rows that changed.
// The rows kept are compared by reference (no item is read), which checks the whole list cheaply,
// so a reorder or a removal in the middle is never mistaken for an arrival.

export interface Arrival {
  /** Items new on top: next[0 .. added). */
  readonly added: number;
  /** prev[0 .. kept) is next[added ..]; prev[kept ..] was trimmed. */
  readonly kept: number;
  /** Indexes in `next` of kept items replaced in place (same id, new object). */
  readonly replaced: readonly number[];
}

// A column's count and its layout ask about the same pair of lists, one after the other: compare
// them once. One pair only: remembering more would keep old 20,000-item lists alive.
let last: { readonly prev: readonly object[]; readonly next: readonly object[]; readonly arrival: Arrival | null } | null = null;

export function arrivalOf<T extends { readonly itemId: string }>(prev: readonly T[], next: readonly T[]): Arrival | null {
  if (last?.prev === prev && last.next === next) return last.arrival;
  const arrival = compare(prev, next);
  last = { prev, next, arrival };
  return arrival;
}

function compare<T extends { readonly itemId: string }>(prev: readonly T[], next: readonly T[]): Arrival | null {
  if (prev.length === 0 || next.length === 0) return null;
  const first = prev[0]!.itemId;
  let added = 0;
  while (added < next.length && next[added]!.itemId !== first) added++;
  const kept = next.length - added;
  if (kept === 0 || kept > prev.length) return null;
  const replaced: number[] = [];
  for (let i = 0; i < kept; i++) {
    const before = prev[i]!;
    const after = next[added + i]!;
    if (before === after) continue;
    if (before.itemId !== after.itemId) return null;
    replaced.push(added + i);
  }
  return { added, kept, replaced };
}
