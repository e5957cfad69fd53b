// One observed item in a column (an ARIA feed article: the cursor row's own controls join the Tab
// order, the others stay out of it so Tab moves between columns). The text is attacker-controlled data: it is rendered as a text
// node (never as markup), and a link is shown as text with the host it really points at.
// An arrival on top renumbers every row below it: the column writes the position attributes
// (data-index, aria-posinset, aria-setsize) after each commit, so no row renders again for that.
import { memo, useCallback, useId } from 'react';
import type { FeedItem } from '../../../../electron/shared/contract';
import { formatClock, formatDateTime, hostOf } from '../../../lib/format';
import { itemKey } from '../../../lib/item-ref';
import { useFeedUiActions } from '../state/feed-ui-store';
import { CorrectionButton } from './correction-button';
import { ProvenanceBadge, StatusTag } from './item-badges';
import { ItemMedia } from './item-media';

export interface ItemRowProps {
  readonly item: FeedItem;
  readonly channelName: string;
  readonly selected: boolean;
  readonly isCursor: boolean;
  /** The one row per column reachable with Tab (roving tabindex). */
  readonly tabbable: boolean;
  /** Observes the rendered row's height until it leaves the DOM (returns the cleanup). */
  readonly measure: (el: HTMLElement, itemId: string) => () => void;
  /** An email that cannot be recalled: offer a correction bulletin to the same list. */
  readonly offerCorrection?: boolean;
}

export const ItemRow = memo(function ItemRow({ item, channelName, selected, isCursor, tabbable, measure, offerCorrection = false }: ItemRowProps) {
  const { itemSelectionToggled, cursorPlaced, detailOpened } = useFeedUiActions();
  const textId = useId();
  const itemId = item.itemId;
  const observe = useCallback((el: HTMLElement | null) => (el ? measure(el, itemId) : undefined), [measure, itemId]);
  const ref = { channelId: item.channelId, itemId: item.itemId };
  const at = item.publishedAt ?? item.firstSeenAt;
  const host = item.url ? hostOf(item.url) : null;
  const summary = `${item.provenance}${item.severity && item.provenance === 'unverified' ? ` ${item.severity}` : ''} item on ${channelName} at ${formatClock(at)}, ${item.status}`;
  const classes = ['item', `item--${item.provenance}`, `item--${item.status}`, selected ? 'item--selected' : '', isCursor ? 'item--cursor' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <article
      ref={observe}
      data-item-key={itemKey(ref)}
      data-testid={`item-${item.channelId}-${item.itemId}`}
      data-provenance={item.provenance}
      data-status={item.status}
      data-selected={selected ? 'true' : 'false'}
      className={classes}
      tabIndex={tabbable ? 0 : -1}
      aria-label={summary}
      aria-describedby={textId}
      onFocus={() => cursorPlaced(ref)}
      onClick={() => cursorPlaced(ref)}
    >
      <div className="item__top">
        <input
          type="checkbox"
          className="item__select"
          checked={selected}
          onChange={() => itemSelectionToggled(ref)}
          aria-label={`Select the ${formatClock(at)} item on ${channelName}`}
          tabIndex={isCursor ? 0 : -1}
        />
        <ProvenanceBadge provenance={item.provenance} severity={item.severity} />
        <time className="item__time" dateTime={at} title={formatDateTime(at)}>
          {formatClock(at)}
        </time>
        <StatusTag status={item.status} statusDetail={item.statusDetail} />
      </div>
      <p id={textId} className="item__text">
        {item.text}
      </p>
      <ItemMedia media={item.media} />
      {item.url ? (
        <p className="item__link">
          <span className="item__host">{host ?? 'unreadable link'}</span> <span className="item__url">{item.url}</span>
        </p>
      ) : null}
      {item.signals.length > 0 ? <p className="item__signals">{item.signals.map((s) => s.kind).join(' · ')}</p> : null}
      <div className="item__actions">
        <button type="button" className="button button--small" onClick={() => detailOpened(ref)} tabIndex={isCursor ? 0 : -1} data-testid="item-details">
          Details{item.hasHtml ? ' (HTML)' : ''}
        </button>
        {offerCorrection ? <CorrectionButton item={item} tabbable={isCursor} /> : null}
      </div>
    </article>
  );
});
