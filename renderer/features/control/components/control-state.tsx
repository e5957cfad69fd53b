// The overall state in one word a room can read from two metres: ALL CLEAR, ALERT with the count
// of unverified live items, or FROZEN since when and by whom. The count comes from the columns
// (the feeds feature), handed in by the screen.
import { formatClockShort } from '../../../lib/format';
import { useFrozen } from '../api/control';

export function ControlState({ unverifiedLive }: { readonly unverifiedLive: number }) {
  const frozen = useFrozen();
  const state = frozen ? 'frozen' : unverifiedLive > 0 ? 'alert' : 'clear';
  return (
    <div
      className={`control-state control-state--${state}`}
      data-testid="control-state"
      data-state={state}
      data-count={unverifiedLive}
      role="status"
      aria-live="polite"
    >
      {frozen ? (
        <>
          FROZEN <span className="control-state__detail">since {formatClockShort(frozen.since)} by {frozen.by}</span>
        </>
      ) : unverifiedLive > 0 ? (
        <>
          ALERT{' '}
          <span className="control-state__detail" title={`${unverifiedLive} unverified ${unverifiedLive === 1 ? 'item is' : 'items are'} live`}>
            {unverifiedLive} unverified live
          </span>
        </>
      ) : (
        'ALL CLEAR'
      )}
      {frozen && unverifiedLive > 0 ? <span className="control-state__detail"> · {unverifiedLive} unverified live</span> : null}
    </div>
  );
}
