import { describe, expect, it, vi } from 'vitest';
import { CallError } from './call';
import { reauthCancelledMessage, withFreshAuth } from './fresh-auth';

const stale = new CallError('UNAUTHENTICATED', 'Confirm your passphrase to do this.');

describe('withFreshAuth', () => {
  it('asks once and retries the same call after the passphrase is confirmed', async () => {
    const run = vi.fn().mockRejectedValueOnce(stale).mockResolvedValueOnce('done');
    const ask = vi.fn().mockResolvedValue(true);
    await expect(withFreshAuth(run, ask)).resolves.toBe('done');
    expect(ask).toHaveBeenCalledWith('Confirm your passphrase to do this.');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the person cancels, and says so', async () => {
    const run = vi.fn().mockRejectedValue(stale);
    await expect(withFreshAuth(run, async () => false)).rejects.toThrow(reauthCancelledMessage);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('passes other failures through without asking', async () => {
    const locked = new CallError('UNAUTHENTICATED', 'The session is locked. Enter your passphrase to unlock it.');
    const ask = vi.fn();
    await expect(withFreshAuth(() => Promise.reject(locked), ask)).rejects.toBe(locked);
    expect(ask).not.toHaveBeenCalled();
  });
});
