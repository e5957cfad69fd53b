// Applies PostgreSQL migrations as the owner role (the app's role has no DDL rights), one
// transaction per migration under an advisory lock, so two `db migrate` runs cannot interleave and
// a failed migration leaves the database at the version before it. The version lives in a
// one-row table; a database written by a newer Control Room is refused, as SQLite refuses one.
import pg from 'pg';
import { StoreError } from '../database';
import { latestSchemaVersion } from '../migrations';
import { checkDatabaseUrl, checkServerVersion, describeDatabaseUrl } from './connection';
import { isDatabaseUnreachable } from './connection-lost';
import { postgresMigrations } from './migrations';
import { appendOnlyTables } from './migrations-tables';

/** Taken by every migration transaction: 'control-room:migrate' as a 64-bit key. */
export const migrateLockKey = 7_215_734_203_981_223_001n;
export const schemaTable = 'control_room_schema';

export interface MigrateOptions {
  /** The role desks connect as: granted DML on every table (append-only tables: SELECT and INSERT). */
  readonly appRole?: string;
  /** Stop at this version (tests build "the previous schema" this way). */
  readonly targetVersion?: number;
}

export interface MigrateResult {
  readonly from: number;
  readonly to: number;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The version a database is at (0: never migrated), read on any connection that may see the table; refuses a server before 15. */
export async function readSchemaVersion(db: pg.ClientBase | pg.Pool, url: string): Promise<number> {
  const server = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  checkServerVersion(Number(server.rows[0]?.v ?? 0), url);
  const exists = await db.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [schemaTable]);
  if (!exists.rows[0]?.present) return 0;
  const row = await db.query<{ version: number }>(`SELECT version FROM ${schemaTable}`);
  return row.rows[0]?.version ?? 0;
}

/**
 * The database could not be used at connection time. When the server never answered (refused, timed
 * out, host unknown) the message says so and points at the server and the network, not the password.
 */
export function unreachable(url: string, err: unknown): StoreError {
  const why = err instanceof Error ? err.message : String(err);
  if (isDatabaseUnreachable(err)) {
    return new StoreError(
      'UNREACHABLE',
      `Cannot reach the database at ${describeDatabaseUrl(url)}: ${why}. The server did not answer (this is not about the password): ` +
        'check that the database server is running and that this machine reaches its host and port (network, VPN, firewall).',
    );
  }
  return new StoreError('UNREADABLE', `Cannot use the database at ${describeDatabaseUrl(url)}: ${why}. Check that the URL and role are right and that the keychain holds that role's password.`);
}

/** The connection died while migrating (server stopped, network cut): where that leaves the database, and what to run. */
function lostDuringMigration(url: string, reached: number, err: unknown): StoreError {
  const why = err instanceof Error ? err.message : String(err);
  return new StoreError(
    'UNREACHABLE',
    `The connection to the database at ${describeDatabaseUrl(url)} was lost while migrating (${why}). ` +
      `Each migration is one transaction, so nothing is half-applied: the database is at schema ${reached} ` +
      `(or the next one, if the connection was lost as it committed). Check that the database server is running and reachable, ` +
      'then run `control-room db migrate` again: it carries on from where the database is.',
  );
}

export function newerSchemaError(url: string, found: number): StoreError {
  return new StoreError(
    'NEWER_SCHEMA',
    `The database at ${describeDatabaseUrl(url)} was written by a newer Control Room (schema ${found}; this version knows up to ${latestSchemaVersion}). ` +
      'Install the newer version on this desk. Nothing was changed.',
  );
}

async function inLockedTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrateLockKey.toString()]);
    const out = await work();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function grantToApp(client: pg.Client, appRole: string): Promise<void> {
  const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
  const role = quoteIdent(appRole);
  const inSchema = quoteIdent(schema);
  await client.query(`GRANT USAGE ON SCHEMA ${inSchema} TO ${role}`);
  await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${inSchema} TO ${role}`);
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${inSchema} TO ${role}`);
  // History cannot be rewritten by the app's own role, whatever the triggers say.
  for (const table of appendOnlyTables) {
    const present = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
    if (present.rows[0]?.present) await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${quoteIdent(table)} FROM ${role}`);
  }
  await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schemaTable} FROM ${role}`);
}

function permissionHint(err: unknown, url: string): unknown {
  if ((err as { code?: unknown }).code !== '42501') return err;
  return new StoreError(
    'UNREADABLE',
    `Migrating ${describeDatabaseUrl(url)} needs the owner role, which may create tables (${(err as Error).message}). ` +
      'Run `control-room db migrate` with the owner role\'s URL; desks connect with the app role.',
  );
}

/** Brings the database to the latest schema (or `targetVersion`) and grants the app role its DML rights. */
export async function migratePostgres(ownerUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  checkDatabaseUrl(ownerUrl);
  const target = options.targetVersion ?? latestSchemaVersion;
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'control-room migrate', connectionTimeoutMillis: 10_000 });
  // Without a listener, a connection cut mid-migration is an unhandled 'error' event: the process
  // dies instead of saying what happened. The query in flight fails too; that failure is reported.
  let lost: Error | null = null;
  client.on('error', (err) => {
    lost ??= err;
  });
  let reached = 0;
  try {
    await client.connect();
  } catch (err) {
    throw unreachable(ownerUrl, err);
  }
  try {
    const from = await inLockedTransaction(client, async () => {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schemaTable} (one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL CHECK (version >= 0))`,
      );
      await client.query(`INSERT INTO ${schemaTable} (version) VALUES (0) ON CONFLICT (one) DO NOTHING`);
      return readSchemaVersion(client, ownerUrl);
    });
    reached = from;
    if (from > latestSchemaVersion) throw newerSchemaError(ownerUrl, from);
    for (const m of postgresMigrations) {
      if (m.version <= from || m.version > target) continue;
      await inLockedTransaction(client, async () => {
        // Another run may have applied it while this one waited for the lock.
        if ((await readSchemaVersion(client, ownerUrl)) >= m.version) return;
        await client.query(m.sql);
        await client.query(`UPDATE ${schemaTable} SET version = $1`, [m.version]);
      });
      reached = m.version;
    }
    if (options.appRole !== undefined) {
      const appRole = options.appRole;
      await inLockedTransaction(client, () => grantToApp(client, appRole));
    }
    return { from, to: await readSchemaVersion(client, ownerUrl) };
  } catch (err) {
    if (err instanceof StoreError) throw err;
    if (lost !== null || isDatabaseUnreachable(err)) throw lostDuringMigration(ownerUrl, reached, lost ?? err);
    throw permissionHint(err, ownerUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}
