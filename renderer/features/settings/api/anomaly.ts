// The anomaly settings (admins): read once, replaced by each change's answer and by
// settings.anomalyChanged when another admin changes them.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AnomalySettings, CallInput } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const anomalyKeys = {
  all: ['anomaly-settings'] as const,
};

export const anomalyQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: anomalyKeys.all,
    queryFn: () => callOrThrow(transport, 'settings.anomaly', {}),
    staleTime: Infinity,
  });

export function useAnomalySettings() {
  return useQuery(anomalyQueryOptions(useTransport()));
}

type AnomalyChange = 'settings.setAnomaly' | 'settings.addAbusiveWord' | 'settings.removeAbusiveWord';

function useAnomalyChange<N extends AnomalyChange>(name: N) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallInput<N>) => callOrThrow(transport, name, input) as Promise<AnomalySettings>,
    onSuccess: (view) => queryClient.setQueryData(anomalyKeys.all, view),
  });
}

export const useSetAnomaly = () => useAnomalyChange('settings.setAnomaly');
export const useAddAbusiveWord = () => useAnomalyChange('settings.addAbusiveWord');
export const useRemoveAbusiveWord = () => useAnomalyChange('settings.removeAbusiveWord');

export function applyAnomalyChanged(client: QueryClient, view: AnomalySettings): void {
  client.setQueryData(anomalyKeys.all, view);
}
