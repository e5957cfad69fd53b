// One item in full: its text, the signals that set its severity, its links (as text, with their
// real hosts), its HTML in the sandboxed frame and the raw payload as received. Opened from a row
// ("Details" or Enter); everything attacker-controlled stays data. Retracting is the control
// bar's dialog: the screen that composes both passes `onRetract`.
import type { ChannelSummary, Role } from '../../../../electron/shared/contract';
import { Dialog } from '../../../components/dialog';
import { HtmlFrame, useHtmlPreview } from '../../../components/html-frame';
import { ErrorNotice } from '../../../components/notice';
import { ActionButton } from '../../../components/unavailable-button';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatDateTime } from '../../../lib/format';
import { itemKey, type ItemRef } from '../../../lib/item-ref';
import { describeLink, linksInText, uniqueLinks } from '../../../lib/links';
import { supervisorOnly } from '../../../lib/roles';
import { useFeedItem } from '../api/feed';
import { offersCorrection } from '../state/correction-store';
import { useDetail, useFeedUiActions, useIsSelected } from '../state/feed-ui-store';
import { CorrectionButton } from './correction-button';
import { ProvenanceBadge, StatusTag } from './item-badges';
import { DetailImages } from './item-media';
import { LinkList } from './link-list';

const noIds: ReadonlySet<string> = new Set();

export interface ItemDetailProps {
  /** The signed-in person's role (retracting is for supervisors and admins). */
  readonly role: Role;
  /** Opens the retract dialog on this item (after the detail closes). */
  readonly onRetract: (ref: ItemRef) => void;
}

export function ItemDetail(props: ItemDetailProps) {
  const detail = useDetail();
  if (!detail) return null;
  return <ItemDetailDialog key={itemKey(detail)} detail={detail} {...props} />;
}

function channelName(channels: readonly ChannelSummary[] | undefined, id: string): string {
  return channels?.find((c) => c.id === id)?.name ?? id;
}

function ItemDetailDialog({ detail, role, onRetract }: ItemDetailProps & { readonly detail: ItemRef }) {
  const { detailClosed, itemSelectionToggled } = useFeedUiActions();
  const query = useFeedItem(detail.channelId, detail.itemId);
  const channels = useChannels();
  const selected = useIsSelected(itemKey(detail));
  const preview = useHtmlPreview(query.data?.html ?? null);
  const name = channelName(channels.data, detail.channelId);
  const kind = channels.data?.find((c) => c.id === detail.channelId)?.kind;

  const item = query.data?.item;
  const links = item
    ? uniqueLinks(preview?.links ?? [], item.url ? [describeLink(item.url)] : [], linksInText(item.text))
    : [];

  return (
    <Dialog title={`Item on ${name}`} onClose={detailClosed} testId="item-detail" wide>
      {query.isPending ? <p>Loading the item…</p> : null}
      <ErrorNotice>{query.isError ? errorMessage(query.error) : null}</ErrorNotice>
      {item && query.data ? (
        <div className="detail">
          <div className="detail__meta">
            <ProvenanceBadge provenance={item.provenance} severity={item.severity} />
            <StatusTag status={item.status} statusDetail={item.statusDetail} />
            <span>published {formatDateTime(item.publishedAt)}</span>
            <span>first seen {formatDateTime(item.firstSeenAt)}</span>
            {item.matchedBy ? <span>matched by {item.matchedBy}</span> : null}
          </div>
          {item.statusDetail ? <p className="detail__muted">{item.statusDetail}</p> : null}
          <section aria-labelledby="detail-text">
            <h3 id="detail-text" className="detail__heading">
              Text as published
            </h3>
            <p className="detail__text" data-testid="item-detail-text">
              {item.text}
            </p>
          </section>
          {item.media.length > 0 ? (
            <section aria-labelledby="detail-images">
              <h3 id="detail-images" className="detail__heading">
                Images (checked and re-encoded by Control Room; nothing is loaded from the channel)
              </h3>
              <DetailImages media={item.media} />
            </section>
          ) : null}
          {item.signals.length > 0 ? (
            <section aria-labelledby="detail-signals">
              <h3 id="detail-signals" className="detail__heading">
                Why it alarms
              </h3>
              <ul className="detail__signals">
                {item.signals.map((s, i) => (
                  <li key={`${s.kind}-${i}`}>
                    <strong>{s.kind}</strong> — {s.detail} (weight {s.weight})
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section aria-labelledby="detail-links">
            <h3 id="detail-links" className="detail__heading">
              Links (shown as text; opened only on request)
            </h3>
            <LinkList links={links} />
          </section>
          {preview ? (
            <section aria-labelledby="detail-html">
              <h3 id="detail-html" className="detail__heading">
                As it appears (sandboxed preview)
              </h3>
              <HtmlFrame preview={preview} title={`HTML of the item on ${name}, sandboxed`} />
            </section>
          ) : null}
          <details className="detail__raw">
            <summary>Raw payload as received (evidence)</summary>
            <pre data-testid="item-raw">{query.data.raw}</pre>
          </details>
          <div className="form__actions">
            <button type="button" className="button" onClick={() => itemSelectionToggled(detail)} aria-pressed={selected}>
              {selected ? 'Selected for retraction ✓' : 'Select for retraction'}
            </button>
            <ActionButton
              testId="detail-retract"
              unavailable={supervisorOnly(role, 'retract') ?? (item.status === 'live' ? null : `this item is ${item.status}`)}
              onClick={() => {
                detailClosed();
                onRetract(detail);
              }}
              variant="danger"
            >
              Retract this item
            </ActionButton>
            {kind && offersCorrection(item, kind, noIds) ? <CorrectionButton item={item} tabbable onDone={detailClosed} /> : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
