// Unit tests of the vault's rules over the test-only memory backend, the ref format, the keyring
// error triage and the signing key. The real keychain is exercised in test/integration/vault.test.ts.
import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redact } from '../lib/log';
import { AppError } from '../shared/result';
import { classifyKeyringError } from './keychain-vault';
import { createMemoryVault } from './memory-vault';
import { appSecretRef, channelSecretRef, parseSecretRef } from './secret-ref';
import { getOrCreateSigningKey } from './signing-key';
import { VaultUnavailableError } from './vault';

const site = channelSecretRef('met-website', 'app-password');

describe('secret refs', () => {
  it('accepts channel and app refs and rejects everything else without echoing it', () => {
    expect(channelSecretRef('x-main', 'oauth.token')).toBe('channel:x-main:oauth.token');
    expect(appSecretRef('audit-signing-key')).toBe('app:audit-signing-key');
    for (const bad of ['', 'channel:a', 'channel:A:b', 'channel:a:b:c', 'app:', 'other:a', 'channel:a:b\n', 42, null]) {
      expect(() => parseSecretRef(bad)).toThrow(AppError);
    }
    try {
      parseSecretRef('hunter2-secret-token');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('memory vault (test-only) follows the vault rules', () => {
  it('stores, reads, rotates and removes; channels do not collide', async () => {
    const vault = createMemoryVault();
    const other = channelSecretRef('met-x', 'app-password');
    await vault.put(site, 'first-secret-value');
    await vault.put(other, 'other-secret-value');
    expect(await vault.get(site)).toBe('first-secret-value');
    await vault.rotate(site, 'second-secret-value');
    expect(await vault.get(site)).toBe('second-secret-value');
    expect(await vault.get(other)).toBe('other-secret-value');
    expect(await vault.remove(site)).toBe(true);
    expect(await vault.get(site)).toBeNull();
    expect(await vault.remove(site)).toBe(false);
    expect(await vault.health()).toEqual({ ok: true });
    expect(vault.accounts()).toEqual([other]);
  });

  it('refuses to rotate a missing secret or to "rotate" to the same value, and rejects empty secrets', async () => {
    const vault = createMemoryVault();
    await expect(vault.rotate(site, 'new-secret-value')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await vault.put(site, 'same-secret-value');
    await expect(vault.rotate(site, 'same-secret-value')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(vault.put(site, '')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('registers every secret it reads or writes for redaction', async () => {
    const vault = createMemoryVault();
    await vault.put(site, 'written-then-logged-42');
    expect(redact('token written-then-logged-42 rejected')).toBe('token [redacted] rejected');
  });

  it('reports a locked keychain through health and errors that say what to do', async () => {
    const vault = createMemoryVault();
    vault.simulateLocked(true);
    const health = await vault.health();
    expect(health).toMatchObject({ ok: false, kind: 'locked' });
    await expect(vault.get(site)).rejects.toBeInstanceOf(VaultUnavailableError);
    await expect(vault.put(site, 'whatever-secret')).rejects.toThrow(/unlock/);
  });
});

describe('keyring error triage', () => {
  it('tells an absent Secret Service from a locked one', () => {
    expect(classifyKeyringError('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'linux')).toBe('no-secret-service');
    expect(classifyKeyringError('Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'linux')).toBe('no-secret-service');
    expect(classifyKeyringError("Couldn't access platform storage: Secret Service: no result found", 'linux')).toBe('locked');
    expect(classifyKeyringError("Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'linux')).toBe('locked');
    expect(classifyKeyringError('Entry is matched by 2 credentials: Ambiguous', 'linux')).toBe('ambiguous');
    expect(classifyKeyringError('something else', 'darwin')).toBe('keychain-error');
  });

  it('builds the message the user sees for a missing Secret Service', () => {
    expect(new VaultUnavailableError('no-secret-service').message).toBe(
      "No Secret Service is running: install and unlock GNOME Keyring or KeePassXC's Secret Service, then restart Control Room. " +
        'Real channels cannot be connected until then; the demo newsroom still works.',
    );
  });
});

describe('audit signing key', () => {
  it('is created once, kept in the vault and returned as a working Ed25519 pair', async () => {
    const vault = createMemoryVault();
    const ref = appSecretRef('audit-signing-key');
    const [a, b] = await Promise.all([getOrCreateSigningKey(vault, ref), getOrCreateSigningKey(vault, ref)]);
    const again = await getOrCreateSigningKey(vault, ref);
    expect(a.privateKey.asymmetricKeyType).toBe('ed25519');
    const data = Buffer.from('checkpoint 1');
    const signature = sign(null, data, a.privateKey);
    expect(verify(null, data, b.publicKey, signature)).toBe(true);
    expect(verify(null, data, again.publicKey, signature)).toBe(true);
    const stored = await vault.get(ref);
    expect(stored).not.toBeNull();
    expect(redact(`key=${stored ?? ''}`)).toBe('key=[redacted]');
  });

  it('refuses to replace something that is not an Ed25519 key', async () => {
    const vault = createMemoryVault();
    const ref = appSecretRef('audit-signing-key');
    await vault.put(ref, 'not-a-key-at-all');
    await expect(getOrCreateSigningKey(vault, ref)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await vault.get(ref)).toBe('not-a-key-at-all');
  });
});
