// The connected channels with their health, last read and rate-limit budgets. Read once, then
// patched by channels.report events as the monitor reads each channel.
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { ChannelSummary, EventPayload } from '../../../electron/shared/contract';
import { callOrThrow } from '../call';
import type { Transport } from '../transport';
import { useTransport } from '../transport-context';

export const channelKeys = {
  all: ['channels'] as const,
};

export const channelsQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: channelKeys.all,
    queryFn: () => callOrThrow(transport, 'channels.list', {}),
    staleTime: Infinity,
  });

export function useChannels() {
  return useQuery(channelsQueryOptions(useTransport()));
}

/** channels.report: one channel's fresh summary replaces its old one. */
export function applyChannelReport(client: QueryClient, report: EventPayload<'channels.report'>): void {
  client.setQueryData<ChannelSummary[]>(channelKeys.all, (old) => {
    if (!old) return old;
    const at = old.findIndex((c) => c.id === report.id);
    if (at === -1) return [...old, report];
    const next = old.slice();
    next[at] = report;
    return next;
  });
}
