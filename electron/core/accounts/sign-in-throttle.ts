// Sign-in throttling per username, as pure functions over a stored record. A few typing mistakes are
// free; after that each further failure doubles a lock-out (30 s, 60 s, 120 s, ... up to a cap), which
// makes guessing a 12-character passphrase online hopeless without locking a person out for long.
import type { ThrottleRecord } from '../../store/records';

export interface ThrottlePolicy {
  /** Failures allowed before the first lock-out. */
  readonly freeFailures: number;
  readonly firstLockoutMs: number;
  readonly maxLockoutMs: number;
  /** A failure count this old is forgotten: last month's typo must not count against today. */
  readonly forgetAfterMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  freeFailures: 5,
  firstLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};

/** Milliseconds until this username may try again; 0 when it may try now. */
export function lockedForMs(record: ThrottleRecord | null, now: Date): number {
  if (!record?.lockedUntil) return 0;
  return Math.max(0, new Date(record.lockedUntil).getTime() - now.getTime());
}

/** The record after one more failure at `now`. */
export function recordFailure(
  username: string,
  record: ThrottleRecord | null,
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): ThrottleRecord {
  const stale = record !== null && now.getTime() - new Date(record.lastFailureAt).getTime() > policy.forgetAfterMs;
  const failures = (stale || !record ? 0 : record.failures) + 1;
  const over = failures - policy.freeFailures;
  // 5th failure: 30 s; 6th: 60 s; 7th: 120 s ... (over = 0, 1, 2, ...)
  const lockoutMs = over >= 0 ? Math.min(policy.maxLockoutMs, policy.firstLockoutMs * 2 ** over) : 0;
  return {
    username,
    failures,
    lockedUntil: lockoutMs > 0 ? new Date(now.getTime() + lockoutMs).toISOString() : null,
    lastFailureAt: now.toISOString(),
  };
}

/** Failures left before the next lock-out starts (for "n attempts left" hints). */
export function attemptsLeft(record: ThrottleRecord | null, policy: ThrottlePolicy = defaultThrottlePolicy): number {
  return Math.max(0, policy.freeFailures - (record?.failures ?? 0));
}

export function tryAgainMessage(ms: number): string {
  return `Too many failed attempts for this username. Try again in ${Math.ceil(ms / 1000)} s.`;
}
