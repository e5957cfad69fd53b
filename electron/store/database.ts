// Opens the SQLite file (node:sqlite: built into Node and Electron, no native module to rebuild),
// checks it is healthy and not from a newer app, and migrates it. Repositories sit on top.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { latestSchemaVersion, migrations, type Migration } from './migrations';
import { sqliteTransactions } from './transaction';

/** UNREACHABLE: the database server did not answer (team mode); UNREADABLE: it answered, but cannot be used as it is. */
export type StoreErrorKind = 'NEWER_SCHEMA' | 'CORRUPT' | 'UNREADABLE' | 'UNREACHABLE';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  constructor(kind: StoreErrorKind, message: string) {
    super(message);
    this.name = 'StoreError';
    this.kind = kind;
  }
}

export interface OpenedDatabase {
  readonly db: DatabaseSync;
  readonly path: string;
  readonly schemaVersion: number;
  close(): void;
}

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

function checkIntegrity(db: DatabaseSync, path: string): void {
  let result: string;
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    result = rows.map((r) => r.integrity_check).join('; ');
  } catch (err) {
    throw new StoreError(
      'CORRUPT',
      `The database at ${path} is damaged or not a Control Room database (${(err as Error).message}). ` +
        'It has been left untouched: restore it from a backup, or start with another --data-dir.',
    );
  }
  if (result !== 'ok') {
    throw new StoreError(
      'CORRUPT',
      `The database at ${path} failed its integrity check (${result.slice(0, 200)}). ` +
        'It has been left untouched: restore it from a backup, or start with another --data-dir.',
    );
  }
}

function applyMigration(db: DatabaseSync, m: Migration): void {
  // One transaction per migration: a failed one leaves the file at the version before it.
  sqliteTransactions(db).atomically(() => {
    db.exec(m.sql);
    db.exec(`PRAGMA user_version = ${m.version}`);
  });
}

export interface OpenOptions {
  /** Stop at this version (tests build "the previous schema" this way). */
  readonly targetVersion?: number;
}

export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  const target = options.targetVersion ?? latestSchemaVersion;
  const existed = existsSync(path) && statSync(path).size > 0;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (err) {
    throw new StoreError('UNREADABLE', `Cannot open the database at ${path}: ${(err as Error).message}. Check the folder's permissions.`);
  }
  try {
    if (existed) checkIntegrity(db, path);
    const found = userVersion(db);
    if (found > latestSchemaVersion) {
      throw new StoreError(
        'NEWER_SCHEMA',
        `The database at ${path} was written by a newer Control Room (schema ${found}; this version knows up to ${latestSchemaVersion}). ` +
          'Install the newer version, or start this one with another --data-dir. Nothing was changed.',
      );
    }
    // WAL: the monitor writes while the UI reads. busy_timeout: the CLI may share the file.
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA synchronous = NORMAL');
    for (const m of migrations) {
      if (m.version > found && m.version <= target) applyMigration(db, m);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const schemaVersion = userVersion(db);
  return { db, path, schemaVersion, close: () => db.close() };
}
