// The core's status: fetcher, query options and hook in one place.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const statusKeys = {
  all: ['status'] as const,
};

export const statusQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: statusKeys.all,
    queryFn: () => callOrThrow(transport, 'app.status', {}),
    staleTime: 30_000,
  });

export function useStatus() {
  return useQuery(statusQueryOptions(useTransport()));
}
