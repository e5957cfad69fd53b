// Holding statements (templates) through the contract: the list with each one's pre-approval, the
// filled preview (the core fills, so what is shown is exactly what would go out), proposing and
// approving (two supervisors), and break-glass publishing by one supervisor. Kept current by the
// templates.changed event.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CallInput, CallOutput } from '../../../../electron/shared/contract';
import { outboxKeys } from '../../../lib/api/outbox';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export type TemplateView = CallOutput<'templates.list'>[number];
export type FilledTemplate = CallOutput<'templates.fill'>;
export type TemplateValues = Readonly<Record<string, string>>;

export const templateKeys = {
  all: ['templates'] as const,
  list: () => [...templateKeys.all, 'list'] as const,
  fill: (id: string, values: TemplateValues) => [...templateKeys.all, 'fill', id, values] as const,
};

export const templatesQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: templateKeys.list(),
    queryFn: () => callOrThrow(transport, 'templates.list', {}),
    staleTime: Infinity,
  });

export function useTemplates() {
  return useQuery(templatesQueryOptions(useTransport()));
}

/**
 * The template as it would go out with these values. The previous answer stays on screen while
 * the next is read, so the preview does not flicker with each key typed.
 */
export function useFilledTemplate(id: string | null, values: TemplateValues) {
  const transport = useTransport();
  return useQuery({
    queryKey: templateKeys.fill(id ?? '', values),
    queryFn: () => callOrThrow(transport, 'templates.fill', { id: id ?? '', values: { ...values } }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export function applyTemplatesChanged(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: templateKeys.all });
}

export function useTemplateMutations() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const refresh = () => queryClient.invalidateQueries({ queryKey: templateKeys.all });
  return {
    propose: useMutation({
      mutationFn: (input: CallInput<'templates.propose'>) => callOrThrow(transport, 'templates.propose', input),
      onSuccess: refresh,
    }),
    approve: useMutation({
      mutationFn: (input: CallInput<'templates.approve'>) => fresh(() => callOrThrow(transport, 'templates.approve', input)),
      onSuccess: refresh,
    }),
    breakGlass: useMutation({
      mutationFn: (input: CallInput<'templates.breakGlass'>) => fresh(() => callOrThrow(transport, 'templates.breakGlass', input)),
      // The rows answer the outbox query of the break-glass statement straight away.
      onSuccess: (rows) => {
        const statementId = rows[0]?.statementId;
        if (statementId) queryClient.setQueryData(outboxKeys.one(statementId), rows);
      },
    }),
  };
}

/** Break-glass statements are sent under this id (the authorisation's id after the prefix). */
export const breakGlassStatementPrefix = 'break-glass-';
