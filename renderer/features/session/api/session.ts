// Who is signed in on this window: the session query and the sign-in, unlock, lock, sign-out and
// passphrase-change mutations. Each mutation answers with the new session state, which replaces the cached one.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput, SessionState } from '../../../../electron/shared/contract';
import { callOrThrow } from '../../../lib/call';
import { saveUnsavedWork } from '../../../lib/unsaved-work';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export const sessionKeys = {
  all: ['session'] as const,
};

export const sessionQueryOptions = (transport: Transport) =>
  queryOptions({
    queryKey: sessionKeys.all,
    queryFn: () => callOrThrow(transport, 'accounts.session', {}),
    // Changes come from this window's own actions or from a failed call; never poll (each call
    // counts as activity for the idle lock).
    staleTime: Infinity,
    retry: 1,
  });

export function useSession() {
  return useQuery(sessionQueryOptions(useTransport()));
}

/** Marks mutations whose failures are about the form (a wrong passphrase), not the session. */
export const authFormMeta = { authForm: true } as const;

type SessionCall = 'accounts.createFirstAdmin' | 'accounts.signIn' | 'accounts.unlock' | 'accounts.signOut' | 'accounts.lockSession' | 'accounts.changeOwnPassphrase';

function useSessionMutation<N extends SessionCall>(name: N) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation({
    meta: authFormMeta,
    mutationFn: async (input: CallInput<N>) => {
      // Signing out or locking takes the screen (and what it holds) away: save typed text first.
      if (name === 'accounts.signOut' || name === 'accounts.lockSession') await saveUnsavedWork();
      return (await callOrThrow(transport, name, input)) as SessionState;
    },
    onSuccess: (state) => {
      queryClient.setQueryData(sessionKeys.all, state);
      // Reads refused while the window was locked or signed out can succeed now.
      if (state.session.state === 'active') void queryClient.invalidateQueries({ predicate: (q) => q.state.status === 'error' });
    },
  });
}

export const useCreateFirstAdmin = () => useSessionMutation('accounts.createFirstAdmin');
export const useSignIn = () => useSessionMutation('accounts.signIn');
export const useUnlock = () => useSessionMutation('accounts.unlock');
export const useSignOut = () => useSessionMutation('accounts.signOut');
export const useLockSession = () => useSessionMutation('accounts.lockSession');
/** Answers with the session state: a forced change ends in 'active'. */
export const useChangeOwnPassphrase = () => useSessionMutation('accounts.changeOwnPassphrase');

/** The signed-in (or locked) account, or null. */
export function sessionAccount(state: SessionState | undefined) {
  if (!state) return null;
  return state.session.state === 'signed-out' ? null : state.session.account;
}
