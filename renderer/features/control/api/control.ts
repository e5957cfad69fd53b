// The control actions (freeze, unfreeze, retract) and what is frozen, through the contract's
// control.* calls and events. Freezing needs anyone signed in (reducing exposure never waits);
// unfreezing and retracting need a supervisor or admin, and unfreezing a fresh passphrase.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AccountViewData, CallInput, CallOutput, EventPayload, FeedItem } from '../../../../electron/shared/contract';
import { useTransport } from '../../../lib/transport-context';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { feedKeys } from '../../feeds/api/feed';
import { useAccounts } from '../../settings/api/accounts';
import { useFreshAuth } from '../../../lib/fresh-auth';

export type FreezeRequest = CallInput<'control.freeze'>;
export type UnfreezeRequest = CallInput<'control.unfreeze'>;
export type RetractRequest = CallInput<'control.retract'>;
export type RetractSinceRequest = CallInput<'control.retractUnverifiedSince'>;
export type RetractResult = CallOutput<'control.retract'>;
export type FreezeRecord = CallOutput<'control.state'>['frozen'][number];

/** The scope the core uses for "every channel". */
export const allChannelsScope = '*';

export const controlKeys = {
  state: ['control', 'state'] as const,
};

export const controlStateQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: controlKeys.state,
    queryFn: () => callOrThrow(transport, 'control.state', {}),
    // control.freezeChanged carries the whole frozen set after every change.
    staleTime: Infinity,
  });

export function useControlState() {
  return useQuery(controlStateQueryOptions(useTransport()));
}

export function applyFreezeChanged(client: QueryClient, { frozen }: EventPayload<'control.freezeChanged'>): void {
  client.setQueryData(controlKeys.state, { frozen });
}

const itemStatusOf: Record<EventPayload<'retraction.progress'>['state'], FeedItem['status']> = {
  queued: 'retracting',
  waiting: 'retracting',
  retracting: 'retracting',
  retracted: 'retracted',
  'already-gone': 'gone',
  impossible: 'impossible',
  failed: 'failed',
};

/** retraction.progress: the item's status in its column follows the job, with the ETA or why. */
export function applyRetractionProgress(client: QueryClient, p: EventPayload<'retraction.progress'>): void {
  const detail = [p.detail, p.eta && itemStatusOf[p.state] === 'retracting' ? `expected by ${new Date(p.eta).toLocaleTimeString()}` : null]
    .filter(Boolean)
    .join(' · ');
  client.setQueryData<readonly FeedItem[]>(feedKeys.list(p.channelId), (old) => {
    if (!old) return old;
    const at = old.findIndex((i) => i.itemId === p.itemId);
    if (at < 0) return old;
    const next = old.slice();
    next[at] = { ...old[at]!, status: itemStatusOf[p.state], statusDetail: detail || null };
    return next;
  });
}

/** What the control bar shows when something is frozen. */
export interface FrozenView {
  readonly since: string;
  /** Display name of whoever froze first. */
  readonly by: string;
  /** 'all', or the frozen channel ids. */
  readonly scope: 'all' | readonly string[];
  readonly reason: string;
  readonly records: readonly FreezeRecord[];
}

export function frozenView(records: readonly FreezeRecord[], accounts: readonly AccountViewData[] | undefined): FrozenView | null {
  if (records.length === 0) return null;
  const first = [...records].sort((a, b) => (a.frozenAt < b.frozenAt ? -1 : 1))[0]!;
  const by = first.frozenBy === 'system' ? 'Control Room' : (accounts?.find((a) => a.id === first.frozenBy)?.displayName ?? first.frozenBy);
  const all = records.some((r) => r.scope === allChannelsScope);
  return { since: first.frozenAt, by, scope: all ? 'all' : records.map((r) => r.scope), reason: records.find((r) => r.reason !== '')?.reason ?? '', records };
}

export function useFrozen(): FrozenView | null {
  const state = useControlState();
  const accounts = useAccounts();
  return useMemo(() => frozenView(state.data?.frozen ?? [], accounts.data), [state.data, accounts.data]);
}

/** Whether a channel is frozen, by its own freeze or by "freeze all" (scope '*'). */
export function isChannelFrozen(records: readonly FreezeRecord[], channelId: string): boolean {
  return records.some((r) => r.scope === allChannelsScope || r.scope === channelId);
}

const noRecords: readonly FreezeRecord[] = [];

/** The freeze records, or none while they load. */
export function useFreezeRecords(): readonly FreezeRecord[] {
  return useControlState().data?.frozen ?? noRecords;
}

/** Why the signed-in person cannot do supervisor actions, or null. */
export function supervisorOnly(role: AccountViewData['role'], what: string): string | null {
  return role === 'supervisor' || role === 'admin' ? null : `only a supervisor or admin can ${what}`;
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
