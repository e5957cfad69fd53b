// REMOVED WHEN THE STORE IS ASYNC (issue 16 step 1): the synchronous SQLite repositories behind the
// asynchronous store interfaces (electron/store/postgres/async-store.ts), so that one contract suite
// (test/helpers/store-contract-suite.ts) runs on SQLite and PostgreSQL today. Once repositories.ts
// is async, openSqliteStore itself is the factory and this file goes.
//
// node:sqlite's transactions are synchronous, and an async `fn` keeps one open across awaits, so:
// outer transactions on one file run one at a time (a queue per file, shared by every store opened
// on it here: two "desks" on one file wait for each other instead of failing with SQLITE_BUSY);
// a call inside `fn` (tracked in an AsyncLocalStorage) joins it, as a SAVEPOINT when it is a
// transaction; a call outside any transaction waits its turn in the queue.
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { createSqliteAccountsRepository } from '../../electron/store/accounts-repository';
import { createSqliteAuditRepository } from '../../electron/store/audit-repository';
import { createSqliteChannelsRepository } from '../../electron/store/channels-repository';
import { createSqliteControlRepository } from '../../electron/store/control-repository';
import { openDatabase, type OpenOptions } from '../../electron/store/database';
import { createSqliteMonitorRepository } from '../../electron/store/monitor-repository';
import type { AsyncAuditReader, AsyncStore, AsyncTransaction } from '../../electron/store/postgres/async-store';
import type { AuditReader } from '../../electron/store/repositories';
import { createSqliteSettingsRepository } from '../../electron/store/settings-repository';
import { createSqliteStatementsRepository } from '../../electron/store/statements-repository';

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier turn on this file has finished. */
function inTurn<T>(file: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(file) ?? Promise.resolve();
  const turn = before.then(work, work);
  queues.set(file, turn.catch(() => undefined));
  return turn;
}

export function openAsyncSqliteStore(path: string, options: OpenOptions = {}): AsyncStore {
  const database = openDatabase(path, options);
  const { db } = database;
  const file = resolve(path);
  const inside = new AsyncLocalStorage<{ savepoints: number }>();

  const guarded = <T>(work: () => T | Promise<T>): Promise<T> =>
    inside.getStore() ? Promise.resolve().then(work) : inTurn(file, async () => work());

  const transaction: AsyncTransaction = (fn) => {
    const state = inside.getStore();
    if (state) {
      const name = `async_sp_${++state.savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      return fn().then(
        (out) => {
          db.exec(`RELEASE ${name}`);
          return out;
        },
        (err: unknown) => {
          if (db.isTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
          throw err;
        },
      );
    }
    return inTurn(file, async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await inside.run({ savepoints: 0 }, fn);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
  };

  /** Every method of a synchronous repository, returning a promise and waiting its turn. */
  function promised<R extends object, A>(repo: R): A {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(repo)) {
      out[key] = key === 'transaction' ? transaction : typeof value === 'function' ? (...args: unknown[]) => guarded(() => (value as (...a: unknown[]) => unknown)(...args)) : value;
    }
    return out as A;
  }

  const asyncReader = (reader: AuditReader): AsyncAuditReader => ({
    head: async () => reader.head(),
    entriesFrom: (fromSeq) => ({
      async *[Symbol.asyncIterator]() {
        yield* reader.entriesFrom(fromSeq);
      },
    }),
    checkpoints: async () => reader.checkpoints(),
    latestCheckpoint: async () => reader.latestCheckpoint(),
  });
  const audit = createSqliteAuditRepository(db);

  return {
    settings: promised(createSqliteSettingsRepository(db)),
    channels: promised(createSqliteChannelsRepository(db)),
    monitor: promised(createSqliteMonitorRepository(db)),
    accounts: promised(createSqliteAccountsRepository(db)),
    statements: promised(createSqliteStatementsRepository(db)),
    control: promised(createSqliteControlRepository(db)),
    audit: {
      // Inside the write transaction, the synchronous writer (its statements run on this connection).
      write: (work) =>
        transaction(async () => {
          const writer = audit.write((w) => w);
          return work({ ...asyncReader(writer), insertEntry: async (e) => writer.insertEntry(e), insertCheckpoint: async (c) => writer.insertCheckpoint(c) });
        }),
      read: (work) =>
        guarded(async () => {
          // A deferred transaction: one snapshot for every read inside `work`.
          const own = !db.isTransaction;
          if (own) db.exec('BEGIN');
          try {
            return await inside.run({ savepoints: 0 }, () => work(asyncReader(audit.read((r) => r))));
          } finally {
            if (own) db.exec('COMMIT');
          }
        }),
    },
    transaction,
    schemaVersion: database.schemaVersion,
    close: async () => {
      await inTurn(file, async () => database.close());
    },
  };
}
