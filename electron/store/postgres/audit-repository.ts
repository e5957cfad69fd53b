// PostgreSQL storage of audit entries and checkpoints (the AuditRepository interface is in
// repositories.ts). It stores rows exactly as given and knows nothing of hashes or signatures:
// electron/core/audit computes those inside the transactions this module provides.
//
// Several desks append to one chain. An append waits for an advisory lock (transaction.ts,
// `serialised`), so desks queue instead of racing. Inside a larger transaction whose snapshot
// predates another desk's append, the head it reads is stale and the seq primary key refuses its
// entry: that refusal is turned into a serialization failure, so the whole transaction re-runs on
// the new head and the chain never forks.
import type { AuditCheckpointRecord, AuditEntryRecord } from '../records';
import type { AsyncAuditReader, AsyncAuditRepository, AsyncAuditWriter } from './async-store';
import { num, optStr, queries, str, type Row } from './rows';
import type { PgSession } from './transaction';

/** 'control-room:audit-append' as a 64-bit advisory lock key (the control repository's transactions take it too). */
export const appendLockKey = '7215734203981223002';
const pageSize = 500;

const toEntry = (r: Row): AuditEntryRecord => ({
  seq: num(r.seq), at: str(r.at), actor: str(r.actor), role: str(r.role), action: str(r.action), target: optStr(r.target),
  reason: optStr(r.reason), details: str(r.details), prevHash: str(r.prev_hash), hash: str(r.hash),
});
const toCheckpoint = (r: Row): AuditCheckpointRecord => ({
  uptoSeq: num(r.upto_seq), hash: str(r.hash), signedAt: str(r.signed_at), keyId: str(r.key_id), publicKey: str(r.public_key), signature: str(r.signature),
});

const entryColumns = 'seq, at, actor, role, action, target, reason, details, prev_hash, hash';
const checkpointColumns = 'upto_seq, hash, signed_at, key_id, public_key, signature';

function staleHead(err: unknown): unknown {
  const e = err as { code?: unknown; constraint?: unknown };
  if (e.code !== '23505' || e.constraint !== 'audit_entries_pkey') return err;
  return Object.assign(new Error('Another desk appended to the audit log first: the append re-runs on the new head.', { cause: err }), { code: '40001' });
}

export function createPostgresAuditRepository(s: PgSession): AsyncAuditRepository {
  const { all, one } = queries(s);

  const reader: AsyncAuditReader = {
    head: async () => {
      const r = await one('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
      return r ? { seq: num(r.seq), hash: str(r.hash) } : null;
    },
    // Page by seq, so a long log is never held in memory at once; inside the snapshot every page
    // is read as of the same moment.
    entriesFrom: (fromSeq) => ({
      async *[Symbol.asyncIterator]() {
        let next = fromSeq;
        for (;;) {
          const rows = await all(`SELECT ${entryColumns} FROM audit_entries WHERE seq >= $1 ORDER BY seq LIMIT ${pageSize}`, [next]);
          for (const r of rows) yield toEntry(r);
          const last = rows.at(-1);
          if (rows.length < pageSize || !last) return;
          next = num(last.seq) + 1;
        }
      },
    }),
    checkpoints: async () => (await all(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY upto_seq, id`)).map(toCheckpoint),
    latestCheckpoint: async () => {
      const r = await one(`SELECT ${checkpointColumns} FROM audit_checkpoints ORDER BY upto_seq DESC, id DESC LIMIT 1`);
      return r ? toCheckpoint(r) : null;
    },
  };

  const writer: AsyncAuditWriter = {
    ...reader,
    insertEntry: async (e) => {
      try {
        await s.query(`INSERT INTO audit_entries (${entryColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
          e.seq, e.at, e.actor, e.role, e.action, e.target, e.reason, e.details, e.prevHash, e.hash,
        ]);
      } catch (err) {
        throw staleHead(err);
      }
    },
    insertCheckpoint: async (c) =>
      ((await s.query(`INSERT INTO audit_checkpoints (${checkpointColumns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (upto_seq, key_id) DO NOTHING`, [
        c.uptoSeq, c.hash, c.signedAt, c.keyId, c.publicKey, c.signature,
      ])).rowCount ?? 0) === 1,
  };

  return {
    write: (work) => s.serialised(appendLockKey, () => work(writer)),
    read: (work) => s.snapshot(() => work(reader)),
  };
}
