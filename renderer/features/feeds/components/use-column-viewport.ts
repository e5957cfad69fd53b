// A column's scroll box over its RowLayout: which rows to render, where the block of rendered rows
// sits, and the reader's position. Rows are measured by one ResizeObserver after they are laid out
// (never by reading layout during a React commit), heights are kept by item id, and the reader's
// position is kept by offset arithmetic: items arriving on top while they are scrolled down move
// the offset by the new rows' height, so what they read stays put. At the top, new rows simply
// appear. Rendering an arrival touches the new row only: the rows below it are renumbered in the
// DOM after the commit, and the row pushed out at the bottom goes when the browser is idle.
import { useLayoutEffect, useReducer, useState } from 'react';
import { RowLayout, type LaidOutRow, type RowMark } from './row-layout';

export interface ViewportOptions {
  /** A row's height before it is measured. */
  readonly estimate: number;
  /** Rows rendered beyond each edge of the scroll box. */
  readonly overscan: number;
  /** Within this many pixels of the top the reader counts as "at the top". */
  readonly atTopPx: number;
  /** Rows already rendered past the overscan that may stay until the browser is idle. */
  readonly keep: number;
}

/** The rows to render, first..last inclusive (none when last < first), and where `first` starts. */
export interface RowWindow {
  readonly first: number;
  readonly last: number;
  readonly offset: number;
}

export class ColumnViewport {
  readonly layout: RowLayout;
  element: HTMLElement | null = null;
  atTop = true;
  /** Called when the reader comes back to the top (scrolling or the "new items" button). */
  onReachedTop: () => void = () => undefined;
  private sizer: HTMLElement | null = null;
  private rowsBlock: HTMLElement | null = null;
  // The reader's offset, exact: the scroll box keeps whole pixels, and rounding every correction
  // would let the rows drift a pixel at a time.
  private scrollTop = 0;
  // Until the scroll box reports its size, render enough rows for a whole window.
  private viewportHeight = typeof window === 'undefined' ? 1000 : window.innerHeight;
  /** An arrival above the reader moved them: the scroll box follows after the commit. */
  private pendingWrite = false;
  private rendered: RowWindow = { first: 0, last: -1, offset: 0 };
  // The rendered rows' edges (marks follow a row when an arrival renumbers it) and whether rows
  // past the overscan are being let go now.
  private renderedFirst: RowMark | null = null;
  private renderedLast: RowMark | null = null;
  private trimming = false;
  private trimScheduled = false;
  private readonly rowIds = new Map<Element, string>();
  private rowObserver: ResizeObserver | null = null;

  constructor(
    private readonly options: ViewportOptions,
    private readonly rerender: () => void,
  ) {
    this.layout = new RowLayout(options.estimate);
  }

  /** Takes the rows to show (during render); keeps the reader's rows in place when scrolled down. */
  sync(rows: readonly LaidOutRow[]): void {
    const anchored = this.layout.sync(rows, this.atTop ? null : this.scrollTop);
    if (anchored === null) return;
    const target = Math.max(0, Math.min(anchored, this.layout.totalHeight - this.viewportHeight));
    if (target === this.scrollTop) return;
    this.scrollTop = target;
    this.pendingWrite = true;
  }

  /** The rows on screen and the overscan around them. */
  private neededRows(): { first: number; last: number } {
    const n = this.layout.count;
    if (n === 0) return { first: 0, last: -1 };
    const { overscan } = this.options;
    return {
      first: Math.max(0, this.layout.indexAt(this.scrollTop) - overscan),
      last: Math.min(n - 1, this.layout.indexAt(this.scrollTop + this.viewportHeight) + overscan),
    };
  }

  window(): RowWindow {
    let { first, last } = this.neededRows();
    if (last < first) return { first: 0, last: -1, offset: 0 };
    const { keep } = this.options;
    // Rows already in the DOM just past that range stay until the browser is idle: taking a row
    // out of the DOM costs more than rendering one, and every arrival at the top pushes a row out
    // at the bottom of the column. Off screen, so nobody sees the difference.
    const keptFirst = this.layout.indexOfMark(this.renderedFirst);
    const keptLast = this.layout.indexOfMark(this.renderedLast);
    if (!this.trimming && keptFirst >= 0 && keptLast >= 0 && keptFirst <= last && keptLast >= first) {
      first = Math.max(Math.min(first, keptFirst), first - keep);
      last = Math.min(Math.max(last, keptLast), last + keep);
    }
    return { first, last, offset: this.layout.top(first) };
  }

  /** After the commit: size the scroll content and move the reader if an arrival shifted them. */
  committed(shown: RowWindow): void {
    this.rendered = shown;
    this.numberRows(shown.first);
    this.renderedFirst = this.layout.markAt(shown.first);
    this.renderedLast = this.layout.markAt(shown.last);
    this.trimming = false;
    this.trimWhenIdle();
    if (this.sizer) this.sizer.style.height = `${this.layout.totalHeight}px`;
    if (this.pendingWrite) this.writeScroll();
    this.pendingWrite = false;
  }

