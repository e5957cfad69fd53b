import { describe, expect, it } from 'vitest';
import { RowLayout, type LaidOutRow } from './row-layout';

const estimate = 100;
const rows = (ids: readonly number[]): LaidOutRow[] => ids.map((n) => ({ itemId: `i${n}` }));
/** Newest first: ids from..to descending. */
const range = (newest: number, oldest: number): LaidOutRow[] => rows(Array.from({ length: newest - oldest + 1 }, (_, i) => newest - i));

/** Arrivals on top, the column capped at `cap` rows (as mergeItems does). */
const arrive = (list: readonly LaidOutRow[], ids: readonly number[], cap = Infinity): LaidOutRow[] => [...rows(ids), ...list].slice(0, cap);

/** What the reader sees at `offset`: the row there and how far into it. */
function readingAt(layout: RowLayout, list: readonly LaidOutRow[], offset: number): { id: string; into: number } {
  const index = layout.indexAt(offset);
  return { id: list[index]!.itemId, into: offset - layout.top(index) };
}

describe('RowLayout', () => {
  it('keeps the rows a reader scrolled down is reading in place when items arrive on top', () => {
    const layout = new RowLayout(estimate);
    let list = range(1000, 1);
    layout.sync(list, null);
    for (let i = 200; i < 230; i++) layout.measure(list[i]!.itemId, 80 + (i % 7) * 20, null);
    const offset = layout.top(210) + 37;
    const before = readingAt(layout, list, offset);

    list = arrive(list, [1002, 1001], 1000);
    const after = layout.sync(list, offset);

    expect(after).toBe(offset + 2 * estimate);
    expect(readingAt(layout, list, after!)).toEqual(before);
    expect(layout.count).toBe(1000);
  });

  it('shows new items first to a reader at the top', () => {
    const layout = new RowLayout(estimate);
    let list = range(10, 1);
    layout.sync(list, null);
    list = arrive(list, [11]);
    expect(layout.sync(list, null)).toBeNull();
    expect(layout.idAt(layout.indexAt(0))).toBe('i11');
  });

  it('keeps a row’s measured height by id through arrivals and trims', () => {
    const layout = new RowLayout(estimate);
    let list = range(500, 1);
    layout.sync(list, null);
    layout.measure('i450', 217, null);
    layout.measure('i499', 64, null);
    for (let n = 501; n <= 540; n++) {
      list = arrive(list, [n], 500);
      layout.sync(list, null);
    }
    const at = layout.indexOf('i450');
    expect(at).toBe(90);
    expect(layout.heightAt(at)).toBe(217);
    // 40 arrivals and 49 other unmeasured rows above it, and one measured at 64.
    expect(layout.top(at)).toBe(89 * estimate + 64);
    // Trimmed rows are gone, with their heights.
    expect(layout.indexOf('i1')).toBe(-1);
    expect(layout.totalHeight).toBe(498 * estimate + 217 + 64);
  });

  it('moves the reader by the difference when a row above them is measured, not one below', () => {
    const layout = new RowLayout(estimate);
    const list = range(100, 1);
    layout.sync(list, null);
    const viewTop = layout.top(50);
    expect(layout.measure(list[40]!.itemId, 130, viewTop)).toEqual({ delta: 30, scrollBy: 30 });
    expect(layout.measure(list[60]!.itemId, 70, viewTop + 30)).toEqual({ delta: -30, scrollBy: 0 });
    expect(layout.measure(list[40]!.itemId, 130, viewTop + 30)).toEqual({ delta: 0, scrollBy: 0 });
    // At the top nothing is held in place.
    expect(layout.measure(list[0]!.itemId, 150, null)).toEqual({ delta: 50, scrollBy: 0 });
  });

  it('treats a reorder or a removal in the middle as a new list, and keeps the reader on their row', () => {
    const layout = new RowLayout(estimate);
    const list = range(100, 1);
    layout.sync(list, null);
    layout.measure('i60', 250, null);
    const offset = layout.top(layout.indexOf('i60')) + 10;
    // i95 (index 5) is removed upstream: every row below it moves up one.
    const removed = list.filter((r) => r.itemId !== 'i95');
    const after = layout.sync(removed, offset);
    expect(readingAt(layout, removed, after!)).toEqual({ id: 'i60', into: 10 });
    expect(layout.heightAt(layout.indexOf('i60'))).toBe(250);
    // An old row showing up on top is a reorder, not an arrival.
    const reordered = [{ itemId: 'i3' }, ...removed.filter((r) => r.itemId !== 'i3')];
    layout.sync(reordered, null);
    expect(layout.indexOf('i3')).toBe(0);
    expect(layout.indexOf('i100')).toBe(1);
    expect(layout.count).toBe(99);
  });

  it('follows a rendered row through arrivals above it, and forgets it once trimmed or rebuilt', () => {
    const layout = new RowLayout(estimate);
    let list = range(20, 1);
    layout.sync(list, null);
    const mark = layout.markAt(18);
    list = arrive(list, [21], 20);
    layout.sync(list, null);
    expect(layout.indexOfMark(mark)).toBe(19);
    expect(layout.idAt(19)).toBe('i2');
    list = arrive(list, [22], 20);
    layout.sync(list, null);
    expect(layout.indexOfMark(mark)).toBe(-1);
    const other = layout.markAt(0);
    layout.sync(list.slice(1), null);
    expect(layout.indexOfMark(other)).toBe(-1);
  });

  it('restores measured heights when a filter is switched off again', () => {
    const layout = new RowLayout(estimate);
    const list = range(50, 1);
    layout.sync(list, null);
    layout.measure('i40', 180, null);
    layout.sync(list.filter((r) => r.itemId.endsWith('0')), null);
    expect(layout.count).toBe(5);
    layout.sync(list, null);
    expect(layout.heightAt(layout.indexOf('i40'))).toBe(180);
  });

  it('agrees with adding up the heights through thousands of arrivals, trims, measurements and rebuilds', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const layout = new RowLayout(estimate);
    const heights = new Map<string, number>();
    const heightOf = (r: LaidOutRow): number => heights.get(r.itemId) ?? estimate;
    let list = range(300, 1);
    let next = 301;
    layout.sync(list, null);
    for (let step = 0; step < 3000; step++) {
      const roll = random();
      if (roll < 0.6) {
        const count = 1 + Math.floor(random() * 3);
        list = arrive(list, Array.from({ length: count }, (_, i) => next + count - 1 - i), 400);
        next += count;
        layout.sync(list, null);
      } else if (roll < 0.95) {
        const at = Math.floor(random() * list.length);
        const row = list[at]!;
        const h = 40 + Math.floor(random() * 200) + 0.5;
        heights.set(row.itemId, h);
        // Rows say where they are rendered; a stale position must not mislead the layout.
        layout.measure(row.itemId, h, null, random() < 0.5 ? at : Math.floor(random() * list.length));
      } else {
        list = list.filter(() => random() > 0.05);
        layout.sync(list, null);
      }
      if (step % 97 === 0) {
        let top = 0;
        list.forEach((r, i) => {
          expect(layout.top(i)).toBe(top);
          expect(layout.indexAt(top)).toBe(i);
          expect(layout.indexAt(top + heightOf(r) / 2)).toBe(i);
          top += heightOf(r);
        });
        expect(layout.totalHeight).toBe(top);
      }
    }
    expect(next).toBeGreaterThan(2000);
  });
});
