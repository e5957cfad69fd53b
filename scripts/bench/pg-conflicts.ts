// Counts the serialization failures and deadlocks (SQLSTATE 40001 / 40P01) PostgreSQL returns to
// this process's `pg` clients. The store's transaction runner re-runs a transaction on each one (up
// to 10 runs), so over a benchmark the count is the number of re-runs (plus any given up on, which
// then fail loudly). The store does not expose the count itself: the benchmark watches the driver.
import pg from 'pg';

const codes = new Set(['40001', '40P01']);

export interface ConflictCounter {
  readonly count: () => number;
  /** Puts the driver back as it was. */
  readonly stop: () => void;
}

export function countSerializationFailures(): ConflictCounter {
  let seen = 0;
  const note = (err: unknown): void => {
    if (codes.has(String((err as { code?: unknown } | null)?.code))) seen++;
  };
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    // pg-pool passes a callback; the store's own client.query calls use the promise.
    const last = args.at(-1);
    if (typeof last === 'function') {
      const cb = last as (err: unknown, ...rest: unknown[]) => unknown;
      args[args.length - 1] = (err: unknown, ...rest: unknown[]): unknown => {
        if (err) note(err);
        return cb(err, ...rest);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out instanceof Promise) out.catch(note);
    return out;
  };
  return {
    count: () => seen,
    stop: () => {
      proto.query = original;
    },
  };
}
