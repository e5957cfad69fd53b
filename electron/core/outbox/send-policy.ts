// What happens to an outbox row after a failed publish: the outbox state machine's failure edges,
// as a pure function. The rule that matters: only a failure that proves nothing was sent may be
// retried; anything else is "outcome unknown" and is settled by reading the channel.
import { isChannelError } from '../../channels/types';
import { holdText, type Hold } from './held';

export type FailureStep =
  /** Nothing went out; try again at notBefore (the row goes back to queued, held by the network). */
  | { readonly kind: 'retry'; readonly notBefore: string; readonly hold: Hold; readonly reason: string }
  /** Refused by the rate limit (nothing went out): wait for the reset, never drop. */
  | { readonly kind: 'rate-limited'; readonly notBefore: string; readonly hold: Hold; readonly reason: string }
  /** Nothing went out and trying again will not help (credentials, refusal) or retries ran out. */
  | { readonly kind: 'failed'; readonly reason: string }
  /** It may have gone out: read the channel before anything else. */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface RetryPolicy {
  /** Sends whose outcome stayed unknown (then found absent) are tried at most this many times. */
  readonly maxAttempts: number;
  /** First retry delay; doubled per attempt, capped at maxDelayMs. */
  readonly baseDelayMs: number;
  /** Short: when the network comes back, an approved statement must not sit out a long back-off. */
  readonly maxDelayMs: number;
}

// An unreachable channel is retried until it answers (nothing was sent, so it is safe): offline
// drafting means an approved statement waits visibly and goes out by itself, never gives up.
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 5_000, maxDelayMs: 30_000 };

export function retryDelay(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** `attempts` counts the claim that just failed. */
export function stepAfterFailure(err: unknown, attempts: number, now: Date, policy: RetryPolicy = defaultRetryPolicy): FailureStep {
  // A bug or an unmapped error says nothing about whether the post went out.
  if (!isChannelError(err)) return { kind: 'unknown', reason: `Unexpected error while sending (${err instanceof Error ? err.message : String(err)}); checking the channel.` };
  const f = err.failure;
  switch (f.kind) {
    case 'RATE_LIMITED': {
      const reset = Date.parse(f.resetAt);
      const notBefore = new Date(Number.isFinite(reset) ? Math.max(reset, now.getTime()) : now.getTime() + 60_000).toISOString();
      const hold: Hold = { by: 'rate-limit', until: notBefore };
      return { kind: 'rate-limited', notBefore, hold, reason: holdText(hold) };
    }
    case 'UNAVAILABLE': {
      const notBefore = new Date(now.getTime() + retryDelay(policy, attempts)).toISOString();
      const hold: Hold = { by: 'network', until: notBefore, message: f.message };
      return { kind: 'retry', notBefore, hold, reason: holdText(hold) };
    }
    case 'AUTH_REVOKED':
    case 'REJECTED':
    case 'NOT_FOUND':
      return { kind: 'failed', reason: f.message };
    // A 2xx with an unreadable body, or no answer at all: the post may exist.
    case 'OUTCOME_UNKNOWN':
    case 'BAD_RESPONSE':
      return { kind: 'unknown', reason: f.message };
  }
}
