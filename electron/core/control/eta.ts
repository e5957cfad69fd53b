// When a channel's retraction queue will be done, on the channel's own rate-limit schedule: the
// budget left in the current window, then whole windows of `limit` each. Pure, so the ETA shown
// and the schedule the worker keeps are the same arithmetic.
import type { ChannelKind, RateBudget } from '../../channels/types';

export interface BudgetWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** Published delete budgets, used until the channel's own headers say otherwise. */
export const defaultRetractWindows: Readonly<Partial<Record<ChannelKind, BudgetWindow>>> = {
  // X: DELETE /2/tweets/:id allows 50 requests per 15 minutes per user.
  x: { limit: 50, windowMs: 15 * 60_000 },
};

export interface EtaInput {
  /** Retractions still to do on this channel, including the one about to run. */
  readonly pending: number;
  readonly nowMs: number;
  /** The channel's last reported retract budget, if any. */
  readonly budget: RateBudget | null;
  /** The channel's window; null = no known limit. */
  readonly window: BudgetWindow | null;
  /** Typical time one retraction takes. */
  readonly perItemMs: number;
  /** Jobs waiting on a 429 are not due before this. */
  readonly notBeforeMs?: number | null;
}

/** Epoch ms when the last pending retraction should be done. */
export function retractionEta(input: EtaInput): number {
  const { pending, window, perItemMs } = input;
  const start = Math.max(input.nowMs, input.notBeforeMs ?? 0);
  if (pending <= 0) return start;
  if (!window) return start + pending * perItemMs;
  const budget = input.budget;
  const resetMs = budget ? Date.parse(budget.resetAt) : Number.NaN;
  const windowOpen = budget !== null && Number.isFinite(resetMs) && resetMs > start;
  const limit = Math.max(1, budget?.limit ?? window.limit);
  // No open window: the next request opens one, with the whole limit, resetting windowMs later.
  const remaining = windowOpen ? Math.max(0, budget.remaining) : limit;
  const firstReset = windowOpen ? resetMs : start + window.windowMs;
  if (pending <= remaining) return start + pending * perItemMs;
  const left = pending - remaining;
  const moreWindows = Math.ceil(left / limit);
  const inLast = left - (moreWindows - 1) * limit;
  // Each later window opens at the previous reset (the worker sends right then).
  return firstReset + (moreWindows - 1) * window.windowMs + inLast * perItemMs;
}

/** The retract budget an adapter last reported, if any. */
export function retractBudget(budgets: readonly RateBudget[]): RateBudget | null {
  return budgets.find((b) => b.endpoint === 'retract') ?? null;
}
