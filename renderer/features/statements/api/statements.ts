// Statements and their two-person approval through the contract: list, save (autosave-style
// versions), submit, approve (exact content hash), reject, publish (fan-out through the outbox),
// and the outbox rows that show per-channel progress. Kept current by statements.changed and
// outbox.progress events.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput, EventPayload } from '../../../../electron/shared/contract';
import { useTransport } from '../../../lib/transport-context';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useFreshAuth } from '../../../lib/fresh-auth';

export const statementKeys = {
  all: ['statements'] as const,
  list: () => [...statementKeys.all, 'list'] as const,
  one: (id: string) => [...statementKeys.all, 'one', id] as const,
  outbox: (statementId: string) => ['outbox', statementId] as const,
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

export function useOutbox(statementId: string) {
  const transport = useTransport();
  return useQuery({
    queryKey: statementKeys.outbox(statementId),
    queryFn: () => callOrThrow(transport, 'control.outbox', { statementId }),
    staleTime: Infinity,
  });
}

export function applyStatementsChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: statementKeys.all });
}

export function applyOutboxProgress(client: QueryClient, p: EventPayload<'outbox.progress'>): void {
  void client.invalidateQueries({ queryKey: statementKeys.outbox(p.statementId) });
}

export function useStatementMutations() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const refresh = () => queryClient.invalidateQueries({ queryKey: statementKeys.all });
  return {
    save: useMutation({ mutationFn: (input: CallInput<'statements.save'>) => callOrThrow(transport, 'statements.save', input), onSuccess: refresh }),
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
        void queryClient.invalidateQueries({ queryKey: statementKeys.outbox(input.id) });
      },
    }),
  };
}
