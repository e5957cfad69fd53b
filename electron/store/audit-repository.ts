// Storage of audit entries and checkpoints behind an interface (a shared PostgreSQL store can serve
// a whole bureau later). It stores rows exactly as given and knows nothing of hashes or signatures:
// electron/core/audit computes those inside the transactions this module provides.
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';

/** One stored entry, as stored: `details` is the canonical JSON text the hash covers. */
export interface AuditEntryRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  /** Text as stored; the verifier treats it as data (an edited file may hold anything). */
  readonly role: string;
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditCheckpointRecord {
  readonly uptoSeq: number;
  readonly hash: string;
  readonly signedAt: string;
  readonly keyId: string;
  /** SPKI DER, base64. */
  readonly publicKey: string;
  /** Ed25519 signature, base64. */
  readonly signature: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export interface AuditReader {
  /** The last entry (highest seq), or null for an empty log. */
  head(): AuditHead | null;
  /** Entries with seq >= fromSeq in seq order; consume inside the read/write callback. */
  entriesFrom(fromSeq: number): Iterable<AuditEntryRecord>;
  /** Every checkpoint, ordered by upto_seq then insertion. */
  checkpoints(): AuditCheckpointRecord[];
  /** The checkpoint with the highest upto_seq, or null. */
  latestCheckpoint(): AuditCheckpointRecord | null;
}

export interface AuditWriter extends AuditReader {
  insertEntry(entry: AuditEntryRecord): void;
  /** False when a checkpoint for this upto_seq and key already exists (nothing is written). */
  insertCheckpoint(checkpoint: AuditCheckpointRecord): boolean;
}

export interface AuditRepository {
  /**
   * Runs `work` in one write transaction. The head it reads is the head its insert extends: the CLI
   * and the app share the file, and reading the head outside the lock would let both append the
   * same seq and fork the chain. Throws (and writes nothing) if `work` throws.
   */
  write<T>(work: (writer: AuditWriter) => T): T;
  /** Runs `work` on one consistent snapshot, so entries and checkpoints are read as of one moment. */
  read<T>(work: (reader: AuditReader) => T): T;
}

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

  const reader: AuditReader = {
    head: () => {
      const row = selectHead.get();
      return row ? { seq: Number(row.seq), hash: text(row.hash) } : null;
    },
    entriesFrom: (fromSeq) => ({
      // A statement per call: the verifier walks two ranges at once when it looks for a swapped entry.
      *[Symbol.iterator]() {
        const statement = db.prepare(`SELECT ${entryColumns} FROM audit_entries WHERE seq >= ? ORDER BY seq`);
        for (const row of statement.iterate(fromSeq)) yield toEntry(row);
      },
    }),
    checkpoints: () => selectCheckpoints.all().map(toCheckpoint),
    latestCheckpoint: () => {
      const row = selectLatestCheckpoint.get();
      return row ? toCheckpoint(row) : null;
    },
  };

  const writer: AuditWriter = {
    ...reader,
    insertEntry: (e) => {
      insertEntry.run(e.seq, e.at, e.actor, e.role, e.action, e.target, e.reason, e.details, e.prevHash, e.hash);
    },
    insertCheckpoint: (c) =>
      Number(insertCheckpoint.run(c.uptoSeq, c.hash, c.signedAt, c.keyId, c.publicKey, c.signature).changes) === 1,
  };

  let savepoints = 0;

  return {
    write: (work) => {
      // Inside a caller's transaction (e.g. a freeze and its audit entry committed together) a
      // savepoint joins it; SQLite then refuses a stale write (SQLITE_BUSY) and the seq primary key
      // refuses a duplicate, so the chain still cannot fork.
      if (db.isTransaction) {
        const name = `audit_write_${++savepoints}`;
        db.exec(`SAVEPOINT ${name}`);
        try {
          const result = work(writer);
          db.exec(`RELEASE ${name}`);
          return result;
        } catch (err) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
          throw err;
        }
      }
      // IMMEDIATE takes the write lock before the head is read (a DEFERRED transaction would read
      // first and could lose the race to another connection).
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work(writer);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    read: (work) => {
      if (db.isTransaction) return work(reader);
      db.exec('BEGIN');
      try {
        return work(reader);
      } finally {
        // Read-only: ending it either way releases the snapshot.
        db.exec('COMMIT');
      }
    },
  };
}
