// The Lock runbook through the contract: per channel, what can be revoked upstream and the steps
// already run (control.lockList), and running one confirmed step (control.lock, a fresh
// passphrase), and in team mode asking every desk to revoke its own (control.lockEveryDesk).
// lock.stepRecorded from any window, on any desk, refreshes the list.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput, CallOutput } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export type Runbook = CallOutput<'control.lockList'>[number];
export type LockStep = CallOutput<'control.lock'>;

export const lockKeys = {
  all: ['lock'] as const,
  list: () => [...lockKeys.all, 'list'] as const,
};

export const runbooksQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: lockKeys.list(),
    queryFn: () => callOrThrow(transport, 'control.lockList', {}),
    staleTime: Infinity,
  });

export function useRunbooks() {
  return useQuery(runbooksQueryOptions(useTransport()));
}

export function applyLockStepRecorded(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: lockKeys.all });
}

/** A Lock call (a fresh passphrase first); the runbook is read again whatever the answer. */
function useLockCall<N extends 'control.lock' | 'control.lockEveryDesk'>(name: N) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  return useMutation({
    mutationFn: (input: CallInput<N>) => fresh(() => callOrThrow(transport, name, input)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: lockKeys.all }),
  });
}

export const useRunLockStep = () => useLockCall('control.lock');

/** Team mode: every desk revokes its own credential (this desk's here, each online desk when asked). */
export const useLockEveryDesk = () => useLockCall('control.lockEveryDesk');
