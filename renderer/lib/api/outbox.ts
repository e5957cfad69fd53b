// One statement's outbox rows (per channel: queued, scheduled, held, sending, sent, failed and
// why), read by the statements' publish panel and by break-glass alike, and read again on
// outbox.progress; the statements waiting for a supervisor's confirmation (the banner on every
// screen, read again when the core pushes the new set); and a supervisor's decisions about what
// has not gone out yet (confirm, with a fresh passphrase, or cancel).
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../../electron/shared/contract';
import { callOrThrow } from '../call';
import { useFreshAuth } from '../fresh-auth';
import { useTransport } from '../transport-context';

export const outboxKeys = {
  all: ['outbox'] as const,
  one: (statementId: string) => ['outbox', statementId] as const,
  awaiting: () => ['outbox-awaiting-confirmation'] as const,
};

export function useOutbox(statementId: string) {
  const transport = useTransport();
  return useQuery({
    queryKey: outboxKeys.one(statementId),
    queryFn: () => callOrThrow(transport, 'control.outbox', { statementId }),
    staleTime: Infinity,
  });
}

export function applyOutboxProgress(client: QueryClient, p: EventPayload<'outbox.progress'>): void {
  void client.invalidateQueries({ queryKey: outboxKeys.one(p.statementId) });
}

/** Statements whose sends wait for a supervisor's confirmation, with their titles. */
export function useAwaitingConfirmation() {
  const transport = useTransport();
  return useQuery({
    queryKey: outboxKeys.awaiting(),
    queryFn: () => callOrThrow(transport, 'control.awaitingConfirmation', {}),
    staleTime: Infinity,
  });
}

/** The set changed (a send was held, confirmed or cancelled; a freeze replaced a hold): read it again. */
export function applyAwaitingChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: outboxKeys.awaiting() });
}

/** Confirm (a privileged call: the passphrase is asked again when stale) or cancel what has not gone out. */
export function useSendDecisions() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const refresh = (id: string) => {
    applyAwaitingChanged(queryClient);
    void queryClient.invalidateQueries({ queryKey: outboxKeys.one(id) });
  };
  return {
    confirm: useMutation({
      mutationFn: (id: string) => fresh(() => callOrThrow(transport, 'control.confirmSend', { id })),
      onSettled: (_rows, _err, id) => refresh(id),
    }),
    cancel: useMutation({
      mutationFn: (id: string) => callOrThrow(transport, 'control.cancelSend', { id }),
      onSettled: (_rows, _err, id) => refresh(id),
    }),
  };
}
