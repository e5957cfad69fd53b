// Passphrase changes through dispatch on a real core: a person changes their own (other sessions
// end), an admin resets someone's (that person's sessions end), and a sign-in with a reset
// passphrase opens nothing but choosing a new one: enforced by dispatch, not by the screen. The
// audit log records each change, and neither it nor the log file ever holds a passphrase.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app';
import type { Caller } from '../../electron/core/dispatch';
import { createLogger } from '../../electron/lib/log';
import type { SessionState } from '../../electron/shared/contract';
import { dataOf } from '../helpers/test-core';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';
import { collect } from '../helpers/audit-test-kit';

const pass = { admin: 'quiet lantern river 1919 first', olu: 'quiet lantern river 1919 third' };
const temporary = 'handed-over-in-person-42';
const chosen = 'orchard violet stone tidal';
const changedAgain = 'copper kettle meadow swift';

let dir: TempDir;
let core: Core;
let oluId = '';
beforeAll(async () => {
  dir = makeTempDir('passphrase-change');
  core = await createCore({ dataDir: dir.path, mode: 'cli', logger: createLogger({ quiet: true, file: join(dir.path, 'control-room.log') }), scrypt: { N: 1024, r: 8, p: 1 } });
  const admin = await core.accounts.createFirstAdmin({ username: 'ada', displayName: 'Ada Admin', passphrase: pass.admin });
  await core.accounts.createAccount(admin.id, { username: 'sam', displayName: 'Sam Supervisor', role: 'supervisor', passphrase: 'quiet lantern river 1919 second' });
  oluId = (await core.accounts.createAccount(admin.id, { username: 'olu', displayName: 'Olu Operator', role: 'operator', passphrase: pass.olu })).id;
});
afterAll(async () => {
  await core.close();
  dir.remove();
});

async function signIn(username: string, passphrase: string): Promise<{ caller: Caller; state: SessionState }> {
  const caller: Caller = { transport: 'test', session: { id: null } };
  const state = dataOf<SessionState>(await core.dispatch('accounts.signIn', { username, passphrase }, caller));
  return { caller, state };
}

it('an admin resets a passphrase: the person is signed out, and their next sign-in allows only a new passphrase', async () => {
  const desk = await signIn('olu', pass.olu);
  const sam = await signIn('sam', 'quiet lantern river 1919 second');
  expect(await core.dispatch('accounts.resetPassphrase', { accountId: oluId, newPassphrase: temporary }, sam.caller)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  const admin = await signIn('ada', pass.admin);
  const reset = await core.dispatch('accounts.resetPassphrase', { accountId: oluId, newPassphrase: temporary }, admin.caller);
  expect(reset).toMatchObject({ ok: true, data: { username: 'olu', mustChangePassphrase: true } });
  expect(await core.dispatch('channels.list', {}, desk.caller)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });

  const forced = await signIn('olu', temporary);
  expect(forced.state.session).toMatchObject({ state: 'must-change-passphrase', account: { username: 'olu' } });
  for (const [name, input] of [
    ['channels.list', {}],
    ['statements.list', {}],
    ['control.freeze', { scope: '*', reason: 'testing the gate' }],
    ['accounts.reauthenticate', { passphrase: temporary }],
  ] as const) {
    expect(await core.dispatch(name, input, forced.caller), name).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Choose a new passphrase first/) } });
  }
  expect(dataOf<{ frozen: unknown[] }>(await core.dispatch('control.state', {}, admin.caller)).frozen).toEqual([]);
  expect(await core.mayReceive(forced.caller.session, 'feed.items')).toBe(false);
  expect(await core.dispatch('accounts.session', {}, forced.caller)).toMatchObject({ ok: true, data: { session: { state: 'must-change-passphrase' } } });

  const wrong = await core.dispatch('accounts.changeOwnPassphrase', { currentPassphrase: pass.olu, newPassphrase: chosen }, forced.caller);
  expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/^The current passphrase is wrong/) } });
  const changed = await core.dispatch('accounts.changeOwnPassphrase', { currentPassphrase: temporary, newPassphrase: chosen }, forced.caller);
  expect(changed).toMatchObject({ ok: true, data: { session: { state: 'active', account: { mustChangePassphrase: false } } } });
  expect(await core.dispatch('channels.list', {}, forced.caller)).toMatchObject({ ok: true });
  expect(await core.mayReceive(forced.caller.session, 'feed.items')).toBe(true);
});

it('changing your own passphrase signs out your other sessions, not this one', async () => {
  const here = await signIn('olu', chosen);
  const there = await signIn('olu', chosen);
  expect(await core.dispatch('accounts.changeOwnPassphrase', { currentPassphrase: chosen, newPassphrase: 'short' }, here.caller)).toMatchObject({
    ok: false,
    error: { code: 'BAD_INPUT', message: expect.stringContaining('at least 12 characters') },
  });
  dataOf(await core.dispatch('accounts.changeOwnPassphrase', { currentPassphrase: chosen, newPassphrase: changedAgain }, here.caller));
  expect(await core.dispatch('channels.list', {}, here.caller)).toMatchObject({ ok: true });
  expect(await core.dispatch('channels.list', {}, there.caller)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
});

it('the audit log records who changed or reset whose passphrase; no passphrase is in it or in the log file', async () => {
  const entries = await core.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))));
  const passphraseEntries = entries
    .filter((e) => e.action === 'accounts.resetPassphrase' || e.action === 'accounts.changeOwnPassphrase')
    .map((e) => [e.action, e.role, e.target, (JSON.parse(e.details) as { outcome: string }).outcome]);
  expect(passphraseEntries).toEqual([
    ['accounts.resetPassphrase', 'supervisor', oluId, 'FORBIDDEN'],
    ['accounts.resetPassphrase', 'admin', oluId, 'ok'],
    ['accounts.changeOwnPassphrase', 'operator', null, 'UNAUTHENTICATED'],
    ['accounts.changeOwnPassphrase', 'operator', null, 'ok'],
    ['accounts.changeOwnPassphrase', 'operator', null, 'BAD_INPUT'],
    ['accounts.changeOwnPassphrase', 'operator', null, 'ok'],
  ]);
  const log = readFileSync(join(dir.path, 'control-room.log'), 'utf8');
  expect(log).toContain('passphrase change refused for "olu"');
  const everything = JSON.stringify(entries) + log;
  for (const p of [temporary, chosen, changedAgain, pass.olu, pass.admin]) expect(everything).not.toContain(p);
});
