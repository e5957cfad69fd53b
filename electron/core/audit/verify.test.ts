import { rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryRecord } from '../../store/records';
import { createSqliteAuditRepository } from '../../store/audit-repository';
import { copyDb, makeSigningKey, makeTempDir, openAsAttacker, seedLog, type TempDir } from '../../../test/helpers/audit-test-kit';
import { GENESIS_HASH, hashEntry } from './canonical';
import { formatVerifyResult } from './format-verify-result';
import { publicKeyToBase64, signCheckpoint, type SigningKeyProvider } from './signing';
import { verifyAuditLog, type AuditVerifyResult } from './verify';

// One template log: 12 entries, a checkpoint every 5 (at 5 and 10) and one on demand at 12.
const count = 12;
const signedAt = [5, 10, 12];
let tmp: TempDir;
let template: string;
let key: SigningKeyProvider;
let copies = 0;

beforeAll(async () => {
  tmp = makeTempDir();
  template = tmp.file('template.db');
  const seeded = await seedLog(template, count, { checkpointEvery: 5, finalCheckpoint: true });
  key = seeded.key;
  seeded.db.close();
});
afterAll(() => tmp.remove());

/** Copies the template, lets `tamper` edit it as an attacker would, and verifies the result. */
async function verifyAfter(tamper: (db: DatabaseSync) => unknown, trusted?: readonly SigningKeyProvider[], every?: number): Promise<AuditVerifyResult> {
  const path = copyDb(template, tmp.file(`copy-${++copies}.db`));
  const attacker = openAsAttacker(path);
  await tamper(attacker);
  attacker.close();
  const db = openAsAttacker(path);
  try {
    const repo = createSqliteAuditRepository(db);
    const keys = trusted?.map((k) => k.publicKey);
    return await verifyAuditLog(repo, keys, every === undefined ? {} : { checkpointEvery: every });
  } finally {
    db.close();
    rmSync(path, { force: true });
  }
}

/** The rows as stored, read straight from the file as the attacker does (synchronously). */
function entries(db: DatabaseSync): AuditEntryRecord[] {
  const rows = db.prepare('SELECT seq, at, actor, role, action, target, reason, details, prev_hash, hash FROM audit_entries ORDER BY seq').all();
  const text = (v: unknown): string | null => (v === null ? null : String(v));
  return rows.map((r) => ({
    seq: Number(r.seq), at: String(r.at), actor: String(r.actor), role: String(r.role), action: String(r.action), target: text(r.target),
    reason: text(r.reason), details: String(r.details), prevHash: String(r.prev_hash), hash: String(r.hash),
  }));
}

/** Recomputes prev_hash and hash from `from` on, as someone who knows the format would. */
function rewriteChainFrom(db: DatabaseSync, from: number): void {
  const update = db.prepare('UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = GENESIS_HASH;
  for (const e of entries(db)) {
    if (e.seq >= from) {
      const hash = hashEntry({ ...e, prevHash: prev });
      update.run(prev, hash, e.seq);
      prev = hash;
    } else {
      prev = e.hash;
    }
  }
}

function firstBad(result: AuditVerifyResult): { seq: number; problem: string } {
  if (result.ok) throw new Error('expected verification to fail, it passed');
  return result.firstBad;
}

const fields = ['seq', 'at', 'actor', 'role', 'action', 'target', 'reason', 'details', 'prev_hash', 'hash'] as const;

function flipOneByte(value: string | null, position: number): string {
  // A null field gets one byte where there was none (null and "" must differ too).
  if (value === null || value === '') return 'x';
  const i = position % value.length;
  return value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ 1) + value.slice(i + 1);
}

