import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../channels/types';
import { stepAfterFailure } from './send-policy';
import { settleVerdict } from './settle';

const now = new Date('2019-07-19T22:00:00Z');
const err = (f: ChannelError['failure']) => new ChannelError(f);

describe('what follows a failed send', () => {
  it('retries only what proves nothing was sent', () => {
    expect(stepAfterFailure(err({ kind: 'UNAVAILABLE', message: 'refused' }), 1, now)).toMatchObject({ kind: 'retry', notBefore: '2019-07-19T22:00:05.000Z', hold: { by: 'network', until: '2019-07-19T22:00:05.000Z', message: 'refused' } });
    expect(stepAfterFailure(err({ kind: 'UNAVAILABLE', message: 'refused' }), 3, now)).toMatchObject({ kind: 'retry', notBefore: '2019-07-19T22:00:20.000Z' });
    // Never given up: nothing was sent, and the network may come back in an hour.
    expect(stepAfterFailure(err({ kind: 'UNAVAILABLE', message: 'refused' }), 500, now)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('Waiting for the network') });
  });

  it('waits for the reset when rate limited, never drops', () => {
    expect(stepAfterFailure(err({ kind: 'RATE_LIMITED', resetAt: '2019-07-19T22:15:00Z', message: '429' }), 9, now)).toMatchObject({ kind: 'rate-limited', notBefore: '2019-07-19T22:15:00.000Z', hold: { by: 'rate-limit' } });
  });

  it('treats a timeout, an unreadable answer and a bug as outcome unknown (read before anything)', () => {
    expect(stepAfterFailure(err({ kind: 'OUTCOME_UNKNOWN', message: 'timeout' }), 1, now).kind).toBe('unknown');
    expect(stepAfterFailure(err({ kind: 'BAD_RESPONSE', message: 'garbled' }), 1, now).kind).toBe('unknown');
    expect(stepAfterFailure(new TypeError('oops'), 1, now).kind).toBe('unknown');
  });

  it('gives up at once on refusals and revoked credentials', () => {
    expect(stepAfterFailure(err({ kind: 'REJECTED', message: 'duplicate' }), 1, now)).toEqual({ kind: 'failed', reason: 'duplicate' });
    expect(stepAfterFailure(err({ kind: 'AUTH_REVOKED', message: 'revoked' }), 1, now).kind).toBe('failed');
  });

  it('concludes absence only from a read begun after the settle window', () => {
    expect(settleVerdict(null, 1_000, 1_500, 1_000)).toEqual({ kind: 'wait', untilMs: 2_000 });
    expect(settleVerdict(null, 1_000, 2_000, 1_000)).toEqual({ kind: 'absent' });
  });
});
