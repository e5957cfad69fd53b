// Shared by the audit tests (and the control kits): real SQLite files in a temp dir, a generated Ed25519 key, a seeded
// log, and the moves of someone editing the file by hand (triggers dropped, checks ignored).
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createManualClock } from '../../electron/lib/clock';
import type { AuditRepository } from '../../electron/store/repositories';
import { createSqliteAuditRepository } from '../../electron/store/audit-repository';
import { auditMigrationSql } from '../../electron/store/migrations-audit';
import { createAuditLog, type AuditEntryInput, type AuditLog } from '../../electron/core/audit/audit-log';
import { keyIdFor, type SigningKeyProvider } from '../../electron/core/audit/signing';

/** Everything an async iterable yields, in order (the audit reader's entriesFrom). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function makeSigningKey(): SigningKeyProvider {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdFor(publicKey) };
}

export interface TempDir {
  readonly dir: string;
  file(name: string): string;
  remove(): void;
}

export function makeTempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'cr-audit-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a connection the way the app does (WAL, busy timeout); creates the tables if asked. */
export function openAuditDb(path: string, options: { create?: boolean; busyTimeoutMs?: number } = {}): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (options.create) db.exec(auditMigrationSql);
  return db;
}

/** Varied entries: nulls, non-ASCII text, nested details; entry i is the same in every run. */
export function sampleEntry(i: number): AuditEntryInput {
  const kinds = ['freeze', 'retract', 'statement.approve', 'unfreeze', 'channel.lock'] as const;
  return {
    actor: i % 4 === 0 ? 'system' : `user-${(i % 3) + 1}`,
    role: i % 4 === 0 ? 'system' : i % 2 === 0 ? 'supervisor' : 'operator',
    action: kinds[i % kinds.length] ?? 'freeze',
    target: i % 3 === 0 ? null : `x:item-${1000 + i}`,
    reason: i % 5 === 0 ? null : `Überprüfung ${i}: "unapproved" post`,
    details: { channel: i % 2 ? 'x' : 'wordpress', count: i, nested: { ids: [i, i + 1], ok: i % 2 === 0 } },
  };
}

export interface SeededLog {
  readonly db: DatabaseSync;
  readonly repo: AuditRepository;
  readonly log: AuditLog;
  readonly key: SigningKeyProvider;
}

export async function seedLog(
  path: string,
  count: number,
  options: { key?: SigningKeyProvider; checkpointEvery?: number; finalCheckpoint?: boolean } = {},
): Promise<SeededLog> {
  const db = openAuditDb(path, { create: true });
  const repo = createSqliteAuditRepository(db);
  const key = options.key ?? makeSigningKey();
  const clock = createManualClock('2019-07-19T22:00:00Z');
  const log = createAuditLog({ repo, clock, signingKey: key, checkpointEvery: options.checkpointEvery ?? 100 });
  for (let i = 1; i <= count; i++) {
    await log.append(sampleEntry(i));
    clock.advance(1500);
  }
  if (options.finalCheckpoint) await log.checkpoint();
  return { db, repo, log, key };
}

/** A fresh copy of a closed database file (closing the last connection folds the WAL back in). */
export function copyDb(template: string, to: string): string {
  copyFileSync(template, to);
  return to;
}

/** What an attacker with the file does first: drop the append-only triggers and ignore CHECKs. */
export function openAsAttacker(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  for (const name of [
    'audit_entries_append_only_update',
    'audit_entries_append_only_delete',
    'audit_checkpoints_append_only_update',
    'audit_checkpoints_append_only_delete',
  ]) {
    db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  }
  db.exec('PRAGMA ignore_check_constraints = ON');
  return db;
}
