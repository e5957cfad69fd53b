// Publishing an approved statement: choose the channels (those with a variant for their kind),
// whether to go through a freeze that holds them, then fan it out at once or schedule it for a
// time (typed and shown in this screen's zone, named), and watch each channel's outbox row.
import { useId, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { ChannelPicker } from '../../../components/channel-picker';
import { ErrorNotice } from '../../../components/notice';
import { ThroughFreezeChoice, useThroughFreeze } from '../../../components/through-freeze';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { eligibleChannels } from '../../../lib/channel-variants';
import { localTimeZone, utcOffsetLabel } from '../../../lib/format';
import { useStatementMutations } from '../api/statements';
import { instantOfLocalInput } from '../lib/schedule-input';

type Statement = CallOutput<'statements.list'>[number];

/** A time for later: the zone is named, and what happens past the approval window is said up front. */
function ScheduleChoice({ statement, chosen }: { readonly statement: Statement; readonly chosen: readonly string[] }) {
  const { schedule } = useStatementMutations();
  const [when, setWhen] = useState('');
  const fieldId = useId();
  const hintId = useId();
  const at = instantOfLocalInput(when);
  const zone = localTimeZone();
  const offset = utcOffsetLabel(at ? new Date(at) : new Date(), zone);
  return (
    <div className="schedule">
      <div className="field">
        <label htmlFor={fieldId} className="field__label">
          Or schedule for (local time, {zone})
        </label>
        <input
          id={fieldId}
          type="datetime-local"
          className="field__input"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          aria-describedby={hintId}
          data-testid="statement-schedule-at"
        />
        <p id={hintId} className="field__hint">
          <span className="schedule__zone" data-testid="statement-schedule-zone">
            {zone} ({offset})
          </span>
          . A freeze holds it at that time; if its approval has run out by then, a supervisor confirms it before it goes.
        </p>
      </div>
      <button
        type="button"
        className="button"
        disabled={chosen.length === 0 || at === null || schedule.isPending}
        onClick={() => at && schedule.mutate({ id: statement.id, channelIds: [...chosen], at })}
        data-testid="statement-schedule"
      >
        {schedule.isPending ? 'Scheduling…' : 'Schedule'}
      </button>
      <ErrorNotice testId="statement-schedule-error">{schedule.isError ? errorMessage(schedule.error) : null}</ErrorNotice>
    </div>
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
      <ScheduleChoice statement={statement} chosen={chosen} />
    </div>
  );
}
