// Publishing an approved statement: choose the channels (those with a variant for their kind),
// whether to go through a freeze that holds them, fan it out at once, and watch each channel's
// outbox row (queued, held by a freeze, sending, sent, outcome unknown while it is read back,
// failed and why).
import { useState } from 'react';
import type { CallOutput, ChannelSummary } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatClock } from '../../../lib/format';
import { useChannels } from '../../../lib/api/channels';
import { ThroughFreezeChoice, useThroughFreeze } from '../../../components/through-freeze';
import { eligibleChannels } from '../../../lib/channel-variants';
import { useOutbox, useStatementMutations } from '../api/statements';
import { ChannelPicker } from '../../../components/channel-picker';

type Statement = CallOutput<'statements.list'>[number];

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

export function PublishPanel({ statement }: { readonly statement: Statement }) {
  const channels = useChannels();
  const { publish } = useStatementMutations();
  const eligible = eligibleChannels(channels.data ?? [], statement.variants);
  const [chosen, setChosen] = useState<readonly string[]>(() => eligible.map((c) => c.id));
  const throughFreeze = useThroughFreeze(chosen);

  return (
    <div className="publish" data-testid={`publish-${statement.id}`}>
      <ChannelPicker legend="Publish to" eligible={eligible} chosen={chosen} onChange={setChosen} />
      <ThroughFreezeChoice
        frozenChosen={throughFreeze.frozenChosen}
        channels={channels.data ?? []}
        value={throughFreeze.value}
        onChange={throughFreeze.set}
        testId="statement-through-freeze"
      />
      <ErrorNotice>{publish.isError ? errorMessage(publish.error) : null}</ErrorNotice>
      <button
        type="button"
        className="button button--danger"
        disabled={chosen.length === 0 || publish.isPending}
        onClick={() => publish.mutate({ id: statement.id, channelIds: [...chosen], throughFreeze: throughFreeze.value })}
        data-testid="statement-publish"
      >
        {publish.isPending ? 'Publishing…' : `Publish now on ${chosen.length} ${chosen.length === 1 ? 'channel' : 'channels'}`}
      </button>
    </div>
  );
}
