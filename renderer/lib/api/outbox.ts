// One statement's outbox rows (per channel: queued, held, sending, sent, failed and why), read by
// the statements' publish panel and by break-glass alike, and read again on outbox.progress.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../../electron/shared/contract';
import { callOrThrow } from '../call';
import { useTransport } from '../transport-context';

export const outboxKeys = {
  one: (statementId: string) => ['outbox', statementId] as const,
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
