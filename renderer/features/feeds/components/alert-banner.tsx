// The banner that appears when an unverified item goes live: the most severe first, with a way to
// jump to each, and the one button that silences the alarm (until the next new item).
import { useChannels } from '../../../lib/api/channels';
import { formatClock } from '../../../lib/format';
import { itemKey } from '../../../lib/item-ref';
import { alertKey, useAlerts } from '../api/use-alerts';
import { useAlertActions } from '../state/alert-store';
import { useFeedUiActions } from '../state/feed-ui-store';

const shown = 3;

export function AlertBanner() {
  const { live, unacknowledged } = useAlerts();
  const { alarmAcknowledged } = useAlertActions();
  const { detailOpened, cursorMovedByKeyboard } = useFeedUiActions();
  const channels = useChannels();
  if (unacknowledged.length === 0) return null;
  const name = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;
  const top = unacknowledged.slice(0, shown);

  return (
    <section className="alert-banner" role="alert" aria-label="Unverified items" data-testid="alert-banner" data-alarm="sounding">
      <div className="alert-banner__head">
        <p className="alert-banner__title">
          ⚠ {unacknowledged.length} new unverified {unacknowledged.length === 1 ? 'item is' : 'items are'} live
          {live.length > unacknowledged.length ? ` (${live.length} in all)` : ''} — nobody approved {unacknowledged.length === 1 ? 'it' : 'them'}.
        </p>
        <button
          type="button"
          className="button button--primary"
          onClick={() => alarmAcknowledged(unacknowledged.map(alertKey))}
          data-testid="alarm-acknowledge"
        >
          Acknowledge alarm
        </button>
      </div>
      <ul className="alert-banner__items">
        {top.map((i) => (
          <li key={itemKey(i)} className="alert-banner__item">
            <span className={`badge badge--unverified badge--${i.severity ?? 'low'}`}>{i.severity ?? 'unrated'}</span>{' '}
            <span className="alert-banner__where">
              {name(i.channelId)} {formatClock(i.firstSeenAt)}
            </span>{' '}
            <span className="alert-banner__text">{i.text.length > 120 ? `${i.text.slice(0, 119)}…` : i.text}</span>{' '}
            <button
              type="button"
              className="button button--small"
              aria-label={`Show the ${formatClock(i.firstSeenAt)} item on ${name(i.channelId)}`}
              onClick={() => {
                cursorMovedByKeyboard(i);
                detailOpened(i);
              }}
            >
              Show
            </button>
          </li>
        ))}
      </ul>
      {unacknowledged.length > shown ? <p className="alert-banner__more">and {unacknowledged.length - shown} more in the columns.</p> : null}
    </section>
  );
}
