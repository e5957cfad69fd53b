// One statement's outbox, a row per channel: queued, scheduled (the time in this screen's zone,
// named), held by a freeze or for a supervisor's confirmation, sending, sent, outcome unknown
// while it is read back, failed and why, cancelled and by whom. Shown under a published statement
// and after a break-glass publish alike.
import type { CallOutput, ChannelSummary } from '../../electron/shared/contract';
import { useAccounts } from '../lib/api/accounts';
import { useOutbox } from '../lib/api/outbox';
import { formatClock, formatZoned } from '../lib/format';

type OutboxRow = CallOutput<'control.outbox'>[number];

/** What the row's status word leaves out, in words for people. */
function rowNote(r: OutboxRow, who: (id: string | null) => string): string {
  if (r.status === 'cancelled') return ` — cancelled by ${who(r.cancelledBy)}${r.cancelledAt ? ` at ${formatClock(r.cancelledAt)}` : ''}; nothing went out`;
  if (r.heldBy === 'schedule' && r.notBefore) return ` for ${formatZoned(r.notBefore)}`;
  if (r.heldBy === 'stale-approval') return ` — its approval ran out at ${formatZoned(r.approvedUntil)} while it waited: a supervisor confirms or cancels it`;
  const confirmed = r.confirmedBy ? ` (confirmed by ${who(r.confirmedBy)} after its approval ran out)` : '';
  return `${confirmed}${r.heldReason ? ` — ${r.heldReason}` : ''}`;
}

export function OutboxRows({ statementId, channels }: { readonly statementId: string; readonly channels: readonly ChannelSummary[] }) {
  const outbox = useOutbox(statementId);
  const accounts = useAccounts();
  if (!outbox.data || outbox.data.length === 0) return null;
  const name = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const who = (id: string | null) => (id ? (accounts.data?.find((a) => a.id === id)?.displayName ?? id) : 'someone');
  return (
    <ul className="outbox" data-testid={`outbox-${statementId}`}>
      {outbox.data.map((r) => (
        <li key={r.id} className={`outbox__row outbox__row--${r.status}`} data-status={r.status} data-held={r.heldBy ?? undefined} data-channel={r.channelId}>
          <strong>{name(r.channelId)}</strong> {r.status === 'queued' && r.heldBy === 'schedule' ? 'scheduled' : r.status}
          {r.sentAt ? ` at ${formatClock(r.sentAt)}` : ''}
          {rowNote(r, who)}
          {r.lastError ? ` — ${r.lastError}` : ''}
          {r.url ? <span className="detail__muted"> {r.url}</span> : null}
        </li>
      ))}
    </ul>
  );
}
