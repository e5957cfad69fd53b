// One time base for every benchmark: milliseconds on the wall clock with sub-millisecond
// resolution (performance.timeOrigin + performance.now()). Chromium pages compute the same
// expression, so a time taken in the page and one taken in Node can be subtracted.
import { performance } from 'node:perf_hooks';

export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Polls `probe` until it returns something truthy; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, timeoutMs: number, everyMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A seeded generator (mulberry32), so two runs post on the same schedule. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