  // Ref callbacks: React 19 calls the returned cleanup when the element goes.
  attachScroller = (el: HTMLElement | null): (() => void) | undefined => {
    if (!el) return undefined;
    this.element = el;
    const onScroll = (): void => {
      // Our own writes come back rounded; anything a pixel or more away is the reader scrolling.
      const top = el.scrollTop;
      if (Math.abs(top - this.scrollTop) >= 1) this.scrollTop = top;
      const atTop = this.scrollTop <= this.options.atTopPx;
      if (atTop !== this.atTop) {
        this.atTop = atTop;
        if (atTop) this.onReachedTop();
      }
      this.rerenderIfMoved();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const frame = new ResizeObserver((entries) => {
      const height = entries[entries.length - 1]?.contentRect.height ?? 0;
      if (height <= 0 || height === this.viewportHeight) return;
      this.viewportHeight = height;
      this.rerenderIfMoved();
    });
    frame.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      frame.disconnect();
      this.element = null;
    };
  };

  attachSizer = (el: HTMLElement | null): (() => void) | undefined => {
    if (!el) return undefined;
    this.sizer = el;
    el.style.height = `${this.layout.totalHeight}px`;
    return () => {
      this.sizer = null;
    };
  };

  /** The block the rows are rendered in, in order. */
  attachRows = (el: HTMLElement | null): (() => void) | undefined => {
    if (!el) return undefined;
    this.rowsBlock = el;
    return () => {
      this.rowsBlock = null;
    };
  };

  /** A rendered row: observed for its height until it leaves the DOM. */
  observeRow = (el: HTMLElement, itemId: string): (() => void) => {
    this.rowIds.set(el, itemId);
    this.rowObserver ??= new ResizeObserver((entries) => this.rowsResized(entries));
    this.rowObserver.observe(el);
    return () => {
      this.rowIds.delete(el);
      this.rowObserver?.unobserve(el);
    };
  };

  /** Brings row `index` fully into view, moving as little as possible (keyboard moves). */
  scrollToIndex(index: number): void {
    const top = this.layout.top(index);
    const bottom = top + this.layout.heightAt(index);
    if (top < this.scrollTop) this.scrollTo(top);
    else if (bottom > this.scrollTop + this.viewportHeight) this.scrollTo(Math.min(top, bottom - this.viewportHeight));
  }

  scrollToTop(): void {
    this.scrollTo(0);
    this.atTop = true;
    this.onReachedTop();
  }

  private scrollTo(offset: number): void {
    this.scrollTop = Math.max(0, offset);
    this.writeScroll();
    this.rerenderIfMoved();
  }

  private rowsResized(entries: readonly ResizeObserverEntry[]): void {
    let changed = false;
    let scrollBy = 0;
    for (const entry of entries) {
      const id = this.rowIds.get(entry.target);
      const height = entry.borderBoxSize[0]?.blockSize;
      if (id === undefined || height === undefined) continue;
      const at = Number((entry.target as HTMLElement).dataset['index'] ?? -1);
      const measured = this.layout.measure(id, height, this.atTop ? null : this.scrollTop + scrollBy, at);
      if (!measured || measured.delta === 0) continue;
      changed = true;
      scrollBy += measured.scrollBy;
    }
    if (!changed) return;
    // Written here, before the frame is painted, so rows above the reader that turned out taller
    // or shorter than estimated never show the reader's rows jumping.
    if (this.sizer) this.sizer.style.height = `${this.layout.totalHeight}px`;
    if (scrollBy !== 0) {
      this.scrollTop = Math.max(0, this.scrollTop + scrollBy);
      this.writeScroll();
    }
    this.rerenderIfMoved();
  }

  // Every arrival renumbers the rows below it. Written here, on the rows in the DOM, rather than
  // as props: as props they would render every row again on every arrival.
  private numberRows(first: number): void {
    const rows = this.rowsBlock?.children;
    if (!rows) return;
    const size = String(this.layout.count);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as HTMLElement;
      const index = String(first + i);
      if (row.dataset['index'] !== index) {
        row.dataset['index'] = index;
        row.setAttribute('aria-posinset', String(first + i + 1));
      }
      if (row.getAttribute('aria-setsize') !== size) row.setAttribute('aria-setsize', size);
    }
  }

  private writeScroll(): void {
    if (this.element) this.element.scrollTop = this.scrollTop;
  }

  private trimWhenIdle(): void {
    if (this.trimScheduled) return;
    const needed = this.neededRows();
    if (this.rendered.first >= needed.first && this.rendered.last <= needed.last) return;
    this.trimScheduled = true;
    const trim = (): void => {
      this.trimScheduled = false;
      this.trimming = true;
      this.rerender();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(trim, { timeout: 1000 });
    else setTimeout(trim, 50);
  }

  private rerenderIfMoved(): void {
    const next = this.window();
    if (next.first !== this.rendered.first || next.last !== this.rendered.last || next.offset !== this.rendered.offset) this.rerender();
  }
}

export interface ColumnViewportHandle {
  readonly rows: RowWindow;
  readonly layout: RowLayout;
  readonly viewport: ColumnViewport;
}

export function useColumnViewport(rows: readonly LaidOutRow[], options: ViewportOptions, onReachedTop: () => void): ColumnViewportHandle {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [viewport] = useState(() => new ColumnViewport(options, rerender));
  viewport.onReachedTop = onReachedTop;
  viewport.sync(rows);
  const shown = viewport.window();
  useLayoutEffect(() => viewport.committed(shown));
  return { rows: shown, layout: viewport.layout, viewport };
}

