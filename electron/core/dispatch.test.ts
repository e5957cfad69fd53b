import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, calls, roles, type Access, type CallName, type Role } from '../shared/contract';
import { createManualClock } from '../lib/clock';
import { appErrorSchema, issueLimits, type Result } from '../shared/result';
import { latestSchemaVersion } from '../store/migrations';
import { makeTestCore, type TestCore } from '../../test/helpers/test-core';
import { auditedLater, createDispatch, type Authenticator, type Caller, type Handlers, type Principal } from './dispatch';

let t: TestCore;
beforeAll(async () => {
  t = await makeTestCore();
});
afterAll(async () => {
  await t.close();
});

const anonymous = (): Caller => ({ transport: 'test', session: { id: null } });

describe('dispatch', () => {
  it('answers app.status with the schema version', async () => {
    const result = await t.core.dispatch('app.status', {}, anonymous());
    expect(result).toMatchObject({ ok: true, data: { app: 'control-room', schemaVersion: latestSchemaVersion, dataDir: t.dir } });
  });

  it('refuses an unknown call with BAD_INPUT', async () => {
    expect(await t.core.dispatch('app.__proto__', {}, anonymous())).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses unknown keys: a strict contract, not a lenient one', async () => {
    expect(await t.core.dispatch('app.status', { extra: 1 }, anonymous())).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('does not echo a rejected input back (it may be a secret)', async () => {
    const secret = 'hunter2-very-secret-value';
    const result = await t.core.dispatch('accounts.signIn', { username: 'x', passphrase: secret, extra: secret }, anonymous());
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('needs a sign-in for non-public calls', async () => {
    expect(await t.core.dispatch('settings.get', { key: 'demo.enabled' }, anonymous())).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('binds a sign-in to the calling connection only', async () => {
    const a = anonymous();
    const b = anonymous();
    expect(await t.core.dispatch('accounts.signIn', { username: 'olu', passphrase: t.passphrase('operator') }, a)).toMatchObject({
      ok: true,
      data: { session: { state: 'active', account: { role: 'operator' } } },
    });
    expect(await t.core.dispatch('channels.list', {}, a)).toMatchObject({ ok: true });
    expect(await t.core.dispatch('channels.list', {}, b)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('opens only allow-listed https links', async () => {
    expect(await t.core.dispatch('links.open', { url: 'javascript:alert(1)' }, anonymous())).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await t.core.dispatch('links.open', { url: 'https://x.com/demo' }, anonymous())).toMatchObject({ ok: true, data: { host: 'x.com', opened: false } });
  });
});

describe('machine-readable refusals: the screen decides from codes and paths, never from words', () => {
  const issuesOf = (result: Result<unknown>) => (result.ok ? [] : (result.error.issues ?? []));

  it('answers a stale passphrase with REAUTH_REQUIRED and a locked session with UNAUTHENTICATED', async () => {
    const clock = createManualClock(new Date());
    const timed = await makeTestCore({ clock });
    try {
      const sup = await timed.signedIn('supervisor');
      clock.advance(5 * 60_000 + 1);
      const unfreeze = timed.validInput('control.unfreeze');
      expect(await timed.core.dispatch('control.unfreeze', unfreeze, sup)).toMatchObject({ ok: false, error: { code: 'REAUTH_REQUIRED' } });
      // Still signed in: only the passphrase is asked for again, and then the call goes through.
      expect(await timed.core.dispatch('channels.list', {}, sup)).toMatchObject({ ok: true });
      expect(await timed.core.dispatch('accounts.reauthenticate', { passphrase: timed.passphrase('supervisor') }, sup)).toMatchObject({ ok: true });
      const again = await timed.core.dispatch('control.unfreeze', unfreeze, sup);
      expect(again.ok || !['REAUTH_REQUIRED', 'UNAUTHENTICATED'].includes(again.error.code)).toBe(true);
      expect(await timed.core.dispatch('accounts.lockSession', {}, sup)).toMatchObject({ ok: true });
      expect(await timed.core.dispatch('control.unfreeze', unfreeze, sup)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await timed.close();
    }
  });

  it('names each bad field of an input by its path, keeping the message as it was', async () => {
    const op = await t.signedIn('operator');
    const result = await t.core.dispatch('templates.fill', { id: 'nope', values: { time: 'x'.repeat(500) }, extra: 1 }, op);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Invalid input for templates\.fill: .*values\.time: /) } });
    expect(issuesOf(result).map((i) => i.path).sort()).toEqual(['', 'values.time']);
    expect(JSON.stringify(result)).not.toContain('x'.repeat(500));
    expect(appErrorSchema.safeParse(result.ok ? null : result.error).success).toBe(true);
  });

  it('bounds the issues of a hostile input: their number, and paths holding a huge key', async () => {
    const op = await t.signedIn('operator');
    const values = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'x'.repeat(300)]));
    const many = await t.core.dispatch('templates.fill', { id: 'nope', values }, op);
    expect(issuesOf(many)).toHaveLength(issueLimits.count);
    const huge = await t.core.dispatch('templates.fill', { id: 'nope', values: { ['k'.repeat(200_000)]: 'v' } }, op);
    expect(issuesOf(huge).length).toBeGreaterThan(0);
    for (const i of issuesOf(huge)) expect(i.path.length).toBeLessThanOrEqual(issueLimits.pathLength);
    expect(JSON.stringify(huge).length).toBeLessThan(2_000);
  });
});

describe('role boundaries, generated from the contract declaration', () => {
  // Every call, every role: a new call cannot be added without its access being checked here.
  const cases: [CallName, Role | null][] = callNames.flatMap((name) => [null, ...roles].map((role) => [name, role] as [CallName, Role | null]));
  it.each(cases)('%s as %s', async (name, role) => {
    const caller = role ? await t.signedIn(role) : anonymous();
    const result = await t.core.dispatch(name, {}, caller);
    const access: Access = calls[name].access;
    const allowed = access === 'public' || (role !== null && access.includes(role));
    if (allowed) {
      // Allowed: whatever it answers, it is not an access refusal.
      if (!result.ok) expect(['FORBIDDEN', 'UNAUTHENTICATED', 'REAUTH_REQUIRED']).not.toContain(result.error.code);
    } else {
      // Refused before the input is even looked at would leak nothing either; both orders are fine,
      // but a refused role must never get data.
      expect(result.ok).toBe(false);
      if (!result.ok && result.error.code !== 'BAD_INPUT') expect(result.error.code).toBe(role === null ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
  });

  it.each(callNames.filter((n) => calls[n].access !== 'public'))('%s refuses a valid-looking call from a role it does not list', async (name) => {
    const access: Access = calls[name].access;
    const outsider = roles.find((r) => access !== 'public' && !access.includes(r));
    if (!outsider) return; // open to every signed-in role
    const caller = await t.signedIn(outsider);
    // Access is checked after parsing, so give each call an input that parses.
    const input = t.validInput(name);
    const result = await t.core.dispatch(name, input, caller);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('fuzzing', () => {
  it('never answers INTERNAL or throws, whatever JSON arrives, for every call and role', async () => {
    const callers = await Promise.all([null, ...roles].map((r) => (r ? t.signedIn(r) : Promise.resolve(anonymous()))));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...callNames), fc.jsonValue(), fc.constantFrom(...callers), async (name, input, caller) => {
        const before = Object.getOwnPropertyNames(Object.prototype).length;
        const result = await t.core.dispatch(name, input, caller);
        expect(result.ok === true || result.error.code !== 'INTERNAL').toBe(true);
        if (!result.ok && calls[name].input.safeParse(input).success === false) expect(result.error.code).toBe('BAD_INPUT');
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a passphrase an admin reset', () => {
  // Every call of the contract, generated: a call added later is refused too unless listed.
  const allowed = ['accounts.changeOwnPassphrase', 'accounts.signOut', 'accounts.lockSession', 'accounts.activity'];
  const gated = callNames.filter((n) => calls[n].access !== 'public' && !allowed.includes(n));
  let forced: Caller;
  beforeAll(async () => {
    const admin = (await t.core.accounts.listAccounts()).find((a) => a.role === 'admin')!;
    const mia = await t.core.accounts.createAccount(admin.id, { username: 'mia', displayName: 'Mia Admin', role: 'admin', passphrase: 'granite harbour window 41' });
    await t.core.accounts.resetPassphrase(admin.id, mia.id, 'one time only passphrase 7');
    forced = anonymous();
    expect(await t.core.dispatch('accounts.signIn', { username: 'mia', passphrase: 'one time only passphrase 7' }, forced)).toMatchObject({
      ok: true,
      data: { session: { state: 'must-change-passphrase' } },
    });
  });
  it.each(gated)('%s is refused until a new passphrase is chosen', async (name) => {
    const result = await t.core.dispatch(name, t.validInput(name), forced);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Choose a new passphrase first/) } });
  });
});

describe('the audit append a call makes, and the one left to whoever finishes it later', () => {
  // The audit chain lives in the shared database: while it is unreachable every append fails.
  const operator: Principal = { id: 'olu-id', username: 'olu', displayName: 'Olu Operator', role: 'operator' };
  const auth: Authenticator = {
    principal: () => Promise.resolve(operator),
    peek: () => Promise.resolve(operator),
    passphraseChangeRequired: () => Promise.resolve(false),
    requireFresh: () => Promise.resolve(),
  };
  const cutOff = () => {
    const logged: string[] = [];
    const appended: string[] = [];
    const onAction = (r: { name: string }): Promise<void> => {
      appended.push(r.name);
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    };
    return { logged, appended, log: { warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) }, onAction };
  };
  const caller = (): Caller => ({ transport: 'test', session: { id: 'session-1' } });

  it('a result marked audited-later gets no append now, so no failed append is logged for it', async () => {
    const c = cutOff();
    const handlers = { 'desks.dismissOfflineDraftNotice': () => auditedLater({ dismissed: true as const }) } as unknown as Handlers;
    const dispatch = createDispatch(handlers, auth, c.log, c.onAction);
    expect(await dispatch('desks.dismissOfflineDraftNotice', { id: 1 }, caller())).toEqual({ ok: true, data: { dismissed: true } });
    expect(c.appended).toEqual([]);
    expect(c.logged).toEqual([]);
  });

  it('any other call still tries to append, and a failed append is logged (failures to audit stay visible)', async () => {
    const c = cutOff();
    const handlers = { 'desks.dismissOfflineDraftNotice': () => ({ dismissed: true as const }) } as unknown as Handlers;
    const dispatch = createDispatch(handlers, auth, c.log, c.onAction);
    expect(await dispatch('desks.dismissOfflineDraftNotice', { id: 1 }, caller())).toMatchObject({ ok: true });
    expect(c.appended).toEqual(['desks.dismissOfflineDraftNotice']);
    expect(c.logged).toEqual(['could not record desks.dismissOfflineDraftNotice in the audit log']);
  });
});
