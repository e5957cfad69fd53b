// One live column: the channel's header and its items newest first, virtualised so 20,000 items
// scroll smoothly. Used as is by the live screen and by the performance page (no core needed).
// When the person has scrolled down, items arriving on top must not move what they are reading:
// the viewport keeps their rows in place (use-column-viewport) and a pill offers the new ones.
// At the top, new items simply appear, as in TweetDeck. An arrival costs what its own row costs:
// row heights are kept by item id, and no row is measured during React's commit.
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { ChannelHealth } from '../../../components/channel-health';
import { registerColumn } from '../state/column-registry';
import { offersCorrection, useCorrectionsOfferedIn } from '../state/correction-store';
import { useCursor, useCursorMoves, useFeedFilter, useSelectedIdsIn } from '../state/feed-ui-store';
import { filterItems, recountUnverifiedLive } from './filter-items';
import type { ChannelReader } from '../api/readers';
import { ItemRow } from './item-row';
import { useColumnViewport, type ViewportOptions } from './use-column-viewport';

export interface ChannelColumnProps {
  readonly channel: ChannelSummary;
  readonly items: readonly FeedItem[];
  readonly order: number;
  readonly loading?: boolean;
  readonly error?: string | null;
  /** Called after each commit that changed the items (the performance page times appends). */
  readonly onItemsCommitted?: (channelId: string, count: number) => void;
  /** Whether the channel is frozen (in quarantine): the column says so in its header. */
  readonly frozen?: boolean;
  /**
   * Team mode: the desk reading this channel for the bureau, null when no desk does (nothing is read:
   * an alarm). Absent on one desk (SQLite) and on the performance page: nothing is shown.
   */
  readonly reader?: ChannelReader;
  /** Controls for this channel in its header (freeze, unfreeze); the live screen passes them. */
  readonly headerActions?: ReactNode;
}

const viewportOptions: ViewportOptions = { estimate: 132, overscan: 4, atTopPx: 4, keep: 12 };

