// What a failed call says about the session: "Sign in first" or "locked" means this window's
// session is gone or locked (idle lock, a restart of the core, a new connection), so the session
// is read again and the gate shows the right screen. A stale passphrase is handled by fresh-auth.
import type { QueryClient } from '@tanstack/react-query';
import { CallError } from '../../../lib/call';
import { isReauthRequired } from '../../../lib/fresh-auth';
import { sessionKeys } from './session';

export function isSessionProblem(err: unknown): boolean {
  return err instanceof CallError && err.code === 'UNAUTHENTICATED' && !isReauthRequired(err);
}

export function recheckSessionOn(client: QueryClient, err: unknown): void {
  if (isSessionProblem(err)) void client.invalidateQueries({ queryKey: sessionKeys.all });
}
