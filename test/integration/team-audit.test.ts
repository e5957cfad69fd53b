// The audit chain across desks on REAL PostgreSQL: three desks (three cores, each with its own data
// directory and keychain, so its own Ed25519 key) append interleaved until each has signed
// checkpoints; `control-room audit verify --database` on any desk is OK and names the signing desks.
// Then, as the database owner (DDL rights: the append-only triggers can be switched off), the moves
// of an attacker: a desk's key replaced in the registry is named; an edited audit row is named by its
// seq; a forged desk (a new registry row with the attacker's key, the chain tail rewritten and
// re-signed with it) is reported as not trusted, never as OK.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../electron/cli/main';
import { hashEntry } from '../../electron/core/audit/canonical';
import { keyPinsFileName } from '../../electron/core/audit/key-pins';
import { keyFingerprint, keyIdFor, parsePublicKey, publicKeyToBase64, signCheckpoint } from '../../electron/core/audit/signing';
import type { DesksVerifyResult } from '../../electron/core/audit/verify-desks';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import type { MemoryVault } from '../../electron/vault/memory-vault';
import { describeWithPeers } from '../helpers/peer-suite';
import { keychainFor } from '../helpers/desk-keychain';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { makeTestCore, type TestCore } from '../helpers/test-core';

interface Desk {
  readonly name: string;
  readonly t: TestCore;
  readonly url: string;
  readonly vault: MemoryVault;
}

