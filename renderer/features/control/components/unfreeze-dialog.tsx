// Unfreeze: a supervisor or admin, with a passphrase typed in the last minutes (the core asks;
// useFreshAuth shows the re-authentication dialog and retries). Lifts every freeze, or chosen
// channels out of it; queued statements may go out again afterwards.
import { useState } from 'react';
import type { ChannelSummary } from '../../../../electron/shared/contract';
import { Dialog } from '../../../components/dialog';
import { ErrorNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import { formatClockShort } from '../../../lib/format';
import { allChannelsScope } from '../../../lib/api/freeze-state';
import type { FrozenView, UnfreezeRequest } from '../api/control';

export interface UnfreezeDialogProps {
  readonly frozen: FrozenView;
  readonly channels: readonly ChannelSummary[];
  readonly unfreeze: (request: UnfreezeRequest) => Promise<unknown>;
  readonly onClose: () => void;
}

export function UnfreezeDialog({ frozen, channels, unfreeze, onClose }: UnfreezeDialogProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const name = (id: string) => channels.find((c) => c.id === id)?.name ?? id;

  const run = async (): Promise<void> => {
    setPending(true);
    setProblem(null);
    try {
      await unfreeze({ scope: allChannelsScope });
      onClose();
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog title="Unfreeze" onClose={onClose} testId="unfreeze-dialog">
      <div className="form">
        <p className="dialog__text">
          Frozen since {formatClockShort(frozen.since)} by {frozen.by}
          {frozen.scope === allChannelsScope ? ' (every channel)' : ` (${frozen.scope.map(name).join(', ')})`}
          {frozen.reason ? `: “${frozen.reason}”` : ''}. Unfreezing lets queued statements go out again and ends quarantine.
        </p>
        <ErrorNotice>{problem}</ErrorNotice>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={() => void run()} disabled={pending} data-testid="unfreeze-confirm">
            {pending ? 'Unfreezing…' : 'Unfreeze every channel'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep frozen
          </button>
        </div>
      </div>
    </Dialog>
  );
}
