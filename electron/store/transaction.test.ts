import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteAccountsRepository } from './accounts-repository';
import { createSqliteControlRepository } from './control-repository';
import { openDatabase, type OpenedDatabase } from './database';
import { createSqliteMonitorRepository } from './monitor-repository';
import { createSqliteStatementsRepository } from './statements-repository';
import { sqliteTransactions } from './transaction';

let dir: string;
let opened: OpenedDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-tx-'));
  opened = openDatabase(join(dir, 'control-room.db'));
});
afterEach(() => {
  opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (key: string): void => {
  opened.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, 'v', 'now')").run(key);
};
const keys = (): string[] => (opened.db.prepare('SELECT key FROM settings ORDER BY key').all() as { key: string }[]).map((r) => r.key);

describe('one transaction runner per connection', () => {
  it('is the same function on every repository of the connection', () => {
    const { transaction } = sqliteTransactions(opened.db);
    for (const repo of [createSqliteControlRepository(opened.db), createSqliteMonitorRepository(opened.db), createSqliteAccountsRepository(opened.db), createSqliteStatementsRepository(opened.db)]) {
      expect(repo.transaction).toBe(transaction);
    }
  });

  it('commits when fn returns and rolls back when it throws', () => {
    const { transaction } = sqliteTransactions(opened.db);
    expect(transaction(() => (put('a'), 1))).toBe(1);
    expect(() => transaction(() => (put('b'), put('a')))).toThrow(/UNIQUE/);
    expect(keys()).toEqual(['a']);
    expect(opened.db.isTransaction).toBe(false);
  });

  it('joins an outer transaction opened by another repository: all or nothing', () => {
    const control = createSqliteControlRepository(opened.db);
    const monitor = createSqliteMonitorRepository(opened.db);
    expect(() =>
      control.transaction(() => {
        monitor.transaction(() => put('inner'));
        put('outer');
        throw new Error('outer fails after the inner call returned');
      }),
    ).toThrow('outer fails');
    expect(keys()).toEqual([]);
  });

  it('undoes only the inner writes when an inner call throws and the outer carries on', () => {
    const { transaction } = sqliteTransactions(opened.db);
    transaction(() => {
      put('before');
      expect(() => transaction(() => (put('inner'), put('before')))).toThrow(/UNIQUE/);
      put('after');
    });
    expect(keys()).toEqual(['after', 'before']);
  });

  it("joins a caller's own BEGIN, whose rollback then takes the work back", () => {
    opened.db.exec('BEGIN');
    sqliteTransactions(opened.db).transaction(() => put('joined'));
    opened.db.exec('ROLLBACK');
    expect(keys()).toEqual([]);
  });

  it('refuses an async callback and writes nothing', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    expect(() => transaction(async () => put('late'))).toThrow(/synchronous/);
    expect(keys()).toEqual([]);
    expect(opened.db.isTransaction).toBe(false);
  });

  it('takes the write lock at BEGIN: another connection cannot write until it commits', () => {
    const other = new DatabaseSync(opened.path);
    other.exec('PRAGMA busy_timeout = 0');
    try {
      sqliteTransactions(opened.db).transaction(() => {
        expect(() => sqliteTransactions(other).transaction(() => undefined)).toThrow(/locked|busy/i);
      });
      sqliteTransactions(other).transaction(() => other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('other', 'v', 'now')").run());
    } finally {
      other.close();
    }
    expect(keys()).toEqual(['other']);
  });

  it('reads a snapshot without taking the write lock', () => {
    const other = new DatabaseSync(opened.path);
    other.exec('PRAGMA busy_timeout = 0');
    try {
      put('a');
      const seen = sqliteTransactions(opened.db).snapshot(() => {
        const first = keys();
        // A writer elsewhere is not blocked, and this snapshot does not see its row.
        other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', 'v', 'now')").run();
        return [first, keys()];
      });
      expect(seen).toEqual([['a'], ['a']]);
      expect(keys()).toEqual(['a', 'b']);
    } finally {
      other.close();
    }
  });
});