function capture(): CliIo & { readonly text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

/** `control-room <args> --data-dir <desk> --database <url>`, as a user on that desk would run it. */
async function cli(desk: Desk, args: readonly string[]): Promise<{ code: number; text: string }> {
  const io = capture();
  const code = await runCli([...args, '--data-dir', desk.t.dir, '--database', desk.url], io, { vault: () => desk.vault });
  return { code, text: io.text() };
}

async function verifyJson(desk: Desk): Promise<{ code: number; result: DesksVerifyResult }> {
  const { code, text } = await cli(desk, ['audit', 'verify', '--json']);
  return { code, result: JSON.parse(text) as DesksVerifyResult };
}

describeWithPeers(['postgresql'], 'audit verification across desks on PostgreSQL', () => {
  let server: PostgresServer;
  let owner: pg.Client;
  const desks: Desk[] = [];
  const deskA = (): Desk => desks[0] as Desk;
  const deskB = (): Desk => desks[1] as Desk;
  const deskC = (): Desk => desks[2] as Desk;

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    for (const name of ['Desk A', 'Desk B', 'Desk C']) {
      const k = await keychainFor(db.appUrl);
      const t = await makeTestCore({ demo: false, databaseUrl: k.url, vault: k.vault, deskName: name, createAccounts: desks.length === 0 });
      desks.push({ name, t, url: k.url, vault: k.vault });
    }
    // Desk A started before B and C were registered: it pins them on its next heartbeat (every 10 s).
    const pinned = (d: Desk): number => {
      const file = join(d.t.dir, keyPinsFileName);
      return existsSync(file) ? Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { desks: object }).desks).length : 0;
    };
    for (const deadline = Date.now() + 30_000; desks.some((d) => pinned(d) < 3); ) {
      if (Date.now() > deadline) throw new Error(`the desks did not pin each other within 30 s: ${desks.map((d) => `${d.name} ${pinned(d)}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Interleaved appends (a checkpoint every 100 entries) until every desk has signed at least one.
    const signers = async (): Promise<number> => Number((await owner.query('SELECT count(DISTINCT public_key) AS n FROM audit_checkpoints')).rows[0].n);
    for (let i = 0; (await signers()) < 3; i++) {
      if (i > 1200) throw new Error('1200 interleaved appends and not every desk signed a checkpoint');
      const d = desks[i % 3] as Desk;
      await d.t.core.audit.append({ actor: 'system', role: 'system', action: 'test.interleave', reason: `from ${d.name}`, details: { i } });
    }
  }, 120_000);

  afterAll(async () => {
    for (const d of desks) await d.t.close();
    await owner?.end();
    await server?.stop();
  });

  /** As the owner role: switch the append-only trigger off for one statement, as an attacker with DDL rights would. */
  async function asAttacker(table: 'audit_entries' | 'audit_checkpoints', sql: string, values: unknown[] = []): Promise<void> {
    await owner.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    try {
      await owner.query(sql, values);
    } finally {
      await owner.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
    }
  }

  it('`audit verify` on any desk is OK and names the desks that signed the checkpoints', async () => {
    const checkpoints = Number((await owner.query('SELECT count(*) AS n FROM audit_checkpoints')).rows[0].n);
    for (const d of desks) {
      const { code, text } = await cli(d, ['audit', 'verify']);
      expect(text).toMatch(/^Audit log OK: \d+ entries/);
      expect(text).toContain(`${checkpoints} signed checkpoints valid`);
      for (const other of desks) expect(text).toMatch(new RegExp(`Signed by: .*${other.name}${other === d ? ' \\(this desk\\)' : ''} \\(\\d+ checkpoints?, latest at entry \\d+\\)`));
      expect(code).toBe(0);
    }
    // The app's Audit screen asks the same question through the contract.
    const sup = await deskB().t.signedIn('supervisor');
    const viaApp = await deskB().t.core.dispatch('audit.verify', {}, sup);
    expect(viaApp).toMatchObject({ ok: true, data: { ok: true, firstBadSeq: null } });
    expect(JSON.stringify(viaApp)).toContain('Desk B (this desk)');
    // `control-room desks` shows each desk's full key fingerprint, pinned by this desk.
    const { code, text } = await cli(deskA(), ['desks']);
    expect(code).toBe(0);
    const keyB = (await owner.query('SELECT audit_public_key FROM desks WHERE name = $1', ['Desk B'])).rows[0].audit_public_key as string;
    expect(text).toMatch(new RegExp(`audit key ed25519:[0-9a-f]{64}  \\[this desk\\]`));
    expect(text).toContain(`audit key ${keyFingerprint(parsePublicKey(keyB))}  [pinned]`);
  });

  it("a desk's key replaced in the registry is named, not trusted", async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const original = (await owner.query('SELECT audit_public_key FROM desks WHERE name = $1', ['Desk B'])).rows[0].audit_public_key as string;
    await owner.query('UPDATE desks SET audit_public_key = $1 WHERE name = $2', [publicKeyToBase64(publicKey), 'Desk B']);
    try {
      const { code, text } = await cli(deskA(), ['audit', 'verify']);
      expect(text).toMatch(/^Audit log FAILED verification: the desks registry does not match/);
      expect(text).toMatch(/Desks registry: desk "Desk B"'s key in the registry \(ed25519:[0-9a-f]{64}\) is not the one this desk pinned on \d{4}-\d\d-\d\d .*replaced in the database\?/);
      expect(code).toBe(1);
    } finally {
      await owner.query('UPDATE desks SET audit_public_key = $1 WHERE name = $2', [original, 'Desk B']);
    }
    expect((await cli(deskA(), ['audit', 'verify'])).code).toBe(0);
  });

  it('an audit row edited in the database is named by its seq on every desk', async () => {
    const last = Number((await owner.query('SELECT max(upto_seq) AS s FROM audit_checkpoints')).rows[0].s);
    const seq = last - 17;
    const before = (await owner.query('SELECT reason FROM audit_entries WHERE seq = $1', [seq])).rows[0].reason as string;
    await asAttacker('audit_entries', "UPDATE audit_entries SET reason = 'nothing happened here' WHERE seq = $1", [seq]);
    try {
      for (const d of desks) {
        const { code, result } = await verifyJson(d);
        expect(result.outcome).toBe('failed');
        expect(result.chain).toMatchObject({ ok: false, firstBad: { seq, problem: `entry ${seq}: its hash does not match its contents (edited?)` } });
        expect(code).toBe(1);
      }
      const { text } = await cli(deskC(), ['audit', 'verify']);
      expect(text).toContain(`First problem: entry ${seq}: its hash does not match its contents (edited?).`);
    } finally {
      await asAttacker('audit_entries', 'UPDATE audit_entries SET reason = $1 WHERE seq = $2', [before, seq]);
    }
  });

  it('a forged desk re-signing a rewritten chain tail is reported as not trusted, never OK', async () => {
    // The desks stop seeing the registry (at night, or not yet at their next heartbeat): a desk
    // that was running would pin the forged desk on first sight (see the README on this limit).
    for (const d of desks) d.t.core.desks.stop();
    const attacker = generateKeyPairSync('ed25519');
    const key = { ...attacker, keyId: keyIdFor(attacker.publicKey) };
    const now = new Date().toISOString();
    await owner.query('INSERT INTO desks (id, name, host, app_version, audit_public_key, started_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)', [
      'forged-desk', 'Night Desk', 'night.bureau.example', '0.1.0', publicKeyToBase64(attacker.publicKey), now,
    ]);
    // Rewrite from just after the first checkpoint: one entry's reason changed, every later hash
    // recomputed, the real checkpoints over the tail deleted and the same points re-signed.
    const cps = (await owner.query('SELECT upto_seq FROM audit_checkpoints ORDER BY upto_seq')).rows.map((r: { upto_seq: string }) => Number(r.upto_seq));
    const from = (cps[0] as number) + 5;
    const rows = (await owner.query('SELECT * FROM audit_entries WHERE seq >= $1 - 1 ORDER BY seq', [from])).rows as Record<string, string | null>[];
    let prevHash = String(rows[0]?.hash);
    const rewritten: { seq: number; hash: string }[] = [];
    for (const r of rows.slice(1)) {
      const seq = Number(r.seq);
      const entry = { seq, at: String(r.at), actor: String(r.actor), role: String(r.role), action: String(r.action), target: r.target ?? null, reason: seq === from ? 'nothing happened here' : (r.reason ?? null), details: String(r.details), prevHash };
      prevHash = hashEntry(entry);
      rewritten.push({ seq, hash: prevHash });
      await asAttacker('audit_entries', 'UPDATE audit_entries SET reason = $1, prev_hash = $2, hash = $3 WHERE seq = $4', [entry.reason, entry.prevHash, prevHash, seq]);
    }
    await asAttacker('audit_checkpoints', 'DELETE FROM audit_checkpoints WHERE upto_seq >= $1', [from]);
    const resigned = [...cps.filter((s) => s >= from), (rewritten.at(-1) as { seq: number }).seq];
    for (const seq of new Set(resigned)) {
      const cp = signCheckpoint(key, seq, (rewritten.find((e) => e.seq === seq) as { hash: string }).hash, new Date());
      await owner.query('INSERT INTO audit_checkpoints (upto_seq, hash, signed_at, key_id, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6)', [cp.uptoSeq, cp.hash, cp.signedAt, cp.keyId, cp.publicKey, cp.signature]);
    }

    const fp = keyFingerprint(attacker.publicKey);
    for (const d of desks) {
      const { code, result } = await verifyJson(d);
      expect(result.outcome).toBe('not-trusted');
      expect(result.chain).toMatchObject({ ok: false, notTrusted: true, firstBad: { seq: resigned[0] }, lastGoodCheckpointSeq: cps[0] });
      expect(result.notYetTrusted).toEqual([{ id: 'forged-desk', name: 'Night Desk', fingerprint: fp }]);
      expect(code).toBe(3);
    }
    const { text } = await cli(deskB(), ['audit', 'verify']);
    expect(text).toMatch(/^Audit log NOT VERIFIED/);
    expect(text).toContain(`checkpoint at ${resigned[0]}: signed by desk "Night Desk" (${fp}), whose key this desk has not pinned: not yet trusted.`);
    expect(text).toContain(`control-room desks trust forged-desk --fingerprint ${fp}`);
    expect(text).not.toMatch(/Audit log OK/);
    const listed = await cli(deskB(), ['desks']);
    expect(listed.text).toContain(`audit key ${fp}  [not yet trusted]`);
    // Trusting it needs the fingerprint that desk shows; a wrong one trusts nothing.
    const wrong = await cli(deskB(), ['desks', 'trust', 'forged-desk', '--fingerprint', keyFingerprint(generateKeyPairSync('ed25519').publicKey)]);
    expect(wrong.text).toContain('Nothing was trusted');
    expect(wrong.code).toBe(1);
    expect((await verifyJson(deskB())).code).toBe(3);
    // The right fingerprint pins it: from then on what that key signed is trusted on this desk (which
    // is why the fingerprint must come from the desk itself, never from the database).
    const trusted = await cli(deskB(), ['desks', 'trust', 'forged-desk', '--fingerprint', fp]);
    expect(trusted.text).toContain(`Trusted desk "Night Desk"'s audit key ${fp}`);
    expect(trusted.code).toBe(0);
    expect((await cli(deskB(), ['desks'])).text).toContain(`audit key ${fp}  [pinned]`);
    expect((await verifyJson(deskB())).result.outcome).toBe('ok');
    expect((await verifyJson(deskA())).result.outcome).toBe('not-trusted');
  });
});

