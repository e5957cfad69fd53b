// The accounts list: who may act, and the display names behind the ids in freezes, approvals,
// the timeline and the audit log. Changing accounts is the settings feature's.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { callOrThrow } from '../call';
import type { Transport } from '../transport';
import { useTransport } from '../transport-context';

export const accountKeys = {
  all: ['accounts'] as const,
};

export const accountsQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: accountKeys.all,
    queryFn: () => callOrThrow(transport, 'accounts.list', {}),
    staleTime: 30_000,
  });

export function useAccounts() {
  return useQuery(accountsQueryOptions(useTransport()));
}
