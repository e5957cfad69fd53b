// One live column: the channel's header and its items newest first, virtualised so 20,000 items
// scroll smoothly. Used as is by the live screen and by the performance page (no core needed).
// When the person has scrolled down, items arriving on top must not move what they are reading:
// the virtualiser anchors on the visible item (anchorTo 'end') and a pill offers the new ones.
// At the top, new items simply appear (anchorTo 'start'), as in TweetDeck.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChannelSummary, FeedItem } from '../../../../electron/shared/contract';
import { ChannelHealth } from '../../../components/channel-health';
import { registerColumn } from '../state/column-registry';
import { offersCorrection, useCorrectionsOfferedIn } from '../state/correction-store';
import { useCursor, useCursorMoves, useFeedFilter, useSelectedIdsIn } from '../state/feed-ui-store';
import { countUnverifiedLive, filterItems } from './filter-items';
import { ItemRow } from './item-row';

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
  /** Controls for this channel in its header (freeze, unfreeze); the live screen passes them. */
  readonly headerActions?: ReactNode;
}

const atTopPx = 4;

export function ChannelColumn({ channel, items, order, loading = false, error = null, onItemsCommitted, frozen = false, headerActions }: ChannelColumnProps) {
  const headingId = useId();
  const filter = useFeedFilter();
  const visible = useMemo(() => filterItems(items, filter.text, filter.unverifiedOnly), [items, filter.text, filter.unverifiedOnly]);
  const unverifiedLive = useMemo(() => countUnverifiedLive(items), [items]);
  const cursor = useCursor();
  const cursorMoves = useCursorMoves();
  const selectedIds = useSelectedIdsIn(channel.id);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const correctionIds = useCorrectionsOfferedIn(channel.id);
  const corrections = useMemo(() => new Set(correctionIds), [correctionIds]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const atTop = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const getItemKey = useCallback((i: number) => visible[i]?.itemId ?? i, [visible]);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 132,
    overscan: 6,
    getItemKey,
    anchorTo: atTop.current ? 'start' : 'end',
    onChange: (instance) => {
      const top = (instance.scrollOffset ?? 0) <= atTopPx;
      atTop.current = top;
      if (top) setUnseen((n) => (n === 0 ? n : 0));
    },
  });

  // Count what arrived above the reader while they were scrolled down.
  const previousFirst = useRef<string | null>(null);
  useLayoutEffect(() => {
    const first = visible[0]?.itemId ?? null;
    const before = previousFirst.current;
    previousFirst.current = first;
    if (before === null || first === before || atTop.current) return;
    const at = visible.findIndex((i) => i.itemId === before);
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
    const index = visibleRef.current.findIndex((i) => i.itemId === cursorHere);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    let frames = 0;
    let raf = 0;
    const focus = (): void => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (frames++ < 10) raf = requestAnimationFrame(focus);
    };
    raf = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(raf);
    // Only keyboard moves scroll: a click or focus already put the item where the person is looking.
  }, [cursorMoves]);

  const cursorIndex = cursorHere === null ? -1 : visible.findIndex((i) => i.itemId === cursorHere);
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
        <ChannelHealth channel={channel} />
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
          onClick={() => {
            virtualizer.scrollToOffset(0);
            setUnseen(0);
          }}
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
        ref={scrollRef}
        className="column__scroll"
        role={visible.length > 0 ? 'feed' : undefined}
        aria-busy={visible.length > 0 ? loading : undefined}
        aria-labelledby={visible.length > 0 ? headingId : undefined}
      >
        <div className="column__sizer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = visible[row.index];
            if (!item) return null;
            return (
              <ItemRow
                key={row.key}
                item={item}
                channelName={channel.name}
                index={row.index}
                setSize={visible.length}
                start={row.start}
                selected={selected.has(item.itemId)}
                isCursor={row.index === cursorIndex}
                tabbable={row.index === tabbableIndex}
                measure={virtualizer.measureElement}
                offerCorrection={offersCorrection(item, channel.kind, corrections)}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
