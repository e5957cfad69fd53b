// The control actions (freeze, unfreeze, retract) through the contract's control.* calls, and
// the frozen state as the control bar shows it. Freezing needs anyone signed in (reducing
// exposure never waits); unfreezing and retracting need a supervisor or admin, and unfreezing a
// fresh passphrase. What is frozen is read in lib/api/freeze-state (many screens ask).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AllChannels } from '../../../../electron/shared/all-channels';
import type { AccountViewData, CallInput, CallOutput } from '../../../../electron/shared/contract';
import { useAccounts } from '../../../lib/api/accounts';
import { allChannelsScope, controlKeys, useControlState, type FreezeRecord } from '../../../lib/api/freeze-state';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import { useTransport } from '../../../lib/transport-context';

export type FreezeRequest = CallInput<'control.freeze'>;
export type UnfreezeRequest = CallInput<'control.unfreeze'>;
export type RetractRequest = CallInput<'control.retract'>;
export type RetractSinceRequest = CallInput<'control.retractUnverifiedSince'>;
export type RetractResult = CallOutput<'control.retract'>;

/** What the control bar shows when something is frozen. */
export interface FrozenView {
  readonly since: string;
  /** Display name of whoever froze first. */
  readonly by: string;
  /** allChannelsScope, or the frozen channel ids. */
  readonly scope: AllChannels | readonly string[];
  readonly reason: string;
  readonly records: readonly FreezeRecord[];
}

export function frozenView(records: readonly FreezeRecord[], accounts: readonly AccountViewData[] | undefined): FrozenView | null {
  if (records.length === 0) return null;
  const first = [...records].sort((a, b) => (a.frozenAt < b.frozenAt ? -1 : 1))[0]!;
  const by = first.frozenBy === 'system' ? 'Control Room' : (accounts?.find((a) => a.id === first.frozenBy)?.displayName ?? first.frozenBy);
  const all = records.some((r) => r.scope === allChannelsScope);
  return { since: first.frozenAt, by, scope: all ? allChannelsScope : records.map((r) => r.scope), reason: records.find((r) => r.reason !== '')?.reason ?? '', records };
}

export function useFrozen(): FrozenView | null {
  const state = useControlState();
  const accounts = useAccounts();
  return useMemo(() => frozenView(state.data?.frozen ?? [], accounts.data), [state.data, accounts.data]);
}

export function useControlMutations() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const setState = (r: CallOutput<'control.freeze'>) => queryClient.setQueryData(controlKeys.state, { frozen: r.frozen });
  return {
    freeze: useMutation({ mutationFn: (r: FreezeRequest) => callOrThrow(transport, 'control.freeze', r), onSuccess: setState }),
    unfreeze: useMutation({ mutationFn: (r: UnfreezeRequest) => fresh(() => callOrThrow(transport, 'control.unfreeze', r)), onSuccess: setState }),
    retract: useMutation({ mutationFn: (r: RetractRequest) => fresh(() => callOrThrow(transport, 'control.retract', r)) }),
    retractSince: useMutation({ mutationFn: (r: RetractSinceRequest) => fresh(() => callOrThrow(transport, 'control.retractUnverifiedSince', r)) }),
  };
}
