// One statement's outbox, a row per channel: queued, held by a freeze, sending, sent, outcome
// unknown while it is read back, failed and why. Shown under a published statement and after a
// break-glass publish alike.
import type { ChannelSummary } from '../../electron/shared/contract';
import { useOutbox } from '../lib/api/outbox';
import { formatClock } from '../lib/format';

export function OutboxRows({ statementId, channels }: { readonly statementId: string; readonly channels: readonly ChannelSummary[] }) {
  const outbox = useOutbox(statementId);
  if (!outbox.data || outbox.data.length === 0) return null;
  const name = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  return (
    <ul className="outbox" data-testid={`outbox-${statementId}`}>
      {outbox.data.map((r) => (
        <li key={r.id} className={`outbox__row outbox__row--${r.status}`} data-status={r.status} data-channel={r.channelId}>
          <strong>{name(r.channelId)}</strong> {r.status}
          {r.sentAt ? ` at ${formatClock(r.sentAt)}` : ''}
          {r.heldReason ? ` — ${r.heldReason}` : ''}
          {r.lastError ? ` — ${r.lastError}` : ''}
          {r.url ? <span className="detail__muted"> {r.url}</span> : null}
        </li>
      ))}
    </ul>
  );
}
