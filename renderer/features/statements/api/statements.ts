// Statements and their two-person approval through the contract: list, submit, approve (exact
// content hash), reject, publish (fan-out through the outbox; saving is the composer's autosave)
// now or at a scheduled time, and the outbox rows that show per-channel progress (lib/api/outbox).
// Kept current by statements.changed events.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../electron/shared/contract';
import { outboxKeys } from '../../../lib/api/outbox';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const statementKeys = {
  all: ['statements'] as const,
  list: () => [...statementKeys.all, 'list'] as const,
  one: (id: string) => [...statementKeys.all, 'one', id] as const,
};

export const statementsQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: statementKeys.list(),
    queryFn: () => callOrThrow(transport, 'statements.list', {}),
    staleTime: Infinity,
  });

export function useStatements() {
  return useQuery(statementsQueryOptions(useTransport()));
}

/** One statement with every saved version (for the approvals diff). */
export function useStatementVersions(id: string) {
  const transport = useTransport();
  return useQuery({
    queryKey: statementKeys.one(id),
    queryFn: () => callOrThrow(transport, 'statements.get', { id }),
    staleTime: Infinity,
  });
}

export function applyStatementsChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: statementKeys.all });
}

export function useStatementMutations() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const refresh = () => queryClient.invalidateQueries({ queryKey: statementKeys.all });
  return {
    submit: useMutation({ mutationFn: (id: string) => callOrThrow(transport, 'statements.submit', { id }), onSuccess: refresh }),
    approve: useMutation({
      mutationFn: (input: CallInput<'statements.approve'>) => fresh(() => callOrThrow(transport, 'statements.approve', input)),
      onSuccess: refresh,
    }),
    reject: useMutation({
      mutationFn: (input: CallInput<'statements.reject'>) => fresh(() => callOrThrow(transport, 'statements.reject', input)),
      onSuccess: refresh,
    }),
    publish: useMutation({
      mutationFn: (input: CallInput<'statements.publish'>) => fresh(() => callOrThrow(transport, 'statements.publish', input)),
      onSuccess: (_rows, input) => {
        void refresh();
        void queryClient.invalidateQueries({ queryKey: outboxKeys.one(input.id) });
      },
    }),
    schedule: useMutation({
      mutationFn: (input: CallInput<'statements.schedule'>) => fresh(() => callOrThrow(transport, 'statements.schedule', input)),
      onSuccess: (_rows, input) => {
        void refresh();
        void queryClient.invalidateQueries({ queryKey: outboxKeys.one(input.id) });
      },
    }),
  };
}
