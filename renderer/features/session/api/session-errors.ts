// What a failed call says about the session: UNAUTHENTICATED means this window's session is gone
// or locked (idle lock, a restart of the core, a new connection), so the session is read again
// and the gate shows the right screen. A stale passphrase (REAUTH_REQUIRED) is fresh-auth's.
import type { QueryClient } from '@tanstack/react-query';
import { CallError } from '../../../lib/call';
import { sessionKeys } from './session';

/** UNAUTHENTICATED only: a stale passphrase has its own code (REAUTH_REQUIRED) and keeps the session. */
export function isSessionProblem(err: unknown): boolean {
  return err instanceof CallError && err.code === 'UNAUTHENTICATED';
}

export function recheckSessionOn(client: QueryClient, err: unknown): void {
  if (isSessionProblem(err)) void client.invalidateQueries({ queryKey: sessionKeys.all });
}
