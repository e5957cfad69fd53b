import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { createSqliteAuditRepository } from '../../store/audit-repository';
import { createManualClock } from '../../lib/clock';
import { createAuditLog } from './audit-log';
import { makeSigningKey, makeTempDir, openAuditDb, sampleEntry, seedLog, type TempDir, collect } from '../../../test/helpers/audit-test-kit';
import { GENESIS_HASH } from './canonical';
import type { SigningKeyProvider } from './signing';
import { verifyAuditLog } from './verify';

let tmp: TempDir;
beforeEach(async () => {
  tmp = makeTempDir();
});
afterEach(() => tmp.remove());

describe('createAuditLog', () => {
  it('appends a contiguous chain that verifies, with a signed checkpoint every 100 entries', async () => {
    const { db, repo, key } = await seedLog(tmp.file('a.db'), 250);
    const stored = await repo.read(async (r) => (await collect(r.entriesFrom(1))));
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(stored[0]).toMatchObject({
      seq: 1,
      at: '2019-07-19T22:00:00.000Z',
      actor: 'user-2',
      role: 'operator',
      action: 'retract',
      target: 'x:item-1001',
      reason: 'Überprüfung 1: "unapproved" post',
      details: '{"channel":"x","count":1,"nested":{"ids":[1,2],"ok":false}}',
      prevHash: GENESIS_HASH,
    });
    expect(stored[1]?.prevHash).toBe(stored[0]?.hash);
    expect(stored[1]?.at).toBe('2019-07-19T22:00:01.500Z');
    const checkpoints = await repo.read(async (r) => await r.checkpoints());
    expect(checkpoints.map((c) => c.uptoSeq)).toEqual([100, 200]);
    expect(checkpoints[0]).toMatchObject({ hash: stored[99]?.hash, keyId: key.keyId });
    expect(await verifyAuditLog(repo, [key.publicKey])).toEqual({
      ok: true,
      entries: 250,
      checkpoints: 2,
      lastCheckpointSeq: 200,
      keysTrusted: true,
    });
    db.close();
  });

  it('hashes exactly the documented serialisation', async () => {
    const db = openAuditDb(tmp.file('kat.db'), { create: true });
    const log = createAuditLog({ repo: createSqliteAuditRepository(db), clock: createManualClock(), signingKey: makeSigningKey() });
    const entry = await log.append({ actor: 'u-7', role: 'operator', action: 'freeze', details: { b: 1, a: 'é' } });
    const text = `[1,"2019-07-19T22:00:00.000Z","u-7","operator","freeze",null,null,"{\\"a\\":\\"é\\",\\"b\\":1}","${'0'.repeat(64)}"]`;
    expect(entry.hash).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    db.close();
  });

  it('signs a checkpoint on demand, once per head, and returns null for an empty log', async () => {
    const db = openAuditDb(tmp.file('cp.db'), { create: true });
    const repo = createSqliteAuditRepository(db);
    const clock = createManualClock();
    const log = createAuditLog({ repo, clock, signingKey: makeSigningKey(), checkpointEvery: 10 });
    expect(await log.checkpoint()).toBeNull();
    for (let i = 1; i <= 13; i++) await log.append(sampleEntry(i));
    const first = await log.checkpoint();
    clock.advance(60_000);
    expect(first).toMatchObject({ uptoSeq: 13 });
    expect(await log.checkpoint()).toEqual(first);
    expect(await repo.read(async (r) => (await r.checkpoints()).map((c) => c.uptoSeq))).toEqual([10, 13]);
    // The next automatic one counts from the on-demand one.
    for (let i = 14; i <= 23; i++) await log.append(sampleEntry(i));
    expect(await repo.read(async (r) => (await r.checkpoints()).map((c) => c.uptoSeq))).toEqual([10, 13, 23]);
    expect(await verifyAuditLog(repo)).toMatchObject({ ok: true, checkpoints: 3 });
    db.close();
  });

  it('keeps the entry when signing fails (keychain locked) and signs on the next append', async () => {
    const db = openAuditDb(tmp.file('locked.db'), { create: true });
    const repo = createSqliteAuditRepository(db);
    const real = makeSigningKey();
    let locked = true;
    const key: SigningKeyProvider = {
      get privateKey() {
        if (locked) throw new Error('keychain locked');
        return real.privateKey;
      },
      publicKey: real.publicKey,
      keyId: real.keyId,
    };
    const errors: unknown[] = [];
    const log = createAuditLog({ repo, clock: createManualClock(), signingKey: key, checkpointEvery: 3, onCheckpointError: (e) => errors.push(e) });
    for (let i = 1; i <= 4; i++) await log.append(sampleEntry(i));
    expect(errors.map((e) => (e as Error).message)).toEqual(['keychain locked', 'keychain locked']);
    expect((await repo.read(async (r) => await r.head()))?.seq).toBe(4);
    await expect(log.checkpoint()).rejects.toThrowError('keychain locked');
    locked = false;
    await log.append(sampleEntry(5));
    expect(await repo.read(async (r) => (await r.checkpoints()).map((c) => c.uptoSeq))).toEqual([5]);
    expect(await verifyAuditLog(repo, [real.publicKey])).toMatchObject({ ok: true, entries: 5 });
    db.close();
  });

  it('refuses a key pair whose halves do not match', async () => {
    const db = openAuditDb(tmp.file('mismatch.db'), { create: true });
    const repo = createSqliteAuditRepository(db);
    const a = makeSigningKey();
    const b = makeSigningKey();
    const log = createAuditLog({ repo, clock: createManualClock(), signingKey: { ...a, publicKey: b.publicKey } });
    await log.append(sampleEntry(1));
    await expect(log.checkpoint()).rejects.toThrowError(/does not match its public key/);
    expect(await repo.read(async (r) => await r.checkpoints())).toEqual([]);
    db.close();
  });

  it.each([
    ['password', { password: 'hunter2' }],
    ['a differently cased key', { userPassword: 'hunter2' }],
    ['an API key with underscores', { api_key: 'k-123' }],
    ['an apiKey', { apiKey: 'k-123' }],
    ['an API-KEY', { 'API-KEY': 'k-123' }],
    ['an OAuth token', { accessToken: 'AAAA' }],
    ['a client secret', { client_secret: 's3cr3t' }],
    ['a nested token', { auth: { bearer: { Token: 'AAAA' } } }],
    ['a secret inside an array', { accounts: [{ name: 'x' }, { secret: 's3cr3t' }] }],
  ])('refuses details holding %s and writes nothing', async (_label, details) => {
    const db = openAuditDb(tmp.file('secret.db'), { create: true });
    const repo = createSqliteAuditRepository(db);
    const log = createAuditLog({ repo, clock: createManualClock(), signingKey: makeSigningKey() });
    let error: unknown;
    try {
      await log.append({ actor: 'u-1', role: 'admin', action: 'channel.lock', details });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_INPUT');
    expect((error as AppError).message).toMatch(/must never hold secrets/);
    // The value itself is never echoed into an error (which may end up in a log).
    expect((error as AppError).message).not.toMatch(/hunter2|k-123|AAAA|s3cr3t/);
    expect(await repo.read(async (r) => await r.head())).toBeNull();
    db.close();
  });

  it('accepts ordinary details and refuses malformed entries', async () => {
    const db = openAuditDb(tmp.file('valid.db'), { create: true });
    const log = createAuditLog({ repo: createSqliteAuditRepository(db), clock: createManualClock(), signingKey: makeSigningKey() });
    expect((await log.append({ actor: 'system', role: 'system', action: 'quarantine.retract', target: 'x:1', details: { channel: 'x', keychainRef: 'x-main' } })).seq).toBe(1);
    const bad = [
      { actor: '', role: 'operator', action: 'freeze' },
      { actor: 'u-1', role: 'root', action: 'freeze' },
      { actor: 'u-1', role: 'operator', action: 'drop table; --' },
      { actor: 'u-1', role: 'operator', action: 'freeze', details: { at: new Date() } },
      { actor: 'u-1', role: 'operator', action: 'freeze', details: { n: Number.NaN } },
      { actor: 'u-1', role: 'operator', action: 'freeze', details: { big: 'x'.repeat(20_000) } },
    ] as const;
    for (const input of bad) await expect(log.append(input as never)).rejects.toThrowError(AppError);
    db.close();
  });

  it('is append-only for the app itself: updates and deletes are refused by the database', async () => {
    const { db } = await seedLog(tmp.file('ro.db'), 3, { finalCheckpoint: true });
    expect(() => db.exec("UPDATE audit_entries SET actor = 'x' WHERE seq = 2")).toThrowError(/append-only/);
    expect(() => db.exec('DELETE FROM audit_entries WHERE seq = 3')).toThrowError(/append-only/);
    expect(() => db.exec("UPDATE audit_checkpoints SET signature = ''")).toThrowError(/append-only/);
    expect(() => db.exec('DELETE FROM audit_checkpoints')).toThrowError(/append-only/);
    db.close();
  });

  it('commits or rolls back with a transaction the caller already opened', async () => {
    const db = openAuditDb(tmp.file('outer.db'), { create: true });
    const repo = createSqliteAuditRepository(db);
    const log = createAuditLog({ repo, clock: createManualClock(), signingKey: makeSigningKey() });
    db.exec('BEGIN IMMEDIATE');
    await log.append(sampleEntry(1));
    db.exec('ROLLBACK');
    expect(await repo.read(async (r) => await r.head())).toBeNull();
    db.exec('BEGIN IMMEDIATE');
    await log.append(sampleEntry(1));
    db.exec('COMMIT');
    expect((await repo.read(async (r) => await r.head()))?.seq).toBe(1);
    db.close();
  });
});

describe('two connections sharing one file (the app and the CLI)', () => {
  it('keep one chain when they append alternately', async () => {
    const path = tmp.file('shared.db');
    const key = makeSigningKey();
    const clock = createManualClock();
    const dbA = openAuditDb(path, { create: true });
    const dbB = openAuditDb(path);
    const logA = createAuditLog({ repo: createSqliteAuditRepository(dbA), clock, signingKey: key, checkpointEvery: 10 });
    const logB = createAuditLog({ repo: createSqliteAuditRepository(dbB), clock, signingKey: key, checkpointEvery: 10 });
    for (let i = 0; i < 50; i++) {
      await logA.append({ actor: 'app', role: 'system', action: 'monitor.alert', details: { i } });
      await logB.append({ actor: 'cli', role: 'admin', action: 'audit.export', details: { i } });
    }
    const dbC = openAuditDb(path);
    const repoC = createSqliteAuditRepository(dbC);
    const actors = await repoC.read(async (r) => (await collect(r.entriesFrom(1))).map((e) => e.actor));
    expect(actors).toEqual(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 'app' : 'cli')));
    expect(await verifyAuditLog(repoC, [key.publicKey])).toEqual({ ok: true, entries: 100, checkpoints: 10, lastCheckpointSeq: 100, keysTrusted: true });
    for (const db of [dbA, dbB, dbC]) db.close();
  });

  it('let no writer slip in between reading the head and writing the entry', async () => {
    const path = tmp.file('interleave.db');
    const key = makeSigningKey();
    const dbA = openAuditDb(path, { create: true });
    const dbB = openAuditDb(path, { busyTimeoutMs: 50 });
    const logB = createAuditLog({ repo: createSqliteAuditRepository(dbB), clock: createManualClock(), signingKey: key });
    let intruder: unknown = 'not tried';
    let tried: Promise<unknown> = Promise.resolve();
    const base = createManualClock();
    // A's clock is read after A has read the head: B tries to append at exactly that moment.
    const sneakyClock = {
      now: () => {
        if (intruder === 'not tried') {
          // Started here, inside A's transaction: B's BEGIN IMMEDIATE runs while A holds the lock.
          intruder = 'pending';
          tried = logB.append(sampleEntry(99)).then(
            (entry) => (intruder = entry),
            (err: unknown) => (intruder = err),
          );
        }
        return base.now();
      },
    };
    const logA = createAuditLog({ repo: createSqliteAuditRepository(dbA), clock: sneakyClock, signingKey: key });
    await logA.append(sampleEntry(1));
    await tried;
    expect(String(intruder)).toMatch(/locked|busy/i);
    expect((await logB.append(sampleEntry(2))).seq).toBe(2);
    expect(await verifyAuditLog(createSqliteAuditRepository(dbA))).toMatchObject({ ok: true, entries: 2 });
    dbA.close();
    dbB.close();
  });

  it('make a writer wait for (not fork from) another one holding the write lock', async () => {
    const path = tmp.file('locked-writer.db');
    const key = makeSigningKey();
    const dbA = openAuditDb(path, { create: true, busyTimeoutMs: 50 });
    const dbB = openAuditDb(path);
    const logA = createAuditLog({ repo: createSqliteAuditRepository(dbA), clock: createManualClock(), signingKey: key });
    const logB = createAuditLog({ repo: createSqliteAuditRepository(dbB), clock: createManualClock(), signingKey: key });
    await logA.append(sampleEntry(1));
    dbB.exec('BEGIN IMMEDIATE');
    await logB.append(sampleEntry(2)); // B's entry 2, not yet committed
    await expect(logA.append(sampleEntry(3))).rejects.toThrowError(/locked|busy/i);
    dbB.exec('COMMIT');
    expect((await logA.append(sampleEntry(3))).seq).toBe(3);
    expect(await verifyAuditLog(createSqliteAuditRepository(dbA))).toMatchObject({ ok: true, entries: 3 });
    dbA.close();
    dbB.close();
  });
});
