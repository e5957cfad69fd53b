// Under a published statement, what of it has not gone out yet: when it is scheduled for (in this
// screen's zone, named) and, for supervisors, the button that cancels it. Cancelled before
// anything went out, the statement is approved again and can be published or scheduled anew.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { useOutbox, useSendDecisions } from '../../../lib/api/outbox';
import { errorMessage } from '../../../lib/call';
import { formatZoned } from '../../../lib/format';

export function UnsentSend({ statementId, me }: { readonly statementId: string; readonly me: AccountViewData }) {
  const outbox = useOutbox(statementId);
  const { cancel } = useSendDecisions();
  const queued = outbox.data?.filter((r) => r.status === 'queued') ?? [];
  if (queued.length === 0) return null;
  // A scheduled row keeps its time while a freeze holds it.
  const scheduled = queued.find((r) => r.notBefore !== null && (r.heldBy === 'schedule' || r.heldBy === 'freeze'));
  const supervisor = me.role === 'supervisor' || me.role === 'admin';
  return (
    <div className="scheduled-send" data-testid="unsent-send">
      {scheduled?.notBefore ? (
        <p className="scheduled-send__when" data-testid="scheduled-for">
          <span className="scheduled-send__tag">SCHEDULED</span> for {formatZoned(scheduled.notBefore)}
        </p>
      ) : (
        <p className="scheduled-send__when">Not gone out yet on {queued.length === 1 ? '1 channel' : `${queued.length} channels`}.</p>
      )}
      {supervisor ? (
        <button type="button" className="button button--small" disabled={cancel.isPending} onClick={() => cancel.mutate(statementId)} data-testid="statement-cancel-send">
          {scheduled ? 'Cancel the scheduled send' : 'Cancel what has not gone out'}
        </button>
      ) : null}
      <ErrorNotice>{cancel.isError ? errorMessage(cancel.error) : null}</ErrorNotice>
    </div>
  );
}
