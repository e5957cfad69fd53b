// The demo newsroom: whether it runs, the incident replay's progress (pushed as demo.status), and
// starting the replay.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const demoKeys = {
  status: ['demo', 'status'] as const,
};

export const demoStatusQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: demoKeys.status,
    queryFn: () => callOrThrow(transport, 'demo.status', {}),
    staleTime: Infinity,
  });

export function useDemoStatus() {
  return useQuery(demoStatusQueryOptions(useTransport()));
}

export function useStartReplay() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (speed: number) => callOrThrow(transport, 'demo.replay', { speed }),
    onSuccess: (status) => queryClient.setQueryData(demoKeys.status, status),
  });
}

export function applyDemoStatus(client: QueryClient, status: EventPayload<'demo.status'>): void {
  client.setQueryData(demoKeys.status, status);
}
