// `control-room db password | migrate | status`: operating team mode (`control-room desks` is desks-command.ts).
// A database URL never carries a password; `db password` stores one role's password in the OS
// keychain (read from standard input, never from the command line) and every other command takes
// it from there. `db migrate` is the only path that runs DDL, as the owner role the URL names.
import { StoreError } from '../store/database';
import { databaseTarget, withKeychainPassword } from '../store/backend';
import { latestSchemaVersion } from '../store/migrations';
import { openPool } from '../store/postgres/connection';
import { migratePostgres, newerSchemaError, readSchemaVersion, unreachable } from '../store/postgres/migrate';
import type { Vault } from '../vault/vault';
import type { CliIo } from './main';

export interface DbCommandOptions {
  readonly databaseUrl: string | null;
  readonly appRole: string | undefined;
  readonly json: boolean;
  readonly vault: () => Vault;
  /** Everything written to standard input (the password). */
  readonly readInput: () => Promise<string>;
}

const noUrl =
  'control-room: give the database with --database postgres://USER@HOST:5432/DATABASE (or set CONTROL_ROOM_DATABASE_URL); ' +
  'without one, Control Room uses the SQLite file in its data directory and there is nothing to migrate by hand.';

/** A StoreError (or a keychain error) as one line saying what to do; anything else is rethrown. */
function explain(err: unknown, io: CliIo): number {
  if (err instanceof StoreError || (err instanceof Error && err.name === 'VaultUnavailableError')) {
    io.err(`control-room: ${err.message}`);
    return 1;
  }
  throw err;
}

async function storePassword(o: DbCommandOptions, io: CliIo): Promise<number> {
  if (o.databaseUrl === null) {
    io.err(noUrl);
    return 2;
  }
  const target = databaseTarget(o.databaseUrl);
  // One line: a trailing newline from `echo` or a password manager is not part of the password.
  const password = (await o.readInput()).replace(/\r?\n$/, '');
  if (password === '') {
    io.err(`control-room: no password on standard input. Pipe it in, e.g. \`secret-tool lookup ... | control-room db password --database ${o.databaseUrl}\`, or type it and press Ctrl+D.`);
    return 2;
  }
  await o.vault().put(target.ref, password);
  io.out(`Stored the password for ${target.user}@${target.host}:${target.port}/${target.database} in the OS keychain.`);
  return 0;
}

async function migrate(o: DbCommandOptions, io: CliIo): Promise<number> {
  if (o.databaseUrl === null) {
    io.err(noUrl);
    return 2;
  }
  const target = databaseTarget(o.databaseUrl);
  if (o.appRole === undefined) io.err('control-room: no --app-role given: the tables are created, but no role is granted access to them. Desks connect as the app role; run again with --app-role NAME.');
  const result = await migratePostgres(await withKeychainPassword(target, o.vault()), o.appRole === undefined ? {} : { appRole: o.appRole });
  const where = `${target.user}@${target.host}:${target.port}/${target.database}`;
  if (o.json) io.out(JSON.stringify({ database: where, from: result.from, to: result.to, appRole: o.appRole ?? null }));
  else
    io.out(
      result.from === result.to
        ? `${where} is already at schema ${result.to}; nothing to migrate.${o.appRole ? ` Granted ${o.appRole} its rights.` : ''}`
        : `Migrated ${where} from schema ${result.from} to ${result.to}.${o.appRole ? ` Granted ${o.appRole} its rights.` : ''}`,
    );
  return 0;
}

interface DbStatus {
  readonly backend: 'postgres';
  readonly database: string;
  readonly reachable: boolean;
  readonly schemaVersion: number | null;
  readonly latestSchemaVersion: number;
  readonly problem: string | null;
}

async function status(o: DbCommandOptions, io: CliIo, sqliteStatus: () => Promise<number>): Promise<number> {
  if (o.databaseUrl === null) return sqliteStatus();
  const target = databaseTarget(o.databaseUrl);
  const where = `${target.user}@${target.host}:${target.port}/${target.database}`;
  const url = await withKeychainPassword(target, o.vault());
  const pool = openPool(url, { max: 1, applicationName: 'control-room db status' });
  let out: DbStatus;
  try {
    const version = await readSchemaVersion(pool, url);
    const problem =
      version > latestSchemaVersion
        ? newerSchemaError(url, version).message
        : version < latestSchemaVersion
          ? `The database is at schema ${version}; this Control Room needs ${latestSchemaVersion}. Run \`control-room db migrate --database <the owner role's URL> --app-role <the desks' role>\`.`
          : null;
    out = { backend: 'postgres', database: where, reachable: true, schemaVersion: version, latestSchemaVersion, problem };
  } catch (err) {
    const problem = err instanceof StoreError ? err.message : unreachable(url, err).message;
    out = { backend: 'postgres', database: where, reachable: false, schemaVersion: null, latestSchemaVersion, problem };
  } finally {
    await pool.end().catch(() => undefined);
  }
  if (o.json) io.out(JSON.stringify(out));
  else {
    io.out(`Database: PostgreSQL ${where}\n  reachable: ${out.reachable ? 'yes' : 'no'}\n  schema: ${out.schemaVersion ?? 'unknown'} of ${latestSchemaVersion}${out.problem === null ? ' (up to date)' : ''}`);
    if (out.problem !== null) io.err(`control-room: ${out.problem}`);
  }
  return out.problem === null ? 0 : 1;
}

/** `db password`, `db migrate`, `db status`; sqliteStatus answers `db status` without a database URL. */
export async function runDbCommand(args: readonly string[], o: DbCommandOptions, io: CliIo, sqliteStatus: () => Promise<number>): Promise<number> {
  const [sub] = args;
  try {
    switch (sub) {
      case 'password':
        return await storePassword(o, io);
      case 'migrate':
        return await migrate(o, io);
      case 'status':
        return await status(o, io, sqliteStatus);
      default:
        io.err('control-room: try `control-room db password`, `control-room db migrate` or `control-room db status` (each with --database postgres://USER@HOST:PORT/DB).');
        return 2;
    }
  } catch (err) {
    return explain(err, io);
  }
}
