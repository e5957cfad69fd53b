// A statement whose approval ran out while it waited (offline, scheduled, frozen) is held, never
// sent on an approval nobody would give it now and never dropped: every signed-in screen says so
// here, under the control bar, until a supervisor confirms it (one click, fresh passphrase) or
// cancels it. The core pushes the new set to every screen after each change.
import type { AccountViewData } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { ActionButton } from '../../../components/unavailable-button';
import { useChannels } from '../../../lib/api/channels';
import { useAwaitingConfirmation, useSendDecisions } from '../../../lib/api/outbox';
import { errorMessage } from '../../../lib/call';
import { formatZoned } from '../../../lib/format';
import { supervisorOnly } from '../../../lib/roles';

export function ConfirmationBanner({ me }: { readonly me: AccountViewData }) {
  const awaiting = useAwaitingConfirmation();
  const channels = useChannels();
  const { confirm, cancel } = useSendDecisions();
  if (!awaiting.data || awaiting.data.length === 0) return null;
  const name = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;
  const notSupervisor = supervisorOnly(me.role, 'confirm or cancel it');
  const busy = confirm.isPending || cancel.isPending;
  const failure = confirm.isError ? confirm.error : cancel.isError ? cancel.error : null;
  return (
    <section className="confirm-banner" aria-label="Statements waiting for a confirmation" data-testid="confirmation-banner">
      <ul className="confirm-banner__list">
        {awaiting.data.map((a) => (
          <li key={a.statementId} className="confirm-banner__item" data-testid="confirmation-needed" data-statement={a.statementId}>
            <p className="confirm-banner__text">
              <strong className="confirm-banner__tag">CONFIRM BEFORE SENDING</strong> “{a.title}” has not gone out on {a.channelIds.map(name).join(', ')}, and its
              approval ran out at {formatZoned(a.approvedUntil)}. It waits until a supervisor confirms it goes now, or cancels it.
            </p>
            <div className="confirm-banner__actions">
              <ActionButton testId="confirm-send" variant="primary" unavailable={notSupervisor ?? (busy ? 'working…' : null)} onClick={() => confirm.mutate(a.statementId)}>
                Confirm and send now
              </ActionButton>
              <ActionButton testId="cancel-send" unavailable={notSupervisor ?? (busy ? 'working…' : null)} onClick={() => cancel.mutate(a.statementId)}>
                Cancel it
              </ActionButton>
            </div>
          </li>
        ))}
      </ul>
      {notSupervisor ? <p className="confirm-banner__note">Ask a supervisor to confirm or cancel it.</p> : null}
      <ErrorNotice>{failure ? errorMessage(failure) : null}</ErrorNotice>
    </section>
  );
}
