// Per-user, per-endpoint rate limits of the demo X server, on X's published 15-minute windows.
// A window opens at a user's first request to an endpoint and closes 15 minutes later, measured
// on the injected clock, so tests and benchmarks can walk past a reset without waiting.
import type { Clock } from '../../lib/clock';

export type DemoXLimitedEndpoint = 'create' | 'delete' | 'timeline' | 'me' | 'media';

export type DemoXLimits = Record<DemoXLimitedEndpoint, number>;

/** X's published per-user limits per 15 minutes (POST /2/tweets, DELETE /2/tweets/:id, GET /2/users/:id/tweets, GET /2/users/me, the media upload calls). */
export const defaultXLimits: Readonly<DemoXLimits> = { create: 100, delete: 50, timeline: 900, me: 75, media: 500 };

export const rateLimitWindowMs = 15 * 60 * 1000;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the window closes, as `x-rate-limit-reset` carries it. */
  resetEpochSeconds: number;
}

interface Window {
  startMs: number;
  used: number;
}

export class DemoXRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: Readonly<DemoXLimits>,
    private readonly clock: Clock,
  ) {}

  /** Counts one request; refused requests do not use up the window. */
  consume(userId: string, endpoint: DemoXLimitedEndpoint): RateLimitDecision {
    const nowMs = this.clock.now().getTime();
    const key = `${userId}:${endpoint}`;
    let window = this.windows.get(key);
    if (!window || nowMs >= window.startMs + rateLimitWindowMs) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(key, window);
    }
    const limit = this.limits[endpoint];
    // Rounded up so a client that sleeps until the reset second never arrives early.
    const resetEpochSeconds = Math.ceil((window.startMs + rateLimitWindowMs) / 1000);
    if (window.used >= limit) return { allowed: false, limit, remaining: 0, resetEpochSeconds };
    window.used += 1;
    return { allowed: true, limit, remaining: limit - window.used, resetEpochSeconds };
  }
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'x-rate-limit-limit': String(decision.limit),
    'x-rate-limit-remaining': String(decision.remaining),
    'x-rate-limit-reset': String(decision.resetEpochSeconds),
  };
}
