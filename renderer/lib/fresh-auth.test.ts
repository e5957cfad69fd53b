import { describe, expect, it, vi } from 'vitest';
import { CallError } from './call';
import { isReauthRequired, reauthCancelledMessage, withFreshAuth } from './fresh-auth';

// Worded unlike the core's current message on purpose: only the code may decide.
const stale = new CallError('REAUTH_REQUIRED', 'Type your passphrase again to go on.');

describe('withFreshAuth', () => {
  it('asks once, with the core’s words, and retries the same call after the passphrase is confirmed', async () => {
    const run = vi.fn().mockRejectedValueOnce(stale).mockResolvedValueOnce('done');
    const ask = vi.fn().mockResolvedValue(true);
    await expect(withFreshAuth(run, ask)).resolves.toBe('done');
    expect(ask).toHaveBeenCalledWith('Type your passphrase again to go on.');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the person cancels, and says so', async () => {
    const run = vi.fn().mockRejectedValue(stale);
    await expect(withFreshAuth(run, async () => false)).rejects.toThrow(reauthCancelledMessage);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('passes a locked or signed-out session through without asking, whatever its words', async () => {
    const ask = vi.fn();
    for (const message of ['The session is locked. Enter your passphrase to unlock it.', 'Confirm your passphrase to do this.']) {
      const locked = new CallError('UNAUTHENTICATED', message);
      expect(isReauthRequired(locked)).toBe(false);
      await expect(withFreshAuth(() => Promise.reject(locked), ask)).rejects.toBe(locked);
    }
    expect(ask).not.toHaveBeenCalled();
  });
});
