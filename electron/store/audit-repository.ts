// SQLite storage of audit entries and checkpoints (the AuditRepository interface is in
// repositories.ts). It stores rows exactly as given and knows nothing of hashes or signatures:
// electron/core/audit computes those inside the transactions this module provides.
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { AuditCheckpointRecord, AuditEntryRecord } from './records';
import type { AuditReader, AuditRepository, AuditWriter } from './repositories';
import { sqliteTransactions } from './transaction';

type Row = Record<string, SQLOutputValue>;

// Defensive conversions: the verifier must report an edited file, not crash on it.
function text(value: SQLOutputValue | undefined): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function nullableText(value: SQLOutputValue | undefined): string | null {
  return value === null || value === undefined ? null : text(value);
}

function toEntry(row: Row): AuditEntryRecord {
  return {
    seq: Number(row.seq),
    at: text(row.at),
    actor: text(row.actor),
    role: text(row.role),
    action: text(row.action),
    target: nullableText(row.target),
    reason: nullableText(row.reason),
    details: text(row.details),
    prevHash: text(row.prev_hash),
    hash: text(row.hash),
  };
}

function toCheckpoint(row: Row): AuditCheckpointRecord {
  return {
    uptoSeq: Number(row.upto_seq),
    hash: text(row.hash),
    signedAt: text(row.signed_at),
    keyId: text(row.key_id),
    publicKey: text(row.public_key),
    signature: text(row.signature),
  };
}

const entryColumns = 'seq, at, actor, role, action, target, reason, details, prev_hash, hash';
const checkpointColumns = 'upto_seq, hash, signed_at, key_id, public_key, signature';

export function createSqliteAuditRepository(db: DatabaseSync): AuditRepository {
  const selectHead = db.prepare('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
  const selectCheckpoints = db.prepare(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY upto_seq, id`);
  const selectLatestCheckpoint = db.prepare(
    `SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY upto_seq DESC, id DESC LIMIT 1`,
  );
  const insertEntry = db.prepare(`INSERT INTO audit_entries (${entryColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCheckpoint = db.prepare(
    `INSERT INTO audit_checkpoints (${checkpointColumns}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (upto_seq, key_id) DO NOTHING`,
  );

  const { transaction, snapshot, run } = sqliteTransactions(db);

  const reader: AuditReader = {
    head: () =>
      run(() => {
        const row = selectHead.get();
        return row ? { seq: Number(row.seq), hash: text(row.hash) } : null;
      }),
    entriesFrom: (fromSeq) => ({
      // A statement per call: the verifier walks two ranges at once when it looks for a swapped entry.
      async *[Symbol.asyncIterator]() {
        const statement = db.prepare(`SELECT ${entryColumns} FROM audit_entries WHERE seq >= ? ORDER BY seq`);
        for (const row of statement.iterate(fromSeq)) yield toEntry(row);
      },
    }),
    checkpoints: () => run(() => selectCheckpoints.all().map(toCheckpoint)),
    latestCheckpoint: () =>
      run(() => {
        const row = selectLatestCheckpoint.get();
        return row ? toCheckpoint(row) : null;
      }),
  };

  const writer: AuditWriter = {
    ...reader,
    insertEntry: (e) =>
      run(() => {
        insertEntry.run(e.seq, e.at, e.actor, e.role, e.action, e.target, e.reason, e.details, e.prevHash, e.hash);
      }),
    insertCheckpoint: (c) =>
      run(() => Number(insertCheckpoint.run(c.uptoSeq, c.hash, c.signedAt, c.keyId, c.publicKey, c.signature).changes) === 1),
  };

  return {
    // Inside a caller's transaction (a freeze and its audit entry committed together) this is a
    // savepoint of it; SQLite then refuses a stale write (SQLITE_BUSY) and the seq primary key
    // refuses a duplicate, so the chain still cannot fork. Alone, BEGIN IMMEDIATE takes the write
    // lock before the head is read (a deferred transaction could read first and lose the race).
    write: (work) => transaction(() => work(writer)),
    read: (work) => snapshot(() => work(reader)),
  };
}
