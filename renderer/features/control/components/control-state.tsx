// The overall state in one word a room can read from two metres: ALL CLEAR, ALERT with the count
// of unverified live items, or FROZEN since when and by whom.
import { formatClockShort } from '../../../lib/format';
import { useAlerts } from '../../feeds/api/use-alerts';
import { useFrozen } from '../api/control';

export function ControlState() {
  const frozen = useFrozen();
  const { live } = useAlerts();
  const state = frozen ? 'frozen' : live.length > 0 ? 'alert' : 'clear';
  return (
    <div
      className={`control-state control-state--${state}`}
      data-testid="control-state"
      data-state={state}
      data-count={live.length}
      role="status"
      aria-live="polite"
    >
      {frozen ? (
        <>
          FROZEN <span className="control-state__detail">since {formatClockShort(frozen.since)} by {frozen.by}</span>
        </>
      ) : live.length > 0 ? (
        <>
          ALERT{' '}
          <span className="control-state__detail" title={`${live.length} unverified ${live.length === 1 ? 'item is' : 'items are'} live`}>
            {live.length} unverified live
          </span>
        </>
      ) : (
        'ALL CLEAR'
      )}
      {frozen && live.length > 0 ? <span className="control-state__detail"> · {live.length} unverified live</span> : null}
    </div>
  );
}
