// Account administration (admins): create, change role, disable, enable, reset a passphrase. Every change is a
// privileged call that needs a fresh passphrase; useFreshAuth asks for it and retries. The list
// itself is read in lib/api/accounts (every screen that names people reads it).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../electron/shared/contract';
import { accountKeys } from '../../../lib/api/accounts';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import { useTransport } from '../../../lib/transport-context';

type AccountChange = 'accounts.create' | 'accounts.setRole' | 'accounts.disable' | 'accounts.enable' | 'accounts.resetPassphrase';

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
export const useResetPassphrase = () => useAccountChange('accounts.resetPassphrase');
