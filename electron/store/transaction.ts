// The one way any code opens or joins a transaction on a SQLite connection, and the gate every
// repository call on that connection goes through. Every repository built on a connection shares
// this runner, so the rule below holds whichever repository calls first:
//
//  - The outermost call runs BEGIN IMMEDIATE: the write lock is taken before the first read, so a
//    check-then-write cannot race another connection (the CLI shares the file). It COMMITs when
//    `fn`'s promise resolves and ROLLs BACK when it rejects.
//  - A call made inside `fn` (any repository's, recognised by AsyncLocalStorage, so an unrelated
//    task that happens to run meanwhile is never taken for a nested call) is a SAVEPOINT inside it:
//    its writes commit with the outer transaction; if it throws, only its own writes are undone and
//    the error goes on to the outer `fn`. A caller's own BEGIN on the connection is joined the same way.
//  - node:sqlite is one connection, so whatever runs on it while `fn` awaits would land inside the
//    open transaction. Hence one queue per level: outer transactions run one at a time, and a
//    repository call made outside them waits until the open one has finished; inside `fn`, sibling
//    savepoints (e.g. under Promise.all) take turns the same way, and a plain call made beside an
//    open savepoint waits for it. A call from a task that outlived its transaction joins the level
//    above (never a transaction that has ended).
//  - `fn` may await the store, but nothing outside it: events are emitted and adapters called after
//    the commit. A `fn` that waited for another task's store call would wait forever (that call is
//    queued behind it); a `fn` with no side effect outside the store is also what lets the
//    PostgreSQL backend re-run it on a serialization failure.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseSync } from 'node:sqlite';
import type { Transaction } from './repositories';

export interface SqliteTransactions {
  /** A write transaction (the rule above). */
  readonly transaction: Transaction;
  /** A read-only snapshot: BEGIN DEFERRED, no write lock; inside an open transaction it joins it. */
  readonly snapshot: Transaction;
  /** Runs a repository's synchronous body in the caller's turn (the queue above) and resolves with its result. */
  run<T>(body: () => T): Promise<T>;
  /**
   * A synchronous transaction for code that already holds its turn (a repository body, opening the
   * file): BEGIN IMMEDIATE, or a SAVEPOINT when one is open. A returned promise is refused.
   */
  atomically<T>(fn: () => T): T;
}

/** First come, first served; the holder hands the lock straight to the next waiter. */
class Queue {
  private busy = false;
  private readonly waiters: (() => void)[] = [];

  /** Takes the lock now if nobody holds it or waits for it. */
  tryEnter(): boolean {
    if (this.busy || this.waiters.length > 0) return false;
    this.busy = true;
    return true;
  }

  enter(): Promise<void> {
    if (this.tryEnter()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  leave(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }
}

/** One level of nesting: the connection itself, or an open transaction/savepoint. */
interface Level {
  readonly parent: Level | null;
  /** Serialises what runs directly at this level: transactions opened here and plain calls made here. */
  readonly queue: Queue;
  open: boolean;
}

const byConnection = new WeakMap<DatabaseSync, SqliteTransactions>();

function refusePromise(value: unknown): void {
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    throw new Error('A synchronous store transaction returned a promise: use the async transaction(fn) instead.');
  }
}

interface Bracket {
  begin(): void;
  commit(): void;
  rollback(): void;
}

function create(db: DatabaseSync): SqliteTransactions {
  const levels = new AsyncLocalStorage<Level>();
  const connection: Level = { parent: null, queue: new Queue(), open: true };
  let savepoints = 0;

  /** The innermost level still open for this async context. */
  const currentLevel = (): Level => {
    let level = levels.getStore() ?? connection;
    while (!level.open) level = level.parent ?? connection;
    return level;
  };

  const savepoint = (): Bracket => {
    const name = `cr_savepoint_${++savepoints}`;
    return {
      begin: () => db.exec(`SAVEPOINT ${name}`),
      commit: () => db.exec(`RELEASE ${name}`),
      rollback: () => {
        // SQLite may already have rolled the whole transaction back (e.g. SQLITE_FULL): keep its error.
        if (db.isTransaction) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
        }
      },
    };
  };
  const outer = (begin: string): Bracket => ({
    begin: () => db.exec(begin),
    commit: () => db.exec('COMMIT'),
    rollback: () => {
      if (db.isTransaction) db.exec('ROLLBACK');
    },
  });
  /** A level that adds nothing: a snapshot inside an open transaction, which it simply joins. */
  const joined: Bracket = { begin: () => undefined, commit: () => undefined, rollback: () => undefined };

  /** Waits for the turn at the caller's level, then runs `fn` one level down inside `bracket`. */
  const inNewLevel = async <T>(choose: (at: Level) => Bracket, fn: () => Promise<T>): Promise<T> => {
    const at = currentLevel();
    await at.queue.enter();
    const level: Level = { parent: at, queue: new Queue(), open: true };
    try {
      const bracket = choose(at);
      bracket.begin();
      try {
        const out = await levels.run(level, fn);
        level.open = false;
        bracket.commit();
        return out;
      } catch (err) {
        level.open = false;
        bracket.rollback();
        throw err;
      }
    } finally {
      level.open = false;
      at.queue.leave();
    }
  };

  // Nested (or inside a caller's own BEGIN): a savepoint; outermost: BEGIN IMMEDIATE.
  const transaction: Transaction = (fn) =>
    inNewLevel((at) => (at !== connection || db.isTransaction ? savepoint() : outer('BEGIN IMMEDIATE')), fn);
  // Read-only: ending it either way releases the snapshot, so COMMIT serves both.
  const snapshot: Transaction = (fn) =>
    inNewLevel((at) => (at !== connection || db.isTransaction ? joined : { ...outer('BEGIN'), rollback: () => db.isTransaction && db.exec('COMMIT') }), fn);

  const run = async <T>(body: () => T): Promise<T> => {
    const at = currentLevel();
    // The usual case (nothing open at this level) runs at once, in call order.
    if (!at.queue.tryEnter()) await at.queue.enter();
    try {
      return body();
    } finally {
      at.queue.leave();
    }
  };

  const atomically = <T>(fn: () => T): T => {
    const bracket = db.isTransaction ? savepoint() : outer('BEGIN IMMEDIATE');
    bracket.begin();
    try {
      const out = fn();
      refusePromise(out);
      bracket.commit();
      return out;
    } catch (err) {
      bracket.rollback();
      throw err;
    }
  };

  return { transaction, snapshot, run, atomically };
}

/** The connection's runner (one per connection, shared by every repository built on it). */
export function sqliteTransactions(db: DatabaseSync): SqliteTransactions {
  let runner = byConnection.get(db);
  if (!runner) {
    runner = create(db);
    byConnection.set(db, runner);
  }
  return runner;
}

/** A repository's synchronous shape: what each method of `T` resolves with, returned directly. */
export type SyncBodies<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * The async repository over synchronous bodies: each method runs in the caller's turn on the
 * connection (see the rule above) and resolves with the body's result; `transaction` passes through.
 */
export function gated<T extends object>(db: DatabaseSync, bodies: SyncBodies<T>): T {
  const { run } = sqliteTransactions(db);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(bodies)) {
    out[key] = key === 'transaction' || typeof value !== 'function' ? value : (...args: unknown[]) => run(() => (value as (...a: unknown[]) => unknown)(...args));
  }
  return out as T;
}