describe('verifyAuditLog', () => {
  it('passes an untouched log and reports what it checked', async () => {
    expect(await verifyAfter(() => {})).toEqual({ ok: true, entries: 12, checkpoints: 3, lastCheckpointSeq: 12, keysTrusted: false });
    expect(await verifyAfter(() => {}, [key])).toMatchObject({ ok: true, keysTrusted: true });
  });

  it('names the entry when one byte of any field of any entry is changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: count }), fc.constantFrom(...fields), fc.nat(), async (seq, field, position) => {
        const result = await verifyAfter((db) => {
          if (field === 'seq') {
            // Flip one bit high enough not to collide with another entry's seq.
            db.prepare('UPDATE audit_entries SET seq = ? WHERE seq = ?').run(seq ^ (1 << (4 + (position % 3))), seq);
            return;
          }
          const row = db.prepare(`SELECT ${field} AS v FROM audit_entries WHERE seq = ?`).get(seq) as { v: string | null };
          db.prepare(`UPDATE audit_entries SET ${field} = ? WHERE seq = ?`).run(flipOneByte(row.v, position), seq);
        });
        const bad = firstBad(result);
        expect(bad.seq).toBe(seq);
        expect(bad.problem).toMatch(new RegExp(`^entr(y|ies) ${seq}\\b`));
        if (field !== 'seq') expect(bad.problem).toBe(`entry ${seq}: its hash does not match its contents (edited?)`);
      }),
      { numRuns: 150 },
    );
  });

  it('names a deleted entry, including the last one (through its checkpoint)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: count }), async (seq) => {
        const bad = firstBad(await verifyAfter((db) => db.prepare('DELETE FROM audit_entries WHERE seq = ?').run(seq)));
        expect(bad.seq).toBe(seq);
        expect(bad.problem).toMatch(new RegExp(`^entry ${seq} missing: .*\\(deleted\\?\\)$`));
      }),
      { numRuns: 40 },
    );
    expect(firstBad(await verifyAfter((db) => db.exec('DELETE FROM audit_entries WHERE seq IN (7, 8)')))).toEqual({
      seq: 7,
      problem: 'entries 7 to 8 missing: sequence jumps from 6 to 9 (deleted?)',
    });
    expect(firstBad(await verifyAfter((db) => db.exec('DELETE FROM audit_entries WHERE seq > 10')))).toEqual({
      seq: 11,
      problem: 'entries 11 to 12 missing: the log ends at 10 but checkpoint at 12 was signed over entry 12 (deleted?)',
    });
  });

  it('names two entries that were swapped', async () => {
    const pair = fc
      .tuple(fc.integer({ min: 1, max: count }), fc.integer({ min: 1, max: count }))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    await fc.assert(
      fc.asyncProperty(pair, async ([i, j]) => {
        const result = await verifyAfter((db) => {
          const renumber = db.prepare('UPDATE audit_entries SET seq = ? WHERE seq = ?');
          renumber.run(-1, i);
          renumber.run(i, j);
          renumber.run(j, -1);
        });
        expect(firstBad(result)).toEqual({ seq: i, problem: `entries ${i} and ${j} are out of order (swapped?)` });
      }),
      { numRuns: 60 },
    );
  });

  it('names the first entry when two entries swap their contents but keep their hashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: count - 1 }), async (i) => {
        const j = i + 1;
        const result = await verifyAfter((db) => {
          const cols = 'at, actor, role, action, target, reason, details';
          const a = db.prepare(`SELECT ${cols} FROM audit_entries WHERE seq = ?`).get(i) as Record<string, string | null>;
          const b = db.prepare(`SELECT ${cols} FROM audit_entries WHERE seq = ?`).get(j) as Record<string, string | null>;
          const set = db.prepare('UPDATE audit_entries SET at=?, actor=?, role=?, action=?, target=?, reason=?, details=? WHERE seq = ?');
          const values = (r: Record<string, string | null>) => [r.at, r.actor, r.role, r.action, r.target, r.reason, r.details].map((v) => v ?? null);
          set.run(...values(b), i);
          set.run(...values(a), j);
        });
        expect(firstBad(result).seq).toBe(i);
      }),
      { numRuns: 20 },
    );
  });

  it('catches a chain rewritten consistently after an edit, through the next signed checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: count }), async (seq) => {
        const result = await verifyAfter((db) => {
          db.prepare("UPDATE audit_entries SET reason = 'nothing to see here' WHERE seq = ?").run(seq);
          rewriteChainFrom(db, seq);
        });
        const covering = signedAt.find((s) => s >= seq) ?? -1;
        const bad = firstBad(result);
        expect(bad.seq).toBe(covering);
        expect(bad.problem).toMatch(new RegExp(`^checkpoint at ${covering}: entry ${covering} no longer has the signed hash`));
      }),
      { numRuns: 30 },
    );
  });

  it('says which range to distrust after a rewrite', async () => {
    const result = await verifyAfter((db) => {
      db.exec("UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 7");
      rewriteChainFrom(db, 7);
    });
    expect(result).toEqual({
      ok: false,
      firstBad: {
        seq: 10,
        problem: 'checkpoint at 10: entry 10 no longer has the signed hash, so an entry between 6 and 10 was changed after signing (chain rewritten?)',
      },
      lastGoodCheckpointSeq: 5,
    });
  });

  it('refuses a checkpoint whose signed hash was edited to match a rewritten chain', async () => {
    const result = await verifyAfter((db) => {
      db.exec("UPDATE audit_entries SET action = 'noop' WHERE seq = 7");
      rewriteChainFrom(db, 7);
      db.exec('UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_entries WHERE seq = upto_seq)');
    });
    expect(firstBad(result)).toEqual({ seq: 10, problem: 'checkpoint at 10: signature invalid (edited or forged?)' });
  });

  it('refuses checkpoints re-signed with another key when the trusted keys are given', async () => {
    const attackerKey = makeSigningKey();
    const tamper = (db: DatabaseSync): void => {
      db.exec("UPDATE audit_entries SET reason = NULL WHERE seq = 7");
      rewriteChainFrom(db, 7);
      const resign = db.prepare('UPDATE audit_checkpoints SET hash = ?, key_id = ?, public_key = ?, signature = ? WHERE upto_seq = ?');
      for (const e of entries(db).filter((x) => x.seq >= 7 && signedAt.includes(x.seq))) {
        const forged = signCheckpoint({ ...attackerKey, keyId: key.keyId }, e.seq, e.hash, new Date());
        resign.run(forged.hash, forged.keyId, forged.publicKey, forged.signature, e.seq);
      }
    };
    // Without trusted keys the forgery is self-consistent: the result says the keys were not trusted.
    const untrusted = await verifyAfter(tamper);
    expect(untrusted).toMatchObject({ ok: true, keysTrusted: false });
    expect(formatVerifyResult(untrusted).join('\n')).toMatch(/give the trusted public keys/);

    const bad = firstBad(await verifyAfter(tamper, [key]));
    expect(bad.seq).toBe(10);
    expect(bad.problem).toMatch(/^checkpoint at 10: signed by key ed25519:[0-9a-f]{16}, which is not among the trusted keys \(forged\?\)$/);
    // A log signed only by the attacker's key fails at its first checkpoint.
    expect(firstBad(await verifyAfter(() => {}, [attackerKey])).problem).toMatch(/^checkpoint at 5: signed by key .* not among the trusted keys/);
  });

  it('accepts trusted keys as PEM or base64 SPKI DER and refuses unreadable ones', async () => {
    const path = copyDb(template, tmp.file('keys.db'));
    const db = openAsAttacker(path);
    const repo = createSqliteAuditRepository(db);
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await verifyAuditLog(repo, [pem])).toMatchObject({ ok: true, keysTrusted: true });
    expect(await verifyAuditLog(repo, [publicKeyToBase64(key.publicKey)])).toMatchObject({ ok: true, keysTrusted: true });
    await expect(verifyAuditLog(repo, ['not a key!'])).rejects.toThrowError(/Trusted public key 1 cannot be read/);
    db.close();
  });

  it('catches deleted checkpoints only when told how often they are made', async () => {
    const tamper = (db: DatabaseSync): void => {
      db.exec('DELETE FROM audit_checkpoints');
      db.exec("UPDATE audit_entries SET target = 'x:other' WHERE seq = 2");
      rewriteChainFrom(db, 2);
    };
    const blind = await verifyAfter(tamper);
    expect(blind).toMatchObject({ ok: true, checkpoints: 0, lastCheckpointSeq: null });
    expect(formatVerifyResult(blind)).toContain('No signed checkpoint yet: a consistently rewritten log would not be detected.');
    expect(firstBad(await verifyAfter(tamper, undefined, 5))).toEqual({
      seq: 5,
      problem: 'entry 5: no valid signed checkpoint since the start, though one is made every 5 entries (checkpoints deleted, or signing failed?)',
    });
    expect(await verifyAfter(() => {}, undefined, 5)).toMatchObject({ ok: true });
  });

  it('reports an entry that links elsewhere although its own hash is consistent', async () => {
    const result = await verifyAfter((db) => {
      const e = entries(db).find((x) => x.seq === 4);
      if (!e) throw new Error('no entry 4');
      const prevHash = 'f'.repeat(64);
      db.prepare('UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE seq = 4').run(prevHash, hashEntry({ ...e, prevHash }));
    });
    expect(firstBad(result)).toEqual({
      seq: 4,
      problem: 'entry 4: it does not follow entry 3, its prev_hash points elsewhere (inserted, or entries before it rewritten?)',
    });
  });
});

describe('formatVerifyResult', () => {
  it('prints a pass with the unsigned tail and a failure with what can still be trusted', async () => {
    expect(formatVerifyResult({ ok: true, entries: 0, checkpoints: 0, lastCheckpointSeq: null, keysTrusted: false })).toEqual([
      'Audit log is empty: nothing to verify.',
    ]);
    expect(formatVerifyResult({ ok: true, entries: 250, checkpoints: 2, lastCheckpointSeq: 200, keysTrusted: true })).toEqual([
      'Audit log OK: 250 entries, every link and hash checked; 2 signed checkpoints valid (latest at entry 200).',
      'Entries 201 to 250 are not yet covered by a signed checkpoint.',
    ]);
    expect(
      formatVerifyResult({
        ok: false,
        firstBad: { seq: 17, problem: 'entry 17: its hash does not match its contents (edited?)' },
        lastGoodCheckpointSeq: 10,
      }),
    ).toEqual([
      'Audit log FAILED verification.',
      'First problem: entry 17: its hash does not match its contents (edited?).',
      'Entries 1 to 10 are covered by a valid signed checkpoint; an edit may have started anywhere after entry 10.',
      'Keep this database file unchanged as evidence.',
    ]);
  });
});
