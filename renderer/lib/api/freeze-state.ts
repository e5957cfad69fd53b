// What is frozen (control.state), read once and then replaced by every control.freezeChanged
// event. Several screens ask "is this channel frozen?" (the columns, the control bar, every
// publish dialog), so it lives here; freezing and unfreezing are the control feature's.
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { AllChannels } from '../../../electron/shared/all-channels';
import type { CallOutput, EventPayload } from '../../../electron/shared/contract';
import { callOrThrow } from '../call';
import type { Transport } from '../transport';
import { useTransport } from '../transport-context';

export type FreezeRecord = CallOutput<'control.state'>['frozen'][number];

/** The scope the core uses for "every channel". */
export const allChannelsScope: AllChannels = '*';

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

/** Whether a channel is frozen, by its own freeze or by "freeze all" (scope '*'). */
export function isChannelFrozen(records: readonly FreezeRecord[], channelId: string): boolean {
  return records.some((r) => r.scope === allChannelsScope || r.scope === channelId);
}

const noRecords: readonly FreezeRecord[] = [];

/** The freeze records, or none while they load. */
export function useFreezeRecords(): readonly FreezeRecord[] {
  return useControlState().data?.frozen ?? noRecords;
}
