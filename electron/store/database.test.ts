import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, StoreError } from './database';
import { latestSchemaVersion } from './migrations';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-store-'));
  file = join(dir, 'control-room.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tables(path: string): string[] {
  const db = new DatabaseSync(path);
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
}

/** Every table.column, so a migration that only adds a column shows too. */
function columns(path: string): string[] {
  const db = new DatabaseSync(path);
  const rows = db
    .prepare("SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid")
    .all() as { t: string; c: string }[];
  db.close();
  return rows.map((r) => `${r.t}.${r.c}`);
}

describe('openDatabase', () => {
  it('creates a fresh database at the latest schema, in WAL mode with foreign keys on', () => {
    const opened = openDatabase(file);
    expect(opened.schemaVersion).toBe(latestSchemaVersion);
    expect((opened.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((opened.db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys).toBe(1);
    opened.close();
    expect(tables(file)).toEqual(expect.arrayContaining(['settings', 'channels']));
  });

  it('upgrades a database from the previous schema and keeps its data', () => {
    const old = openDatabase(file, { targetVersion: latestSchemaVersion - 1 });
    expect(old.schemaVersion).toBe(latestSchemaVersion - 1);
    old.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('demo.enabled', 'true', '2019-07-19T22:00:00Z')").run();
    old.close();
    const before = columns(file);

    const upgraded = openDatabase(file);
    expect(upgraded.schemaVersion).toBe(latestSchemaVersion);
    expect(upgraded.db.prepare("SELECT value FROM settings WHERE key = 'demo.enabled'").get()).toEqual({ value: 'true' });
    upgraded.close();
    const after = columns(file);
    // The last migration's tables or columns arrived, and nothing that was there went away.
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    openDatabase(file).close();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${latestSchemaVersion + 1}`);
    db.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrowError(StoreError);
    expect(() => openDatabase(file)).toThrowError(/newer Control Room.*Install the newer version/s);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('detects a file that is not a database and never replaces it', () => {
    writeFileSync(file, 'this is not sqlite, it is a press release');
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('CORRUPT');
    expect((error as StoreError).message).toMatch(/restore it from a backup/);
    expect(readFileSync(file, 'utf8')).toBe('this is not sqlite, it is a press release');
  });

  it('detects a damaged page inside a real database', () => {
    const opened = openDatabase(file);
    const insert = opened.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 400; i++) insert.run(`k${i}`, 'x'.repeat(200), 'now');
    opened.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    opened.close();
    const bytes = readFileSync(file);
    // Scribble over the b-tree page headers of pages 2..5 (not the file header on page 1).
    for (let page = 1; page <= 4; page++) bytes.fill(0xa5, 4096 * page, 4096 * page + 12);
    writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrowError(/integrity check|damaged/);
  });
});
