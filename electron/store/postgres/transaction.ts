// The one way any code opens or joins a transaction on the PostgreSQL store. The transaction's
// client travels in an AsyncLocalStorage: a repository method called inside `fn` runs on that
// client, outside any transaction on the pool, so no handle is threaded through the core.
//
//  - The outermost call runs BEGIN ISOLATION LEVEL SERIALIZABLE and COMMITs when `fn` resolves,
//    ROLLs BACK when it rejects. Several desks share the database: SERIALIZABLE keeps the one-writer
//    guarantees SQLite gives (a freeze commits before or after a claim, never between), and a
//    serialization failure or deadlock (SQLSTATE 40001/40P01) re-runs `fn` from the start, a bounded
//    number of times. That is safe because `fn` touches nothing outside the store: events and
//    adapter calls come after the commit.
//  - A call made inside a transaction is a SAVEPOINT of it: its writes commit with the outer one;
//    if it throws, only its own writes are undone and the error goes on to the outer `fn`. A
//    serialization failure inside it still re-runs the whole outer transaction (a savepoint cannot
//    repair that), even if the outer `fn` catches the error.
//  - Nested calls run one at a time: `fn` awaits each before starting the next (one connection).
//  - A statement outside any transaction is its own serializable transaction (the pool's sessions
//    default to SERIALIZABLE, so they take part in the same conflict checks) and is retried alone.
//  - Reads that must see one moment (the audit log) use a REPEATABLE READ READ ONLY snapshot.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { AsyncTransaction } from './async-store';

export type SqlValue = string | number | boolean | null | readonly string[] | Uint8Array;

interface TxState {
  readonly client: pg.PoolClient;
  readonly readOnly: boolean;
  savepoints: number;
  /** A serialization failure seen inside: the whole transaction must run again. */
  retry: unknown;
  /** Committed or rolled back: work that outlives `fn` (a timer it started) runs on the pool. */
  finished: boolean;
}

export interface PgSession {
  /** Runs one statement on the current transaction's client, or alone on the pool. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: readonly SqlValue[]): Promise<pg.QueryResult<R>>;
  readonly transaction: AsyncTransaction;
  /**
   * A write transaction that waits its turn on `key` (a 64-bit advisory lock key, as text) across
   * every desk. Outermost, the lock is taken before BEGIN, so the snapshot already holds the
   * previous holder's commit; nested, the caller's snapshot is older, so a stale read still ends in
   * a serialization failure and a re-run of the outer transaction.
   */
  serialised<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** A read-only snapshot; inside an open transaction it joins it. */
  readonly snapshot: AsyncTransaction;
}

export interface PgSessionOptions {
  /** How many times a transaction runs before a serialization failure is given up on (default 10). */
  readonly maxAttempts?: number;
}

const retryableCodes = new Set(['40001', '40P01']);
export const isRetryable = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && retryableCodes.has(String((err as { code?: unknown }).code));

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can): say so instead of "invalid byte sequence".
 * Channel content is hostile and may carry it; it has to be removed before it reaches the store.
 */
function explained(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== '22021' && code !== '22P05') return err;
  return Object.assign(new Error('PostgreSQL cannot store the NUL character (U+0000) in text, and this value holds one: remove it before storing.', { cause: err }), { code });
}

// Jittered, growing pauses: two desks that collided should not collide again in lockstep.
const pause = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** Math.min(attempt, 6)));

export function pgSession(pool: pg.Pool, options: PgSessionOptions = {}): PgSession {
  const maxAttempts = options.maxAttempts ?? 10;
  const als = new AsyncLocalStorage<TxState>();
  // The context of a promise or timer started inside `fn` outlives it; its client does not.
  const open = (): TxState | undefined => {
    const state = als.getStore();
    return state && !state.finished ? state : undefined;
  };

  const inSavepoint = async <T>(state: TxState, fn: () => Promise<T>): Promise<T> => {
    const name = `cr_savepoint_${++state.savepoints}`;
    await state.client.query(`SAVEPOINT ${name}`);
    try {
      const out = await fn();
      await state.client.query(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      if (isRetryable(err)) state.retry ??= err;
      if (state.retry === null) {
        // If this fails the connection is gone: the outer transaction's ROLLBACK reports it.
        await state.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => undefined);
      }
      throw err;
    }
  };

  /** `lockKey`: a session advisory lock held from before BEGIN until after COMMIT or ROLLBACK. */
  const run = async <T>(begin: string, readOnly: boolean, fn: () => Promise<T>, lockKey?: string): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      const state: TxState = { client, readOnly, savepoints: 0, retry: null, finished: false };
      let broken: Error | undefined;
      // pg's pool listens for a client's errors only while it is idle: a connection cut while this
      // transaction holds it (the server restarted) would emit 'error' to nobody and crash the
      // process. The query in flight rejects by itself; here the client is only marked broken.
      const lost = (err: Error): void => void (broken ??= err);
      client.on('error', lost);
      const release = (): void => {
        client.off('error', lost);
        client.release(broken);
      };
      const finish = async (rollback: boolean): Promise<void> => {
        state.finished = true;
        try {
          if (rollback) await client.query('ROLLBACK');
          if (lockKey !== undefined) await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
        } catch (err) {
          // The connection is gone or unusable (its session lock went with it): never reuse it.
          broken = err instanceof Error ? err : new Error(String(err));
        }
      };
      try {
        if (lockKey !== undefined) await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
        await client.query(begin);
        const out = await als.run(state, fn);
        if (state.retry !== null) throw state.retry;
        await client.query('COMMIT');
        await finish(false);
        release();
        return out;
      } catch (err) {
        await finish(true);
        release();
        if ((isRetryable(err) || state.retry !== null) && attempt < maxAttempts) {
          await pause(attempt);
          continue;
        }
        throw err;
      }
    }
  };

  const transaction: AsyncTransaction = async (fn) => {
    const current = open();
    if (current?.readOnly) throw new Error('A write transaction was started inside a read-only snapshot: read and write in separate calls.');
    if (current) return inSavepoint(current, fn);
    return run('BEGIN ISOLATION LEVEL SERIALIZABLE', false, fn);
  };

  const serialised: PgSession['serialised'] = async (key, fn) => {
    const current = open();
    if (!current) return run('BEGIN ISOLATION LEVEL SERIALIZABLE', false, fn, key);
    return transaction(async () => {
      await current.client.query('SELECT pg_advisory_xact_lock($1)', [key]);
      return fn();
    });
  };

  const snapshot: AsyncTransaction = async (fn) => {
    if (open()) return fn();
    return run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', true, fn);
  };

  const query: PgSession['query'] = async (sql, params = []) => {
    const current = open();
    if (current) return current.client.query(sql, [...params]).catch((err: unknown) => Promise.reject(explained(err)));
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.query(sql, [...params]);
      } catch (err) {
        if (!isRetryable(err) || attempt >= maxAttempts) throw explained(err);
        await pause(attempt);
      }
    }
  };

  return { query, transaction, serialised, snapshot };
}
