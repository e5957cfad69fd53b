// The desks registry, read again every 10 s (each desk refreshes its own row that often), so
// "last seen" and online/offline stay current without a push.
import { useQuery } from '@tanstack/react-query';
import { callOrThrow } from '../call';
import { useTransport } from '../transport-context';

export const deskRefreshMs = 10_000;

export function useDesks() {
  const transport = useTransport();
  return useQuery({
    queryKey: ['desks'] as const,
    queryFn: () => callOrThrow(transport, 'desks.list', {}),
    refetchInterval: deskRefreshMs,
  });
}
