// The choice every publish dialog offers while channels are frozen: send this statement through
// the freeze. It is on by default then (a statement is usually why someone publishes mid-freeze),
// and says what it means: the channels stay frozen and in quarantine, so anything else unverified
// that appears is still captured and taken down.
import { useState } from 'react';
import type { ChannelSummary } from '../../electron/shared/contract';
import { isChannelFrozen, useFreezeRecords } from '../lib/api/freeze-state';

/** The throughFreeze flag for a publish call: the person's choice, else on while any chosen channel is frozen. */
export function useThroughFreeze(channelIds: readonly string[]): { readonly frozenChosen: readonly string[]; readonly value: boolean; set(v: boolean): void } {
  const records = useFreezeRecords();
  const [choice, setChoice] = useState<boolean | null>(null);
  const frozenChosen = channelIds.filter((id) => isChannelFrozen(records, id));
  return { frozenChosen, value: frozenChosen.length > 0 && (choice ?? true), set: setChoice };
}

export interface ThroughFreezeProps {
  readonly frozenChosen: readonly string[];
  readonly channels: readonly ChannelSummary[];
  readonly value: boolean;
  readonly onChange: (value: boolean) => void;
  readonly testId: string;
}

export function ThroughFreezeChoice({ frozenChosen, channels, value, onChange, testId }: ThroughFreezeProps) {
  if (frozenChosen.length === 0) return null;
  const names = frozenChosen.map((id) => channels.find((c) => c.id === id)?.name ?? id).join(', ');
  return (
    <div className="through-freeze" data-testid={`${testId}-box`}>
      <label className="checkbox">
        <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
        <strong>Publish through the freeze (channels stay in quarantine)</strong>
      </label>
      <p className="field__hint">
        Frozen: {names}. {value
          ? 'This statement goes out now; the channels stay frozen, and anything else unverified that appears is still captured and taken down.'
          : 'Without this, the statement waits in the outbox, held, until a supervisor unfreezes.'}
      </p>
    </div>
  );
}
