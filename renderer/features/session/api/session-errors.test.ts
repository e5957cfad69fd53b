import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { CallError } from '../../../lib/call';
import { isSessionProblem, recheckSessionOn } from './session-errors';

describe('isSessionProblem', () => {
  it('reads the session again on UNAUTHENTICATED, whatever the words', () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    // A lock message that happens to start like the fresh-auth one is still a session problem.
    recheckSessionOn(client, new CallError('UNAUTHENTICATED', 'Confirm your passphrase to unlock this window.'));
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('keeps the session on a stale passphrase: fresh-auth asks for it instead', () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    recheckSessionOn(client, new CallError('REAUTH_REQUIRED', 'Sign in first.'));
    expect(invalidate).not.toHaveBeenCalled();
    expect(isSessionProblem(new CallError('FORBIDDEN', 'Your role may not do this.'))).toBe(false);
  });
});
