// Where each row of a newest-first column sits, keyed by item id, so an arrival costs what the new
// rows cost. Rows live in "slots" in arrival order (the oldest row in the lowest slot, a prepended
// row in the next free slot above the newest), and a Fenwick tree over the slots' heights answers
// "top of row i" and "row at offset y" in O(log n). A prepend of k rows and a trim of m old rows
// from the end touch k + m slots; every other row keeps its slot and its measured height. Anything
// else (a reorder, a removal in the middle, a new filter; see arrivals.ts) rebuilds the slots,
// O(n), reusing every height measured so far by id.
import { arrivalOf } from './arrivals';

/** What a row needs for the layout: its id. */
export interface LaidOutRow {
  readonly itemId: string;
}

/** A row's place that survives arrivals above it (rows keep their slot until a rebuild). */
export interface RowMark {
  readonly slot: number;
  readonly generation: number;
}

/** What measuring one row changed. */
export interface RowMeasured {
  /** New height minus the one the layout had (an estimate or an earlier measurement). */
  readonly delta: number;
  /** How far the reader's scroll offset must move so the rows they see do not move. */
  readonly scrollBy: number;
}

const minCapacity = 1024;

export class RowLayout {
  private items: readonly LaidOutRow[] = [];
  private capacity = 0;
  /** Fenwick tree (1-based) over the slots' heights. */
  private tree = new Float64Array(1);
  private heights = new Float64Array(0);
  /** Slots [lo, hi) hold the rows: row i is in slot hi - 1 - i. */
  private lo = 0;
  private hi = 0;
  /** Slot by id, built when first asked for (a first render needs none) and then kept up to date. */
  private slotOf: Map<string, number> | null = null;
  /** Bumped when slots are renumbered: a RowMark from before then no longer points anywhere. */
  private generation = 0;
  /** Heights measured on screen, by id: they outlive rebuilds (a filter switched on and off). */
  private readonly measured = new Map<string, number>();

  constructor(private readonly estimate: number) {}

  get count(): number {
    return this.items.length;
  }

  get totalHeight(): number {
    return this.prefix(this.hi);
  }

  /** The offset of row `index`'s top from the top of the list. */
  top(index: number): number {
    const i = Math.min(Math.max(index, 0), this.items.length);
    return this.totalHeight - this.prefix(this.hi - i);
  }

  heightAt(index: number): number {
    return this.heights[this.hi - 1 - index] ?? 0;
  }

  /** The row under offset `y` (clamped to the first and last rows); 0 when there are none. */
  indexAt(y: number): number {
    const n = this.items.length;
    if (n === 0) return 0;
    const total = this.totalHeight;
    if (y <= 0) return 0;
    if (y >= total) return n - 1;
    // Row i covers [top(i), top(i + 1)); in slots that is the largest s with prefix(s) < total - y.
    const slot = this.largestBelow(total - y);
    return Math.min(n - 1, Math.max(0, this.hi - 1 - slot));
  }

  idAt(index: number): string | null {
    return this.items[index]?.itemId ?? null;
  }

  /** Where row `itemId` is now, or -1. */
  indexOf(itemId: string): number {
    const slot = this.slotOfId(itemId);
    return slot === undefined ? -1 : this.hi - 1 - slot;
  }

  /** A mark on row `index` that follows it as rows arrive above it (see indexOfMark). */
  markAt(index: number): RowMark | null {
    return index >= 0 && index < this.items.length ? { slot: this.hi - 1 - index, generation: this.generation } : null;
  }

  /** Where the marked row is now, or -1 (it was trimmed, or the list was rebuilt). */
  indexOfMark(mark: RowMark | null): number {
    if (!mark || mark.generation !== this.generation || mark.slot < this.lo || mark.slot >= this.hi) return -1;
    return this.hi - 1 - mark.slot;
  }

  /**
   * Takes the column's new list. `anchor` is the reader's scroll offset (null at the top, where new
   * rows simply appear); returns the offset that shows the same rows in the same place.
   */
  sync(next: readonly LaidOutRow[], anchor: number | null): number | null {
    const prev = this.items;
    if (next === prev) return anchor;
    const arrival = arrivalOf(prev, next);
    if (arrival) {
      const addedHeight = this.applyPrepend(prev, next, arrival.added);
      return anchor === null ? null : anchor + addedHeight;
    }
    // Anchor on the row the reader is on, by id, across the rebuild.
    const at = anchor === null || prev.length === 0 ? -1 : this.indexAt(anchor);
    const anchorId = at < 0 ? null : prev[at]!.itemId;
    const within = at < 0 || anchor === null ? 0 : anchor - this.top(at);
    this.rebuild(next);
    if (anchor === null) return null;
    const now = anchorId === null ? -1 : this.indexOf(anchorId);
    return now < 0 ? Math.min(anchor, this.totalHeight) : this.top(now) + within;
  }

