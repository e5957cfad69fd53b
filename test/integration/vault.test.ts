// The vault against a REAL Secret Service (a private dbus-daemon + gnome-keyring-daemon started by
// test/helpers/secret-service.ts), then the paths where there is none or it is locked: those must
// fail with a message that says what to do, and must not have put the secret anywhere else (no
// file under the temp HOME, nothing in the kernel keyring the unpinned binding would fall back to).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../electron/lib/log';
import { appSecretRef, channelSecretRef, createKeychainVault, getOrCreateSigningKey, VaultUnavailableError, type Vault } from '../../electron/vault';
import { makePrivateHome, runInPrivateSession, startPrivateSecretService, type PrivateRunResult, type PrivateSecretService } from '../helpers/secret-service';
import { makeTempDir } from '../helpers/temp-dir';
import { describeWithPeers } from '../helpers/peer-suite';

const repo = join(import.meta.dirname, '..', '..');

describeWithPeers(['secret-service'], 'vault over a real Secret Service', () => {
  let ss: PrivateSecretService | undefined;
  let restoreEnv = (): void => undefined;
  let vault: Vault;

  beforeAll(async () => {
    ss = await startPrivateSecretService({ unlocked: true });
    restoreEnv = ss.useInThisProcess();
    vault = createKeychainVault({ timeoutMs: 15_000 });
  });
  afterAll(async () => {
    restoreEnv();
    await ss?.stop();
  });

  it('stores, reads, rotates (old value gone) and removes', async () => {
    const ref = channelSecretRef('met-website', 'app-password');
    expect(await vault.get(ref)).toBeNull();
    await vault.put(ref, 'abcd efgh ijkl mnop');
    expect(await vault.get(ref)).toBe('abcd efgh ijkl mnop');
    await vault.rotate(ref, 'qrst uvwx yz12 3456');
    expect(await vault.get(ref)).toBe('qrst uvwx yz12 3456');
    // A fresh vault object reads what the keychain holds, not anything cached.
    expect(await createKeychainVault().get(ref)).toBe('qrst uvwx yz12 3456');
    expect(await vault.remove(ref)).toBe(true);
    expect(await vault.get(ref)).toBeNull();
    expect(await vault.remove(ref)).toBe(false);
    await expect(vault.rotate(ref, 'zzzz-new-value')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("keeps two channels' secrets apart", async () => {
    const x = channelSecretRef('met-x', 'oauth-token');
    const web = channelSecretRef('met-website', 'oauth-token');
    await vault.put(x, 'x-token-1111111');
    await vault.put(web, 'web-token-222222');
    expect(await vault.get(x)).toBe('x-token-1111111');
    expect(await vault.get(web)).toBe('web-token-222222');
    await vault.remove(x);
    expect(await vault.get(web)).toBe('web-token-222222');
    await vault.remove(web);
  });

  it('reports healthy', async () => {
    expect(await vault.health()).toEqual({ ok: true });
  });

  it('keeps the audit signing key across calls', async () => {
    const ref = appSecretRef('audit-signing-key');
    const a = await getOrCreateSigningKey(vault, ref);
    const b = await getOrCreateSigningKey(createKeychainVault(), ref);
    expect(b.publicKey.export({ format: 'der', type: 'spki' })).toEqual(a.publicKey.export({ format: 'der', type: 'spki' }));
    await vault.remove(ref);
  });

  it('never lets a secret it handled reach a log file', async () => {
    const dir = makeTempDir('vault-log');
    try {
      const file = join(dir.path, 'control-room.log');
      const log = createLogger({ file, quiet: true });
      const ref = channelSecretRef('met-email', 'smtp-password');
      const written = 'smtp-pw-Zq7!written';
      const rotated = 'smtp-pw-Kx9!rotated';
      await vault.put(ref, written);
      await vault.rotate(ref, rotated);
      const read = await vault.get(ref);
      log.error(`login failed with password ${read ?? ''}`, new Error(`535 auth failed for ${written} and ${rotated}`));
      log.warn(`retrying with ${written}`);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('login failed with password [redacted]');
      expect(text).not.toContain(written);
      expect(text).not.toContain(rotated);
      await vault.remove(ref);
    } finally {
      dir.remove();
    }
  });

  it('persists in the keyring file: the secret survives a restart of the keyring (a new login)', async () => {
    const ref = channelSecretRef('met-website', 'persisted');
    await vault.put(ref, 'persisted-secret-value');
    if (!ss) throw new Error('no Secret Service (see beforeAll)');
    const home = ss.home;
    // Same HOME, new bus and daemon: exactly what a logout and login look like to the keyring.
    const again = await runInPrivateSession('keyring-unlocked', readBackScript(ref), { home });
    expect(again.output).toEqual({ value: 'persisted-secret-value' });
    await vault.remove(ref);
  });
});

const secret = 'must-never-land-anywhere-4711';

function readBackScript(ref: string): string {
  return `
const { createKeychainVault } = await import(${JSON.stringify(pathToFileURL(join(repo, 'electron/vault/index.ts')).href)});
console.log(JSON.stringify({ value: await createKeychainVault({ timeoutMs: 10000 }).get(${JSON.stringify(ref)}) }));
`;
}

/** Tries to store and read a secret, then looks for it in the kernel keyring and the unpinned default store. */
function probeScript(mode: 'put' | 'get'): string {
  const url = (p: string): string => JSON.stringify(pathToFileURL(join(repo, p)).href);
  return `
const { createKeychainVault, channelSecretRef } = await import(${url('electron/vault/index.ts')});
const { Entry } = await import(${url('node_modules/@napi-rs/keyring/index.js')});
const describe = (e) => ({ name: e?.name, code: e?.code, kind: e?.kind, message: e?.message });
const out = {};
const ref = channelSecretRef('probe-channel', 'app-password');
const vault = createKeychainVault({ timeoutMs: 10000 });
if (${JSON.stringify(mode)} === 'put') {
  try { await vault.put(ref, ${JSON.stringify(secret)}); out.put = 'stored'; } catch (e) { out.put = describe(e); }
}
try { const v = await vault.get(ref); out.get = v === null ? null : v === ${JSON.stringify(secret)} ? 'the secret' : 'something else'; } catch (e) { out.get = describe(e); }
out.health = await vault.health();
// Where the unpinned binding would have fallen back to: the kernel keyring, and the default store.
try { out.kernel = new Entry('control-room', ref, { linux: { store: 'keyutils' } }).getPassword(); } catch (e) { out.kernel = 'error: ' + e.message; }
try { out.defaultStore = new Entry('control-room', ref).getPassword(); } catch (e) { out.defaultStore = 'error: ' + e.message; }
// Whether the kernel keyring works here at all (containers often deny it), to know what "null" proves.
try {
  const canary = new Entry('control-room-test-canary', String(process.pid), { linux: { store: 'keyutils' } });
  canary.setPassword('canary-value');
  out.kernelUsable = canary.getPassword() === 'canary-value';
  canary.deleteCredential();
} catch (e) { out.kernelUsable = false; out.kernelError = e.message; }
console.log(JSON.stringify(out));
`;
}

interface ProbeOutput {
  put?: unknown;
  get: unknown;
  health: unknown;
  kernel: unknown;
  defaultStore: unknown;
  kernelUsable: boolean;
}

const noSecretService = {
  name: 'VaultUnavailableError',
  code: 'UNAVAILABLE',
  kind: 'no-secret-service',
  message: new VaultUnavailableError('no-secret-service').message,
};
const locked = { name: 'VaultUnavailableError', code: 'UNAVAILABLE', kind: 'locked', message: new VaultUnavailableError('locked').message };

function expectNothingLeaked(r: PrivateRunResult): ProbeOutput {
  expect(r.exitCode, r.stderr).toBe(0);
  const out = r.output as ProbeOutput;
  // Not written to any file under HOME, XDG_RUNTIME_DIR or TMPDIR (gnome-keyring's own files aside).
  expect(r.written).toEqual([]);
  // Not in the kernel keyring and not in whatever the unpinned default store is.
  expect(out.kernel).toBeNull();
  expect(out.defaultStore === null || String(out.defaultStore).startsWith('error:'), String(out.defaultStore)).toBe(true);
  // Error messages, output and logs never carry the secret.
  expect(r.stdout + r.stderr).not.toContain(secret);
  return out;
}

describeWithPeers(['secret-service'], 'vault when the keychain cannot be used', () => {
  it('with no session bus at all: clear UNAVAILABLE error, no kernel-keyring or file fallback', async () => {
    const out = expectNothingLeaked(await runInPrivateSession('no-bus', probeScript('put')));
    expect(out.put).toEqual(noSecretService);
    expect(out.get).toEqual(noSecretService);
    expect(out.health).toMatchObject({ ok: false, kind: 'no-secret-service', reason: 'No Secret Service is running' });
    console.info(`kernel keyring usable in this environment: ${String(out.kernelUsable)}`);
  });

  it('with a session bus on which nothing provides the Secret Service', async () => {
    const out = expectNothingLeaked(await runInPrivateSession('bus-without-secret-service', probeScript('put')));
    expect(out.put).toEqual(noSecretService);
    expect(out.health).toMatchObject({ ok: false, kind: 'no-secret-service' });
  });

  it('with gnome-keyring running but never unlocked (no default keyring)', async () => {
    const r = await runInPrivateSession('keyring-locked', probeScript('put'));
    const out = expectNothingLeaked(r);
    expect(out.put).toEqual(locked);
    expect(out.health).toMatchObject({ ok: false, kind: 'locked' });
    expect(r.sessionFiles.filter((p) => p.endsWith('.keyring'))).toEqual([]);
  });

  it('with an existing keyring that is locked: reads fail loudly instead of answering "nothing stored"', async () => {
    const home = makePrivateHome();
    try {
      const seeded = await runInPrivateSession('keyring-unlocked', probeScript('put'), { home });
      expect((seeded.output as ProbeOutput).put, seeded.stderr).toBe('stored');
      const r = await runInPrivateSession('keyring-locked', probeScript('get'), { home });
      const out = expectNothingLeaked(r);
      expect(out.get).toEqual(locked);
      expect(out.health).toMatchObject({ ok: false, kind: 'locked' });
    } finally {
      home.remove();
    }
  });
});
