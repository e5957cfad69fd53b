// The one real wait. Services take a `Sleep` as a dependency so tests and benchmarks can move a
// manual clock instead of the process sleeping; this is what they get by default.

/** Waits `ms` (resolving early if the signal aborts). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
