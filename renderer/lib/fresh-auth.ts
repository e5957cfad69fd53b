// Privileged calls (approvals, unfreeze, account changes) need a passphrase typed in the last few
// minutes. The core answers REAUTH_REQUIRED when it is stale (a locked or signed-out session is
// UNAUTHENTICATED instead); the screen then asks for it once and retries the same call, so the
// person does not start over. The code decides, so the core may reword its message freely.
import { useCallback } from 'react';
import { CallError } from './call';
import { useReauthActions } from './reauth-store';

export function isReauthRequired(err: unknown): boolean {
  return err instanceof CallError && err.code === 'REAUTH_REQUIRED';
}

export const reauthCancelledMessage = 'Not done: your passphrase was not confirmed. Try again when ready.';

/** Runs `run`; if the core wants a fresh passphrase, asks (once) and runs it again. */
export async function withFreshAuth<T>(run: () => Promise<T>, ask: (why: string) => Promise<boolean>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isReauthRequired(err)) throw err;
    const confirmed = await ask((err as CallError).message);
    if (!confirmed) throw new CallError('FORBIDDEN', reauthCancelledMessage);
    return run();
  }
}

/** `withFreshAuth` bound to the re-authentication dialog. */
export function useFreshAuth(): <T>(run: () => Promise<T>) => Promise<T> {
  const { reauthRequested } = useReauthActions();
  return useCallback(<T,>(run: () => Promise<T>) => withFreshAuth(run, reauthRequested), [reauthRequested]);
}
