// Actions through the contract land in the audit log (allowed and refused, never a secret), and
// `control-room audit verify` checks the chain and names the first bad entry when it is tampered.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/test-core';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'control-room.mjs');
let t: TestCore;

beforeAll(async () => {
  t = await makeTestCore();
  const admin = await t.signedIn('admin');
  const op = await t.signedIn('operator');
  await t.core.dispatch('settings.set', { key: 'monitor.pollIntervalMs', value: '1000' }, admin);
  await t.core.dispatch('settings.set', { key: 'monitor.pollIntervalMs', value: '500' }, op);
  await t.core.dispatch('accounts.signIn', { username: 'ada', passphrase: 'not the passphrase at all' }, { transport: 'test', session: { id: null } });
});
afterAll(async () => {
  await t.close();
});

async function verify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [bin, 'audit', 'verify', '--data-dir', t.dir]);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

function entries(): { seq: number; actor: string; action: string; details: string }[] {
  const db = new DatabaseSync(join(t.dir, 'control-room.db'), { readOnly: true });
  const rows = db.prepare('SELECT seq, actor, action, details FROM audit_entries ORDER BY seq').all() as { seq: number; actor: string; action: string; details: string }[];
  db.close();
  return rows;
}

describe('audit log', () => {
  it('records allowed and refused actions, and a failed sign-in, without any passphrase', () => {
    const rows = entries();
    const actions = rows.map((r) => `${r.action}:${(JSON.parse(r.details) as { outcome: string }).outcome}`);
    expect(actions).toContain('settings.set:ok');
    expect(actions).toContain('settings.set:FORBIDDEN');
    expect(actions).toContain('accounts.signIn:UNAUTHENTICATED');
    expect(JSON.stringify(rows)).not.toContain('not the passphrase at all');
    expect(JSON.stringify(rows)).not.toContain(t.passphrase('admin'));
  });

  it('verifies an untouched log', async () => {
    const { code, stdout } = await verify();
    expect(code).toBe(0);
    expect(stdout).toMatch(/Audit log OK: \d+ entries/);
  });

  it('names the entry when one byte of it is changed', async () => {
    await t.core.close();
    const db = new DatabaseSync(join(t.dir, 'control-room.db'));
    // An attacker with the file can drop the triggers; the hash chain is what catches them.
    db.exec('DROP TRIGGER audit_entries_append_only_update');
    db.exec("UPDATE audit_entries SET action = 'settings.sez' WHERE seq = 2");
    db.close();
    const { code, stdout } = await verify();
    expect(code).toBe(1);
    expect(stdout).toContain('entry 2');
    expect(stdout).toContain('FAILED');
    await t.restart();
  });
});
