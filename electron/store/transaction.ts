// The one way any code opens or joins a transaction on a SQLite connection. Every repository built
// on a connection shares this runner, so the rule below holds whichever repository calls first:
//
//  - The outermost call runs BEGIN IMMEDIATE: the write lock is taken before the first read, so a
//    check-then-write cannot race another connection (the CLI shares the file). It COMMITs when
//    `fn` returns and ROLLs BACK when it throws.
//  - A call made while a transaction is open on the connection (another repository's, or a
//    caller's own BEGIN) is a SAVEPOINT inside it: its writes commit with the outer transaction;
//    if it throws, only its own writes are undone and the error goes on to the outer `fn`.
//  - `fn` is synchronous. A promise would outlive the transaction, so returning one is a bug and
//    throws (after rolling back).
import type { DatabaseSync } from 'node:sqlite';
import type { Transaction } from './repositories';

export interface SqliteTransactions {
  /** A write transaction (the rule above). */
  readonly transaction: Transaction;
  /** A read-only snapshot: BEGIN DEFERRED, no write lock; inside an open transaction it joins it. */
  readonly snapshot: Transaction;
}

const byConnection = new WeakMap<DatabaseSync, SqliteTransactions>();

function refusePromise(value: unknown): void {
  if (typeof (value as { then?: unknown } | null)?.then === 'function') {
    throw new Error('A transaction callback returned a promise: store transactions are synchronous, await outside them.');
  }
}

function create(db: DatabaseSync): SqliteTransactions {
  let savepoints = 0;

  const inSavepoint = <T>(fn: () => T): T => {
    const name = `cr_savepoint_${++savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const out = fn();
      refusePromise(out);
      db.exec(`RELEASE ${name}`);
      return out;
    } catch (err) {
      // SQLite may already have rolled the whole transaction back (e.g. SQLITE_FULL): keep its error.
      if (db.isTransaction) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
      }
      throw err;
    } finally {
      savepoints--;
    }
  };

  const transaction: Transaction = (fn) => {
    if (db.isTransaction) return inSavepoint(fn);
    db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      refusePromise(out);
      db.exec('COMMIT');
      return out;
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };

  const snapshot: Transaction = (fn) => {
    if (db.isTransaction) return fn();
    db.exec('BEGIN');
    try {
      const out = fn();
      refusePromise(out);
      return out;
    } finally {
      // Read-only: ending it either way releases the snapshot.
      db.exec('COMMIT');
    }
  };

  return { transaction, snapshot };
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
