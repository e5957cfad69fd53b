// How long to wait before the next read of a channel: as often as the configured interval allows,
// never faster than the read budget left in the current rate-limit window, and backing off on errors.
import type { RateBudget } from '../../channels/types';

/** A read budget is spread evenly over what is left of its window, with a little headroom. */
export function paceDelay(intervalMs: number, budget: RateBudget | undefined, now: number): number {
  if (!budget) return intervalMs;
  const msLeft = Math.max(0, Date.parse(budget.resetAt) - now);
  // Keep one request in hand: a manual "read now" or a retraction check must never hit a 429.
  const usable = budget.remaining - 1;
  if (usable <= 0) return Math.max(intervalMs, msLeft + 250);
  return Math.max(intervalMs, Math.ceil(msLeft / usable));
}

export const maxBackoffMs = 60_000;

export function backoffDelay(intervalMs: number, consecutiveFailures: number): number {
  return Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(consecutiveFailures, 10));
}
