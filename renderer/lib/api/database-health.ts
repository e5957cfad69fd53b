// Whether this desk reaches the shared database (team mode), read from the core and read again the
// moment the core says it lost or regained it (desks.databaseHealth, a public event: the sign-in
// screen shows it too). While it is unreachable it is also read every 5 s, in case an event was missed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { callOrThrow } from '../call';
import { useTransport } from '../transport-context';

export const databaseHealthKeys = { all: ['databaseHealth'] as const };

const unreachablePollMs = 5_000;

export function useDatabaseHealth() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => transport.on('desks.databaseHealth', () => void queryClient.invalidateQueries({ queryKey: databaseHealthKeys.all })), [transport, queryClient]);
  return useQuery({
    queryKey: databaseHealthKeys.all,
    queryFn: () => callOrThrow(transport, 'desks.databaseHealth', {}),
    refetchInterval: (q) => (q.state.data && !q.state.data.reachable ? unreachablePollMs : false),
  });
}
