import { describe, expect, it } from 'vitest';
import { defaultRetractWindows, retractionEta } from './eta';

const minute = 60_000;
const x = defaultRetractWindows.x!;

describe('retraction ETA', () => {
  it('120 deletes at 50 per 15 minutes from a fresh window: two resets, so 30 minutes', () => {
    expect(retractionEta({ pending: 120, nowMs: 0, budget: null, window: x, perItemMs: 0 })).toBe(30 * minute);
  });

  it('uses the budget left in the open window, then whole windows', () => {
    const budget = { endpoint: 'retract' as const, limit: 50, remaining: 10, resetAt: new Date(5 * minute).toISOString() };
    // 10 now, 50 at +5 min, the last 40 at +20 min.
    expect(retractionEta({ pending: 100, nowMs: 0, budget, window: x, perItemMs: 0 })).toBe(20 * minute);
    expect(retractionEta({ pending: 10, nowMs: 0, budget, window: x, perItemMs: 100 })).toBe(1_000);
  });

  it('treats an expired window as fresh, and a channel without limits as per-item time only', () => {
    const stale = { endpoint: 'retract' as const, limit: 50, remaining: 0, resetAt: new Date(0).toISOString() };
    expect(retractionEta({ pending: 50, nowMs: minute, budget: stale, window: x, perItemMs: 0 })).toBe(minute);
    expect(retractionEta({ pending: 3, nowMs: 0, budget: null, window: null, perItemMs: 200 })).toBe(600);
    expect(retractionEta({ pending: 0, nowMs: 7, budget: null, window: x, perItemMs: 200 })).toBe(7);
  });
});
