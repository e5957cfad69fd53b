// Publishing an approved statement: choose the channels (those with a variant for their kind),
// whether to go through a freeze that holds them, fan it out at once, and watch each channel's
// outbox row (queued, held by a freeze, sending, sent, outcome unknown while it is read back,
// failed and why).
import { useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { ChannelPicker } from '../../../components/channel-picker';
import { ErrorNotice } from '../../../components/notice';
import { ThroughFreezeChoice, useThroughFreeze } from '../../../components/through-freeze';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { eligibleChannels } from '../../../lib/channel-variants';
import { useStatementMutations } from '../api/statements';

type Statement = CallOutput<'statements.list'>[number];

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
