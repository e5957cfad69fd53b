// Publishing an approved statement: choose the channels (those with a variant for their kind), fan
// it out at once, and watch each channel's outbox row (queued, held by a freeze, sending, sent,
// outcome unknown while it is read back, failed and why).
import { useState } from 'react';
import type { CallOutput, ChannelSummary } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { useChannels } from '../../channels/api/channels';
import { useOutbox, useStatementMutations } from '../api/statements';

type Statement = CallOutput<'statements.list'>[number];

/** Which statement variant a channel kind takes. */
function variantFor(kind: ChannelSummary['kind']): keyof Statement['variants'] | null {
  switch (kind) {
    case 'x':
    case 'bluesky':
    case 'mastodon':
      return kind;
    case 'wordpress':
      return 'website';
    case 'email':
      return 'email';
    default:
      return null;
  }
}

export function OutboxRows({ statementId, channels }: { readonly statementId: string; readonly channels: readonly ChannelSummary[] }) {
  const outbox = useOutbox(statementId);
  if (!outbox.data || outbox.data.length === 0) return null;
  const name = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  return (
    <ul className="outbox" data-testid={`outbox-${statementId}`}>
      {outbox.data.map((r) => (
        <li key={r.id} className={`outbox__row outbox__row--${r.status}`} data-status={r.status}>
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

export function PublishPanel({ statement }: { readonly statement: Statement }) {
  const channels = useChannels();
  const { publish } = useStatementMutations();
  const eligible = (channels.data ?? []).filter((c) => {
    const v = variantFor(c.kind);
    return v !== null && statement.variants[v] !== undefined;
  });
  const [chosen, setChosen] = useState<readonly string[]>(() => eligible.map((c) => c.id));

  return (
    <div className="publish" data-testid={`publish-${statement.id}`}>
      <fieldset className="fieldset">
        <legend>Publish to</legend>
        {eligible.map((c) => (
          <label key={c.id} className="checkbox">
            <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => setChosen((ids) => (ids.includes(c.id) ? ids.filter((i) => i !== c.id) : [...ids, c.id]))} />
            {c.name}
          </label>
        ))}
        {eligible.length === 0 ? <span>No connected channel matches this statement’s variants.</span> : null}
      </fieldset>
      <ErrorNotice>{publish.isError ? errorMessage(publish.error) : null}</ErrorNotice>
      <button
        type="button"
        className="button button--danger"
        disabled={chosen.length === 0 || publish.isPending}
        onClick={() => publish.mutate({ id: statement.id, channelIds: [...chosen], throughFreeze: false })}
        data-testid="statement-publish"
      >
        {publish.isPending ? 'Publishing…' : `Publish now on ${chosen.length} ${chosen.length === 1 ? 'channel' : 'channels'}`}
      </button>
    </div>
  );
}
