// PostgreSQL storage of accounts and sign-in throttle records (the AccountsRepository interface is
// in repositories.ts). Rows come back as plain records; the accounts service owns every rule.
import type { Role } from '../../shared/contract';
import type { AccountRecord, ThrottleRecord } from '../records';
import type { AsyncAccountsRepository } from './async-store';
import { num, optStr, queries, str, type Row } from './rows';
import type { PgSession } from './transaction';

const columns = 'id, username, display_name, role, passphrase_hash, disabled, must_change_passphrase, created_at, updated_at';

const toAccount = (r: Row): AccountRecord => ({
  id: str(r.id),
  username: str(r.username),
  displayName: str(r.display_name),
  role: str(r.role) as Role,
  passphraseHash: str(r.passphrase_hash),
  disabled: r.disabled === true,
  mustChangePassphrase: r.must_change_passphrase === true,
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
});

const toThrottle = (r: Row): ThrottleRecord => ({
  username: str(r.username),
  failures: num(r.failures),
  lockedUntil: optStr(r.locked_until),
  lastFailureAt: str(r.last_failure_at),
});

export function createPostgresAccountsRepository(s: PgSession): AsyncAccountsRepository {
  const { all, one } = queries(s);
  const count = async (sql: string): Promise<number> => num((await one(sql))?.n ?? 0);
  const find = async (where: string, value: string): Promise<AccountRecord | null> => {
    const r = await one(`SELECT ${columns} FROM accounts WHERE ${where} = $1`, [value]);
    return r ? toAccount(r) : null;
  };
  return {
    transaction: s.transaction,
    count: () => count('SELECT count(*) AS n FROM accounts'),
    countActiveAdmins: () => count("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND NOT disabled"),
    findById: (id) => find('id', id),
    findByUsername: (username) => find('username', username),
    list: async () => (await all(`SELECT ${columns} FROM accounts ORDER BY username COLLATE "C"`)).map(toAccount),
    insert: async (a) => {
      await s.query(`INSERT INTO accounts (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        a.id, a.username, a.displayName, a.role, a.passphraseHash, a.disabled, a.mustChangePassphrase, a.createdAt, a.updatedAt,
      ]);
    },
    update: async (id, patch, at) => {
      // A key left out of the patch keeps its value (NULL means "unchanged", as in the SQLite one).
      await s.query(
        `UPDATE accounts SET
           display_name = COALESCE($2, display_name),
           role = COALESCE($3, role),
           passphrase_hash = COALESCE($4, passphrase_hash),
           disabled = COALESCE($5, disabled),
           must_change_passphrase = COALESCE($6, must_change_passphrase),
           updated_at = $7
         WHERE id = $1`,
        [id, patch.displayName ?? null, patch.role ?? null, patch.passphraseHash ?? null, patch.disabled ?? null, patch.mustChangePassphrase ?? null, at.toISOString()],
      );
    },
    getThrottle: async (username) => {
      const r = await one('SELECT username, failures, locked_until, last_failure_at FROM sign_in_throttle WHERE username = $1', [username]);
      return r ? toThrottle(r) : null;
    },
    putThrottle: async (r) => {
      await s.query(
        `INSERT INTO sign_in_throttle (username, failures, locked_until, last_failure_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
        [r.username, r.failures, r.lockedUntil, r.lastFailureAt],
      );
    },
    clearThrottle: async (username) => {
      await s.query('DELETE FROM sign_in_throttle WHERE username = $1', [username]);
    },
  };
}
