// Which database a core runs on: PostgreSQL when a database URL is given (the --database option,
// else CONTROL_ROOM_DATABASE_URL), else the SQLite file in the data directory. A database URL never
// carries its password: that lives in the OS keychain under database:<user>@<host>:<port>/<db>
// (stored with `control-room db password`), and is added to the URL only in memory, here.
import { join } from 'node:path';
import type { Vault } from '../vault/vault';
import { databaseSecretRef } from '../vault/secret-ref';
import type { SecretRef } from '../vault/secret-ref';
import { StoreError } from './database';
import { checkDatabaseUrl, describeDatabaseUrl } from './postgres/connection';
import { openPostgresStore } from './postgres/postgres-store';
import type { Store } from './repositories';
import { openSqliteStore } from './sqlite-store';

export const databaseUrlEnv = 'CONTROL_ROOM_DATABASE_URL';

/** Where the store lives, for status(): never a password. */
export type BackendInfo = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly host: string; readonly port: number; readonly database: string; readonly user: string };

/** The URL given on the command line, else the environment's; null = SQLite. An empty value counts as none. */
export function chooseDatabaseUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = option ?? env[databaseUrlEnv];
  return url === undefined || url.trim() === '' ? null : url.trim();
}

export interface DatabaseTarget {
  readonly url: URL;
  readonly user: string;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The keychain entry holding this role's password. */
  readonly ref: SecretRef;
}

/**
 * Parses and checks a database URL (postgres://, TLS for a remote host, a user named, no password).
 * The refusal of a password never repeats the URL: only where it points.
 */
export function databaseTarget(urlText: string): DatabaseTarget {
  const url = checkDatabaseUrl(urlText);
  if (url.password !== '') {
    throw new StoreError(
      'UNREADABLE',
      `The database URL for ${describeDatabaseUrl(urlText)} contains a password; passwords are never taken from a URL (it would end up in shell history, process lists and files). ` +
        'Remove it from the URL and store it in the OS keychain with `control-room db password --database postgres://USER@HOST:PORT/DB` (it reads the password from standard input).',
    );
  }
  const user = decodeURIComponent(url.username);
  if (user === '') {
    throw new StoreError('UNREADABLE', `The database URL names no role: give it as postgres://USER@${url.host || 'HOST'}${url.pathname || '/DATABASE'} (the password comes from the keychain).`);
  }
  const host = url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port === '' ? 5432 : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user;
  return { url, user, host, port, database, ref: databaseSecretRef(user, host, port, database) };
}

/** The URL with the keychain's password added (in memory only); the keychain must hold one. */
export async function withKeychainPassword(target: DatabaseTarget, vault: Vault): Promise<string> {
  const password = await vault.get(target.ref);
  if (password === null) {
    throw new StoreError(
      'UNREADABLE',
      `No password for ${target.user}@${target.host}:${target.port}/${target.database} in the OS keychain. ` +
        `Store it with \`control-room db password --database ${describeDatabaseUrl(target.url.toString())}\` (it reads the password from standard input), then try again.`,
    );
  }
  const u = new URL(target.url.toString());
  u.password = encodeURIComponent(password);
  return u.toString();
}

export interface OpenedStore {
  readonly store: Store;
  readonly backend: BackendInfo;
}

export interface OpenStoreOptions {
  readonly dataDir: string;
  readonly databaseFileName: string;
  readonly databaseUrl: string | null;
  readonly vault: () => Vault;
  /** Shown in pg_stat_activity (the desk's name). */
  readonly applicationName?: string;
  readonly onConnectionError?: (err: Error) => void;
}

/** Opens the store the options choose; PostgreSQL must already be migrated to this version (the app never runs DDL there). */
export async function openStore(o: OpenStoreOptions): Promise<OpenedStore> {
  if (o.databaseUrl === null) {
    const path = join(o.dataDir, o.databaseFileName);
    return { store: openSqliteStore(path), backend: { kind: 'sqlite', path } };
  }
  const target = databaseTarget(o.databaseUrl);
  const url = await withKeychainPassword(target, o.vault());
  const store = await openPostgresStore(url, {
    ...(o.applicationName ? { applicationName: o.applicationName } : {}),
    ...(o.onConnectionError ? { onConnectionError: o.onConnectionError } : {}),
  });
  return { store, backend: { kind: 'postgres', host: target.host, port: target.port, database: target.database, user: target.user } };
}
