// Break-glass uses and their review through the contract: every use, newest first, with where it
// went; a supervisor other than the one who used it marks it reviewed with a note. Kept under the
// incident's key, so break-glass alerts, outbox progress and reviews elsewhere refresh it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallOutput } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import { useTransport } from '../../../lib/transport-context';
import { incidentKeys } from './incident';

export type BreakGlassUse = CallOutput<'templates.breakGlassList'>[number];

export const breakGlassKeys = {
  list: () => [...incidentKeys.all, 'break-glass'] as const,
};

export function useBreakGlassUses() {
  const transport = useTransport();
  return useQuery({ queryKey: breakGlassKeys.list(), queryFn: () => callOrThrow(transport, 'templates.breakGlassList', {}), staleTime: Infinity });
}

export function useBreakGlassReview() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note: string }) => callOrThrow(transport, 'templates.reviewBreakGlass', input),
    // The review is an audited action: the log and the list both change.
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
