import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteAccountsRepository } from '../../store/accounts-repository';
import { mustChangePassphraseMigrationSql, peopleMigrationSql } from '../../store/migrations-people';
import { createManualClock } from '../../lib/clock';
import { createAccountsService, type AccountsService } from './accounts-service';

// Cheap scrypt parameters keep the suite fast; the default cost is covered in passphrase.test.ts.
const fastScrypt = { N: 2 ** 10, r: 8, p: 1 };
const adminPass = 'granite-harbour-window-41';
const opPass = 'meadow-signal-pencil-77';

let dir: string;
let db: DatabaseSync;
let clock: ReturnType<typeof createManualClock>;
let accounts: AccountsService;
let idle = 15;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-accounts-'));
  db = new DatabaseSync(join(dir, 'people.db'));
  db.exec('PRAGMA foreign_keys = ON');
  db.exec(peopleMigrationSql);
  db.exec(mustChangePassphraseMigrationSql);
  clock = createManualClock();
  idle = 15;
  accounts = createAccountsService({
    repository: createSqliteAccountsRepository(db),
    clock,
    config: { scrypt: fastScrypt, idleLockMinutes: () => idle },
  });
});
afterEach(async () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp(): Promise<{ adminId: string; operatorId: string }> {
  const admin = await accounts.createFirstAdmin({ username: 'Dana', displayName: 'Dana Admin', passphrase: adminPass });
  const operator = await accounts.createAccount(admin.id, { username: 'olu', displayName: 'Olu Operator', role: 'operator', passphrase: opPass });
  return { adminId: admin.id, operatorId: operator.id };
}

describe('accounts', () => {
  it('creates the first admin only while no account exists', async () => {
    expect(await accounts.hasAccounts()).toBe(false);
    const admin = await accounts.createFirstAdmin({ username: 'Dana', displayName: 'Dana Admin', passphrase: adminPass });
    expect(admin).toMatchObject({ username: 'dana', role: 'admin', disabled: false });
    expect(admin).not.toHaveProperty('passphraseHash');
    await expect(accounts.createFirstAdmin({ username: 'eve', displayName: 'Eve', passphrase: adminPass })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const row = db.prepare('SELECT passphrase_hash FROM accounts').get() as { passphrase_hash: string };
    expect(row.passphrase_hash).not.toContain(adminPass);
  });

  it('refuses weak passphrases with a message naming the rule', async () => {
    await expect(accounts.createFirstAdmin({ username: 'dana', displayName: 'Dana', passphrase: 'dana-is-the-boss' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Passphrase not accepted: The passphrase must not contain your username.',
    });
    await expect(accounts.createFirstAdmin({ username: 'dana', displayName: 'Dana', passphrase: 'tooshort' })).rejects.toThrow(/at least 12 characters/);
  });

  it('lets only admins create accounts, and keeps usernames unique case-insensitively', async () => {
    const { adminId, operatorId } = await setUp();
    const input = { username: 'sam', displayName: 'Sam', role: 'supervisor' as const, passphrase: 'orbit-velvet-kettle-12' };
    await expect(accounts.createAccount(operatorId, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await accounts.createAccount(adminId, input);
    await expect(accounts.createAccount(adminId, { ...input, username: 'SAM' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('changes roles and never leaves the bureau without an active admin', async () => {
    const { adminId, operatorId } = await setUp();
    expect((await accounts.setRole(adminId, operatorId, 'supervisor')).role).toBe('supervisor');
    await expect(accounts.setRole(adminId, adminId, 'operator')).rejects.toThrow(/only active admin/);
    await expect(accounts.disableAccount(adminId, adminId)).rejects.toThrow(/your own account/);
    await accounts.setRole(adminId, operatorId, 'admin');
    expect((await accounts.setRole(adminId, adminId, 'supervisor')).role).toBe('supervisor');
  });

  it('ends the sessions of a disabled account at once and refuses its sign-in', async () => {
    const { adminId, operatorId } = await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    await accounts.disableAccount(adminId, operatorId);
    await expect(accounts.resolveSession(sessionId)).rejects.toThrow(/signed out/);
    await expect(accounts.signIn('olu', opPass)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/disabled/) });
    await accounts.enableAccount(adminId, operatorId);
    await expect(accounts.signIn('olu', opPass)).resolves.toMatchObject({ account: { username: 'olu' } });
  });
});

describe('sign-in throttling', () => {
  it('allows five failures, then locks out for 30 s, then 60 s, shown as "try again in N s"', async () => {
    await setUp();
    for (let i = 1; i <= 4; i++) {
      await expect(accounts.signIn('olu', 'wrong passphrase!')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(accounts.signIn('olu', 'wrong passphrase!')).rejects.toThrow('Wrong username or passphrase. Too many failed attempts for this username. Try again in 30 s.');
    // Even the right passphrase is refused during the lock-out, without being checked.
    await expect(accounts.signIn('OLU', opPass)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/Try again in 30 s/) });
    clock.advance(20_000);
    await expect(accounts.signIn('olu', opPass)).rejects.toThrow(/Try again in 10 s/);
    clock.advance(10_000);
    await expect(accounts.signIn('olu', 'wrong passphrase!')).rejects.toThrow(/Try again in 60 s/);
    clock.advance(60_000);
    await expect(accounts.signIn('olu', opPass)).resolves.toMatchObject({ account: { username: 'olu' } });
    // Success resets the count.
    await expect(accounts.signIn('olu', 'wrong passphrase!')).rejects.toThrow(/4 more tries/);
  });

  it('throttles unknown usernames the same way, so none can be probed', async () => {
    await setUp();
    for (let i = 0; i < 5; i++) await expect(accounts.signIn('nobody', 'wrong passphrase!')).rejects.toThrow(/Wrong username or passphrase/);
    await expect(accounts.signIn('nobody', 'wrong passphrase!')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('charges parallel guesses before hashing, so a burst cannot exceed the limit', async () => {
    await setUp();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => accounts.signIn('olu', 'wrong passphrase!')));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
  });

  it('keeps the lock-out across a restart of the service', async () => {
    await setUp();
    for (let i = 0; i < 5; i++) await accounts.signIn('olu', 'wrong passphrase!').catch(() => undefined);
    const restarted = createAccountsService({ repository: createSqliteAccountsRepository(db), clock, config: { scrypt: fastScrypt } });
    await expect(restarted.signIn('olu', opPass)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('sessions', () => {
  it('locks after the idle time; the passphrase unlocks it', async () => {
    await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    clock.advance(14 * 60_000);
    expect((await accounts.resolveSession(sessionId)).username).toBe('olu');
    clock.advance(14 * 60_000); // activity above reset the idle timer
    expect((await accounts.sessionStatus(sessionId)).state).toBe('active');
    clock.advance(60_000);
    expect(await accounts.sessionStatus(sessionId)).toMatchObject({ state: 'locked', reason: 'idle' });
    await expect(accounts.resolveSession(sessionId)).rejects.toThrow('The session locked after 15 minutes without activity. Enter your passphrase to unlock it.');
    await expect(accounts.unlock(sessionId, 'wrong passphrase!')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await accounts.unlock(sessionId, opPass);
    expect((await accounts.resolveSession(sessionId)).username).toBe('olu');
  });

  it('follows a changed idle setting and supports a manual lock', async () => {
    await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    idle = 2;
    clock.advance(2 * 60_000);
    expect((await accounts.sessionStatus(sessionId)).state).toBe('locked');
    await accounts.unlock(sessionId, opPass);
    await accounts.lockSession(sessionId);
    expect(await accounts.sessionStatus(sessionId)).toMatchObject({ state: 'locked', reason: 'manual' });
  });

  it('signs out, and unknown session ids are signed out', async () => {
    await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    accounts.signOut(sessionId);
    expect((await accounts.sessionStatus(sessionId)).state).toBe('signed-out');
    await expect(accounts.resolveSession('made-up')).rejects.toThrow(/signed out/);
  });

  it('requires fresh re-authentication for privileged actions', async () => {
    await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    expect((await accounts.requireFresh(sessionId)).username).toBe('olu'); // sign-in itself is fresh
    clock.advance(5 * 60_000 + 1);
    // The code, not the words, tells the screen to ask for the passphrase (a locked session is UNAUTHENTICATED).
    await expect(accounts.requireFresh(sessionId)).rejects.toThrow(expect.objectContaining({ code: 'REAUTH_REQUIRED' }));
    expect((await accounts.requireFresh(sessionId, 10)).username).toBe('olu');
    await expect(accounts.reauthenticate(sessionId, 'wrong passphrase!')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const { freshUntil } = await accounts.reauthenticate(sessionId, opPass);
    expect(freshUntil).toBe(new Date(clock.now().getTime() + 5 * 60_000).toISOString());
    expect((await accounts.requireFresh(sessionId)).username).toBe('olu');
  });

  it('changing your own passphrase signs out your other sessions', async () => {
    await setUp();
    const desk1 = await accounts.signIn('olu', opPass);
    const desk2 = await accounts.signIn('olu', opPass);
    await accounts.changeOwnPassphrase(desk1.sessionId, opPass, 'lighthouse-parsley-drum-5');
    expect((await accounts.sessionStatus(desk2.sessionId)).state).toBe('signed-out');
    expect((await accounts.sessionStatus(desk1.sessionId)).state).toBe('active');
    await expect(accounts.signIn('olu', 'lighthouse-parsley-drum-5')).resolves.toBeTruthy();
  });
});

describe('passphrase changes', () => {
  const fresh = 'lighthouse-parsley-drum-5';

  it('an admin reset ends the person’s sessions and makes sign-in lead only to choosing a new passphrase, across a restart', async () => {
    const { adminId, operatorId } = await setUp();
    const desk = await accounts.signIn('olu', opPass);
    const reset = await accounts.resetPassphrase(adminId, operatorId, 'temporary-harbour-key-8');
    expect(reset).toMatchObject({ username: 'olu', mustChangePassphrase: true });
    expect((await accounts.sessionStatus(desk.sessionId)).state).toBe('signed-out');
    await expect(accounts.signIn('olu', opPass)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const restarted = createAccountsService({ repository: createSqliteAccountsRepository(db), clock, config: { scrypt: fastScrypt } });
    const signed = await restarted.signIn('olu', 'temporary-harbour-key-8');
    expect(await restarted.sessionStatus(signed.sessionId)).toMatchObject({ state: 'must-change-passphrase', account: { username: 'olu' } });
    await restarted.changeOwnPassphrase(signed.sessionId, 'temporary-harbour-key-8', fresh);
    expect(await restarted.sessionStatus(signed.sessionId)).toMatchObject({ state: 'active', account: { mustChangePassphrase: false } });
    await expect(restarted.signIn('olu', fresh)).resolves.toBeTruthy();
  });

  it('only an admin resets, never their own, and only to a passphrase the strength rules accept', async () => {
    const { adminId, operatorId } = await setUp();
    await expect(accounts.resetPassphrase(operatorId, adminId, fresh)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(accounts.resetPassphrase(adminId, adminId, fresh)).rejects.toThrow(/Change passphrase in the account menu/);
    await expect(accounts.resetPassphrase(adminId, operatorId, 'olu-olu-olu-olu')).rejects.toThrow('Passphrase not accepted: The passphrase must not contain your username.');
    await expect(accounts.signIn('olu', opPass)).resolves.toBeTruthy();
  });

  it('a wrong current passphrase is refused and throttled like sign-in; a weak or unchanged new one is refused', async () => {
    await setUp();
    const { sessionId } = await accounts.signIn('olu', opPass);
    await expect(accounts.changeOwnPassphrase(sessionId, opPass, 'password1234')).rejects.toThrow(/commonly used/);
    await expect(accounts.changeOwnPassphrase(sessionId, opPass, opPass)).rejects.toThrow(/same as the current one/);
    for (let i = 1; i <= 4; i++) await expect(accounts.changeOwnPassphrase(sessionId, 'not my passphrase', fresh)).rejects.toThrow(/The current passphrase is wrong/);
    await expect(accounts.changeOwnPassphrase(sessionId, 'not my passphrase', fresh)).rejects.toThrow(/Try again in 30 s/);
    // The same throttle as sign-in: even the right one waits, and sign-in waits too.
    await expect(accounts.changeOwnPassphrase(sessionId, opPass, fresh)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(accounts.signIn('olu', opPass)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    clock.advance(30_000);
    await accounts.changeOwnPassphrase(sessionId, opPass, fresh);
    await expect(accounts.signIn('olu', fresh)).resolves.toBeTruthy();
  });
});
