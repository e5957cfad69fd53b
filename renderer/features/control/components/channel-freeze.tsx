// Freeze or unfreeze one channel from its column header. Freezing one channel is one click for
// anyone signed in, like Freeze all; lifting it is for supervisors (with a fresh passphrase), and
// under "freeze all" it lifts only this channel, the others stay frozen.
import type { AccountViewData, ChannelSummary } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../../components/notice';
import { ActionButton } from '../../../components/unavailable-button';
import { errorMessage } from '../../../lib/call';
import { supervisorOnly } from '../../../lib/roles';
import { useWorkspaceActions } from '../../../lib/workspace-store';
import { useControlMutations } from '../api/control';

export function ChannelFreezeControl({ channel, frozen, me }: { readonly channel: ChannelSummary; readonly frozen: boolean; readonly me: AccountViewData }) {
  const { freeze, unfreeze } = useControlMutations();
  const { announced } = useWorkspaceActions();
  const failure = freeze.isError ? freeze.error : unfreeze.isError ? unfreeze.error : null;
  return (
    <div className="column__controls">
      {frozen ? (
        <ActionButton
          testId={`unfreeze-${channel.id}`}
          unavailable={supervisorOnly(me.role, 'unfreeze') ?? (unfreeze.isPending ? 'unfreezing…' : null)}
          onClick={() => unfreeze.mutate({ scope: [channel.id] }, { onSuccess: () => announced(`${channel.name} is no longer frozen.`) })}
        >
          Unfreeze {channel.name}
        </ActionButton>
      ) : (
        <ActionButton
          testId={`freeze-${channel.id}`}
          unavailable={freeze.isPending ? 'freezing…' : null}
          // One click, no reason first: reducing exposure never waits (a reason can follow in the banner).
          onClick={() => freeze.mutate({ scope: [channel.id], reason: '' }, { onSuccess: () => announced(`${channel.name} is frozen.`) })}
          variant="danger"
        >
          Freeze {channel.name}
        </ActionButton>
      )}
      <ErrorNotice>{failure ? errorMessage(failure) : null}</ErrorNotice>
    </div>
  );
}
