// SQLite storage of accounts and sign-in throttle records (the AccountsRepository interface is in
// repositories.ts). Rows come back as plain records; the accounts service owns every rule.
import type { DatabaseSync } from 'node:sqlite';
import type { Role } from '../shared/contract';
import type { AccountRecord } from './records';
import type { AccountsRepository } from './repositories';
import { gated, sqliteTransactions } from './transaction';

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  passphrase_hash: string;
  disabled: number;
  must_change_passphrase: number;
  created_at: string;
  updated_at: string;
}

interface ThrottleRow {
  username: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
}

function toAccount(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passphraseHash: row.passphrase_hash,
    disabled: row.disabled === 1,
    mustChangePassphrase: row.must_change_passphrase === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createSqliteAccountsRepository(db: DatabaseSync): AccountsRepository {
  const columns = 'id, username, display_name, role, passphrase_hash, disabled, must_change_passphrase, created_at, updated_at';
  const countAll = db.prepare('SELECT COUNT(*) AS n FROM accounts');
  const countAdmins = db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0");
  const byId = db.prepare(`SELECT ${columns} FROM accounts WHERE id = ?`);
  const byUsername = db.prepare(`SELECT ${columns} FROM accounts WHERE username = ?`);
  const all = db.prepare(`SELECT ${columns} FROM accounts ORDER BY username`);
  const insert = db.prepare(
    `INSERT INTO accounts (${columns}) VALUES (:id, :username, :displayName, :role, :passphraseHash, :disabled, :mustChangePassphrase, :createdAt, :updatedAt)`,
  );
  const update = db.prepare(`
    UPDATE accounts SET
      display_name = COALESCE(:displayName, display_name),
      role = COALESCE(:role, role),
      passphrase_hash = COALESCE(:passphraseHash, passphrase_hash),
      disabled = COALESCE(:disabled, disabled),
      must_change_passphrase = COALESCE(:mustChangePassphrase, must_change_passphrase),
      updated_at = :updatedAt
    WHERE id = :id`);
  const getThrottle = db.prepare('SELECT username, failures, locked_until, last_failure_at FROM sign_in_throttle WHERE username = ?');
  const putThrottle = db.prepare(`
    INSERT INTO sign_in_throttle (username, failures, locked_until, last_failure_at)
    VALUES (:username, :failures, :lockedUntil, :lastFailureAt)
    ON CONFLICT (username) DO UPDATE SET
      failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`);
  const clearThrottle = db.prepare('DELETE FROM sign_in_throttle WHERE username = ?');
  const count = (stmt: typeof countAll): number => (stmt.get() as { n: number } | undefined)?.n ?? 0;

  return gated<AccountsRepository>(db, {
    count: () => count(countAll),
    countActiveAdmins: () => count(countAdmins),
    findById: (id) => {
      const row = byId.get(id) as AccountRow | undefined;
      return row ? toAccount(row) : null;
    },
    findByUsername: (username) => {
      const row = byUsername.get(username) as AccountRow | undefined;
      return row ? toAccount(row) : null;
    },
    list: () => (all.all() as unknown as AccountRow[]).map(toAccount),
    insert: (a) => {
      insert.run({
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        passphraseHash: a.passphraseHash,
        disabled: a.disabled ? 1 : 0,
        mustChangePassphrase: a.mustChangePassphrase ? 1 : 0,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      });
    },
    update: (id, patch, at) => {
      update.run({
        id,
        displayName: patch.displayName ?? null,
        role: patch.role ?? null,
        passphraseHash: patch.passphraseHash ?? null,
        disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
        mustChangePassphrase: patch.mustChangePassphrase === undefined ? null : patch.mustChangePassphrase ? 1 : 0,
        updatedAt: at.toISOString(),
      });
    },
    getThrottle: (username) => {
      const row = getThrottle.get(username) as ThrottleRow | undefined;
      return row
        ? { username: row.username, failures: row.failures, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at }
        : null;
    },
    putThrottle: (r) => {
      putThrottle.run({ username: r.username, failures: r.failures, lockedUntil: r.lockedUntil, lastFailureAt: r.lastFailureAt });
    },
    clearThrottle: (username) => {
      clearThrottle.run(username);
    },
    transaction: sqliteTransactions(db).transaction,
  });
}