export function ChannelColumn({ channel, items, order, loading = false, error = null, onItemsCommitted, frozen = false, reader, headerActions }: ChannelColumnProps) {
  const headingId = useId();
  const filter = useFeedFilter();
  const visible = useMemo(() => filterItems(items, filter.text, filter.unverifiedOnly), [items, filter.text, filter.unverifiedOnly]);
  const counted = useRef<{ readonly items: readonly FeedItem[]; readonly count: number }>({ items: [], count: 0 });
  const unverifiedLive = useMemo(() => {
    const count = recountUnverifiedLive(counted.current.items, counted.current.count, items);
    counted.current = { items, count };
    return count;
  }, [items]);
  const cursor = useCursor();
  const cursorMoves = useCursorMoves();
  const selectedIds = useSelectedIdsIn(channel.id);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const correctionIds = useCorrectionsOfferedIn(channel.id);
  const corrections = useMemo(() => new Set(correctionIds), [correctionIds]);

  const [unseen, setUnseen] = useState(0);
  const backAtTop = useCallback(() => setUnseen((n) => (n === 0 ? n : 0)), []);
  const { rows, layout, viewport } = useColumnViewport(visible, viewportOptions, backAtTop);
  // The header does not change with the items: keep it out of every arrival's render.
  const readElsewhere = reader !== undefined && reader !== null && !reader.self;
  const health = useMemo(() => <ChannelHealth channel={channel} readElsewhere={readElsewhere} />, [channel, readElsewhere]);

  // Count what arrived above the reader while they were scrolled down.
  const previousFirst = useRef<string | null>(null);
  useLayoutEffect(() => {
    const first = visible[0]?.itemId ?? null;
    const before = previousFirst.current;
    previousFirst.current = first;
    if (before === null || first === before || viewport.atTop) return;
    const at = layout.indexOf(before);
    if (at > 0) setUnseen((n) => n + at);
  }, [visible]);

  useLayoutEffect(() => {
    onItemsCommitted?.(channel.id, items.length);
  }, [items, channel.id, onItemsCommitted]);

  // The keyboard reads what this column shows, in order.
  const visibleRef = useRef(visible);
  visibleRef.current = visible;
  useEffect(() => registerColumn({ channelId: channel.id, order, visible: () => visibleRef.current }), [channel.id, order]);

  // A keyboard move into this column scrolls the item into view and gives it focus.
  const cursorHere = cursor?.channelId === channel.id ? cursor.itemId : null;
  useEffect(() => {
    if (cursorMoves === 0 || cursorHere === null) return;
    const index = layout.indexOf(cursorHere);
    if (index < 0) return;
    viewport.scrollToIndex(index);
    let frames = 0;
    let raf = 0;
    const focus = (): void => {
      const el = viewport.element?.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (frames++ < 10) raf = requestAnimationFrame(focus);
    };
    raf = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(raf);
    // Only keyboard moves scroll: a click or focus already put the item where the person is looking.
  }, [cursorMoves]);

  const cursorIndex = cursorHere === null ? -1 : layout.indexOf(cursorHere);
  const tabbableIndex = cursorIndex >= 0 ? cursorIndex : 0;

  return (
    <section className={frozen ? 'column column--frozen' : 'column'} data-testid={`column-${channel.id}`} data-frozen={frozen ? 'true' : 'false'} aria-labelledby={headingId}>
      <header className="column__header">
        <h2 id={headingId} className="column__title">
          {channel.name}
          {channel.demo ? <span className="column__demo"> · demo</span> : null}
        </h2>
        {frozen ? (
          <p className="column__frozen" data-testid={`column-frozen-${channel.id}`}>
            FROZEN (quarantine)
          </p>
        ) : null}
        {health}
        {reader === undefined ? null : <ReaderLine channelId={channel.id} reader={reader} />}
        <p className="column__counts" data-testid={`column-counts-${channel.id}`}>
          {items.length} {items.length === 1 ? 'item' : 'items'}
          {visible.length !== items.length ? ` · ${visible.length} shown` : ''}
          {unverifiedLive > 0 ? <strong className="column__unverified"> · {unverifiedLive} unverified live</strong> : null}
        </p>
        {headerActions}
      </header>
      {unseen > 0 ? (
        <button
          type="button"
          className="column__new"
          onClick={() => viewport.scrollToTop()}
        >
          ↑ {unseen} new {unseen === 1 ? 'item' : 'items'} above
        </button>
      ) : null}
      {error ? (
        <p className="column__empty notice--error" role="alert">
          {error}
        </p>
      ) : visible.length === 0 ? (
        <p className="column__empty">{loading ? 'Reading the channel…' : items.length === 0 ? 'Nothing published here yet.' : 'No item matches the filter.'}</p>
      ) : null}
      {/* A feed must own articles: an empty column is a plain box until its first item arrives. */}
      <div
        ref={viewport.attachScroller}
        className="column__scroll"
        role={visible.length > 0 ? 'feed' : undefined}
        aria-busy={visible.length > 0 ? loading : undefined}
        aria-labelledby={visible.length > 0 ? headingId : undefined}
      >
        <div ref={viewport.attachSizer} className="column__sizer">
          <div ref={viewport.attachRows} className="column__rows" style={{ transform: `translateY(${rows.offset}px)` }}>
            {rowIndexes(rows.first, rows.last).map((index) => {
              const item = visible[index];
              if (!item) return null;
              return (
                <ItemRow
                  key={item.itemId}
                  item={item}
                  channelName={channel.name}
                  selected={selected.has(item.itemId)}
                  isCursor={index === cursorIndex}
                  tabbable={index === tabbableIndex}
                  measure={viewport.observeRow}
                  offerCorrection={offersCorrection(item, channel.kind, corrections)}
                />
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

function rowIndexes(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

/** Team mode: which desk reads the channel. Nobody reading means nothing new arrives: shown as an alarm. */
function ReaderLine({ channelId, reader }: { readonly channelId: string; readonly reader: ChannelReader }) {
  if (reader === null) {
    return (
      <p className="column__reader column__reader--none" role="alert" data-testid={`column-reader-${channelId}`} data-reader="none">
        No desk reading: nothing new arrives
      </p>
    );
  }
  return (
    <p className="column__reader" data-testid={`column-reader-${channelId}`} data-reader={reader.self ? 'self' : 'other'}>
      Read by {reader.self ? 'this desk' : reader.deskName}
    </p>
  );
}
