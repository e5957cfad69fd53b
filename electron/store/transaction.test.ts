import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteAccountsRepository } from './accounts-repository';
import { createSqliteControlRepository } from './control-repository';
import { openDatabase, type OpenedDatabase } from './database';
import { createSqliteMonitorRepository } from './monitor-repository';
import { createSqliteSettingsRepository } from './settings-repository';
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

/** Lets every other ready task run (several turns of the event loop). */
const yieldToOthers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('one transaction runner per connection', () => {
  it('is the same function on every repository of the connection', () => {
    const { transaction } = sqliteTransactions(opened.db);
    for (const repo of [createSqliteControlRepository(opened.db), createSqliteMonitorRepository(opened.db), createSqliteAccountsRepository(opened.db), createSqliteStatementsRepository(opened.db)]) {
      expect(repo.transaction).toBe(transaction);
    }
  });

  it('commits when fn resolves and rolls back when it throws', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    await expect(transaction(async () => (put('a'), 1))).resolves.toBe(1);
    await expect(transaction(async () => (put('b'), put('a')))).rejects.toThrow(/UNIQUE/);
    expect(keys()).toEqual(['a']);
    expect(opened.db.isTransaction).toBe(false);
  });

  it('keeps the transaction open across awaits and rolls back what came before a later throw', async () => {
    const settings = createSqliteSettingsRepository(opened.db);
    const { transaction } = sqliteTransactions(opened.db);
    await expect(
      transaction(async () => {
        await settings.set('demo.enabled', 'true', new Date());
        await yieldToOthers();
        expect(await settings.get('demo.enabled')).toBe('true');
        throw new Error('fails after awaiting');
      }),
    ).rejects.toThrow('fails after awaiting');
    expect(await settings.get('demo.enabled')).toBeNull();
    expect(opened.db.isTransaction).toBe(false);
  });

  it('joins an outer transaction opened by another repository: all or nothing', async () => {
    const control = createSqliteControlRepository(opened.db);
    const monitor = createSqliteMonitorRepository(opened.db);
    await expect(
      control.transaction(async () => {
        await monitor.transaction(async () => put('inner'));
        put('outer');
        throw new Error('outer fails after the inner call returned');
      }),
    ).rejects.toThrow('outer fails');
    expect(keys()).toEqual([]);
  });

  it('undoes only the inner writes when an inner call throws and the outer carries on', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    await transaction(async () => {
      put('before');
      await expect(transaction(async () => (put('inner'), put('before')))).rejects.toThrow(/UNIQUE/);
      put('after');
    });
    expect(keys()).toEqual(['after', 'before']);
  });

  it('runs two concurrent transactions one after the other, each seeing only its own writes', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    const seen: string[][] = [];
    const order: string[] = [];
    const one = (key: string) =>
      transaction(async () => {
        order.push(`${key} begins`);
        put(key);
        await yieldToOthers();
        seen.push(keys());
        order.push(`${key} ends`);
      });
    await Promise.all([one('a'), one('b')]);
    expect(order).toEqual(['a begins', 'a ends', 'b begins', 'b ends']);
    expect(seen).toEqual([['a'], ['a', 'b']]);
  });

  it('keeps a concurrent failing transaction from taking the other one\'s writes with it', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    const failing = transaction(async () => {
      put('doomed');
      await yieldToOthers();
      throw new Error('rolled back');
    });
    const fine = transaction(async () => {
      await yieldToOthers();
      put('kept');
    });
    await expect(failing).rejects.toThrow('rolled back');
    await fine;
    expect(keys()).toEqual(['kept']);
  });

  it('makes a call from outside wait for the open transaction instead of slipping into it', async () => {
    const settings = createSqliteSettingsRepository(opened.db);
    const { transaction } = sqliteTransactions(opened.db);
    let outsideDone = false;
    const tx = transaction(async () => {
      put('inside');
      await yieldToOthers();
      expect(outsideDone).toBe(false);
      throw new Error('the transaction rolls back');
    });
    const outside = settings.set('monitor.pollIntervalMs', '5000', new Date()).then(() => (outsideDone = true));
    await expect(tx).rejects.toThrow('the transaction rolls back');
    await outside;
    expect(keys()).toEqual(['monitor.pollIntervalMs']);
  });

  it('does not let a task that outlived its transaction write into a later one', async () => {
    const settings = createSqliteSettingsRepository(opened.db);
    const { transaction } = sqliteTransactions(opened.db);
    let straggler: Promise<void> = Promise.resolve();
    await transaction(async () => {
      // Started inside, left running: its write lands after this transaction has committed.
      straggler = yieldToOthers().then(() => settings.set('monitor.pollIntervalMs', '5000', new Date()));
    });
    await expect(
      transaction(async () => {
        put('later');
        await yieldToOthers();
        await yieldToOthers();
        throw new Error('the later transaction rolls back');
      }),
    ).rejects.toThrow('the later transaction rolls back');
    await straggler;
    expect(keys()).toEqual(['monitor.pollIntervalMs']);
  });

  it('lets sibling savepoints under Promise.all take turns, each undone alone', async () => {
    const { transaction } = sqliteTransactions(opened.db);
    await transaction(async () => {
      const results = await Promise.allSettled([
        transaction(async () => {
          put('first');
          await yieldToOthers();
          throw new Error('first fails');
        }),
        transaction(async () => {
          put('second');
          await yieldToOthers();
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    });
    expect(keys()).toEqual(['second']);
  });

  it("joins a caller's own BEGIN, whose rollback then takes the work back", async () => {
    opened.db.exec('BEGIN');
    await sqliteTransactions(opened.db).transaction(async () => put('joined'));
    opened.db.exec('ROLLBACK');
    expect(keys()).toEqual([]);
  });

  it('refuses a promise from a synchronous transaction and writes nothing', () => {
    const { atomically } = sqliteTransactions(opened.db);
    expect(() => atomically(async () => put('late'))).toThrow(/synchronous/);
    expect(keys()).toEqual([]);
    expect(opened.db.isTransaction).toBe(false);
  });

  it('takes the write lock at BEGIN: another connection cannot write until it commits', async () => {
    const other = new DatabaseSync(opened.path);
    other.exec('PRAGMA busy_timeout = 0');
    try {
      await sqliteTransactions(opened.db).transaction(async () => {
        await expect(sqliteTransactions(other).transaction(async () => undefined)).rejects.toThrow(/locked|busy/i);
      });
      await sqliteTransactions(other).transaction(async () => other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('other', 'v', 'now')").run());
    } finally {
      other.close();
    }
    expect(keys()).toEqual(['other']);
  });

  it('reads a snapshot without taking the write lock', async () => {
    const other = new DatabaseSync(opened.path);
    other.exec('PRAGMA busy_timeout = 0');
    try {
      put('a');
      const seen = await sqliteTransactions(opened.db).snapshot(async () => {
        const first = keys();
        // A writer elsewhere is not blocked, and this snapshot does not see its row.
        other.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', 'v', 'now')").run();
        await yieldToOthers();
        return [first, keys()];
      });
      expect(seen).toEqual([['a'], ['a']]);
      expect(keys()).toEqual(['a', 'b']);
    } finally {
      other.close();
    }
  });
});
