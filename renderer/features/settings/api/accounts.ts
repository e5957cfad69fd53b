// Account administration (admins): list, create, change role, disable, enable. Every change is a
// privileged call that needs a fresh passphrase; useFreshAuth asks for it and retries.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../electron/shared/contract';
import { useTransport } from '../../../lib/transport-context';
import { callOrThrow } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useFreshAuth } from '../../../lib/fresh-auth';

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

type AccountChange = 'accounts.create' | 'accounts.setRole' | 'accounts.disable' | 'accounts.enable';

function useAccountChange<N extends AccountChange>(name: N) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  return useMutation({
    mutationFn: (input: CallInput<N>) => fresh(() => callOrThrow(transport, name, input)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export const useCreateAccount = () => useAccountChange('accounts.create');
export const useSetRole = () => useAccountChange('accounts.setRole');
export const useDisableAccount = () => useAccountChange('accounts.disable');
export const useEnableAccount = () => useAccountChange('accounts.enable');
