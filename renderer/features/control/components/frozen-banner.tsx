// While anything is frozen, every signed-in screen says so under the control bar: since when, by
// whom, and why. Freezing never waits for a reason; one can be added here afterwards (the core
// fills in a freeze's empty reason when the same scope is frozen again with one).
import { useId, useState, type FormEvent } from 'react';
import { maxFreezeReasonLength } from '../../../../electron/shared/rules';
import { ErrorNotice } from '../../../components/notice';
import { useChannels } from '../../../lib/api/channels';
import { errorMessage } from '../../../lib/call';
import { formatClockShort } from '../../../lib/format';
import { allChannelsScope } from '../../../lib/api/freeze-state';
import { useControlMutations, useFrozen } from '../api/control';

export function FrozenBanner() {
  const frozen = useFrozen();
  const channels = useChannels();
  const { freeze } = useControlMutations();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  if (!frozen) return null;
  const name = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;

  const addReason = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') return;
    freeze.mutate({ scope: frozen.scope === allChannelsScope ? allChannelsScope : [...frozen.scope], reason: reason.trim() }, { onSuccess: () => setReason('') });
  };

  return (
    <section className="frozen-banner" aria-label="Frozen" data-testid="frozen-banner">
      <p className="frozen-banner__title">
        <strong>FROZEN</strong> {frozen.scope === allChannelsScope ? 'every channel' : frozen.scope.map(name).join(', ')} since {formatClockShort(frozen.since)} by{' '}
        {frozen.by}. Nothing this app sends goes out; new unverified items are captured and retracted as they appear.
        {frozen.reason ? <span className="frozen-banner__reason"> Reason: {frozen.reason}</span> : null}
      </p>
      {frozen.reason === '' ? (
        <form className="frozen-banner__form" onSubmit={addReason}>
          <label htmlFor={reasonId}>Add a reason (optional)</label>
          <input id={reasonId} className="field__input" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={maxFreezeReasonLength} data-testid="freeze-reason" />
          <button type="submit" className="button button--small" disabled={freeze.isPending || reason.trim() === ''}>
            Save reason
          </button>
          <ErrorNotice>{freeze.isError ? errorMessage(freeze.error) : null}</ErrorNotice>
        </form>
      ) : null}
    </section>
  );
}