  /**
   * Records a row's height as rendered. `viewTop` is the reader's scroll offset (null at the top):
   * a row above it that grows pushes what they read down, so the offset follows.
   */
  measure(itemId: string, height: number, viewTop: number | null, indexHint = -1): RowMeasured | null {
    // The row's rendered position usually says where it is, without looking the id up.
    const slot = this.idAt(indexHint) === itemId ? this.hi - 1 - indexHint : this.slotOfId(itemId);
    if (slot === undefined || !(height > 0)) return null;
    const firstMeasure = !this.measured.has(itemId);
    this.measured.set(itemId, height);
    const before = this.heights[slot]!;
    const delta = height - before;
    if (delta === 0) return { delta, scrollBy: 0 };
    const top = this.top(this.hi - 1 - slot);
    this.add(slot, delta);
    this.heights[slot] = height;
    // A first measurement replaces an estimate for the whole row, so any row starting above the
    // reader counts; a row measured again counts only when it lies entirely above (a row spanning
    // the top edge that grows at its bottom grows below what the reader sees).
    const above = viewTop !== null && (firstMeasure ? top < viewTop : top + before <= viewTop);
    return { delta, scrollBy: above ? delta : 0 };
  }

  private applyPrepend(prev: readonly LaidOutRow[], next: readonly LaidOutRow[], added: number): number {
    const kept = next.length - added;
    // The oldest rows fall off the end: they hold the lowest slots.
    for (let i = prev.length - 1; i >= kept; i--) {
      const id = prev[i]!.itemId;
      const slot = this.hi - 1 - i;
      this.add(slot, -this.heights[slot]!);
      this.heights[slot] = 0;
      this.slotOf?.delete(id);
      this.measured.delete(id);
    }
    this.lo += prev.length - kept;
    this.items = next;
    if (this.hi + added > this.capacity) {
      this.rebuild(next);
      let height = 0;
      for (let i = 0; i < added; i++) height += this.heightAt(i);
      return height;
    }
    let height = 0;
    for (let i = added - 1; i >= 0; i--) {
      const id = next[i]!.itemId;
      const slot = this.hi++;
      const h = this.measured.get(id) ?? this.estimate;
      this.heights[slot] = h;
      this.add(slot, h);
      this.slotOf?.set(id, slot);
      height += h;
    }
    return height;
  }

  private rebuild(next: readonly LaidOutRow[]): void {
    const n = next.length;
    let capacity = minCapacity;
    while (capacity < 2 * n) capacity *= 2;
    if (capacity !== this.capacity) {
      this.capacity = capacity;
      this.tree = new Float64Array(capacity + 1);
      this.heights = new Float64Array(capacity);
    } else {
      this.tree.fill(0);
      this.heights.fill(0);
    }
    this.slotOf = null;
    this.generation++;
    this.items = next;
    this.lo = 0;
    this.hi = n;
    this.heights.fill(this.estimate, 0, n);
    if (this.measured.size > 0) {
      for (let i = 0; i < n; i++) {
        const h = this.measured.get(next[i]!.itemId);
        if (h !== undefined) this.heights[n - 1 - i] = h;
      }
    }
    // Heights of rows no longer listed are kept (a filter hides rows, it does not remove them),
    // within bounds.
    if (this.measured.size > 2 * n + minCapacity) for (const id of this.measured.keys()) if (this.indexOf(id) < 0) this.measured.delete(id);
    // Linear Fenwick construction.
    const tree = this.tree;
    for (let i = 1; i <= capacity; i++) {
      tree[i]! += this.heights[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= capacity) tree[parent]! += tree[i]!;
    }
  }

  private slotOfId(itemId: string): number | undefined {
    if (!this.slotOf) {
      this.slotOf = new Map();
      for (let i = 0; i < this.items.length; i++) this.slotOf.set(this.items[i]!.itemId, this.hi - 1 - i);
    }
    return this.slotOf.get(itemId);
  }

  private add(slot: number, delta: number): void {
    for (let i = slot + 1; i <= this.capacity; i += i & -i) this.tree[i]! += delta;
  }

  /** Sum of the heights in slots [0, slot). */
  private prefix(slot: number): number {
    let sum = 0;
    for (let i = Math.min(slot, this.capacity); i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /** The largest p with prefix(p) < target (heights are never negative). */
  private largestBelow(target: number): number {
    let pos = 0;
    let rest = target;
    for (let step = this.capacity; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.capacity && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[pos]!;
      }
    }
    return pos;
  }
}
