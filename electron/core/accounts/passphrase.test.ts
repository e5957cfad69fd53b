import { describe, expect, it } from 'vitest';
import { needsFreshAuth } from './fresh-auth';
import { defaultScryptParams, hashPassphrase, needsRehash, verifyPassphrase } from './passphrase-hash';
import { passphraseProblems } from './passphrase-strength';

describe('scrypt passphrase hashes', () => {
  it('verifies the right passphrase, refuses a wrong one, and never contains the passphrase', async () => {
    const passphrase = 'river-lantern-copper-9';
    const stored = await hashPassphrase(passphrase);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(passphrase);
    expect(stored).not.toContain(Buffer.from(passphrase).toString('base64'));
    expect(await verifyPassphrase(passphrase, stored)).toBe(true);
    expect(await verifyPassphrase('river-lantern-copper-8', stored)).toBe(false);
    expect(needsRehash(stored, defaultScryptParams)).toBe(false);
  });

  it('salts every hash, so two people with the same passphrase get different hashes', async () => {
    const params = { N: 2 ** 10, r: 8, p: 1 };
    const [a, b] = await Promise.all([hashPassphrase('same passphrase here', params), hashPassphrase('same passphrase here', params)]);
    expect(a).not.toBe(b);
    expect(needsRehash(a, defaultScryptParams)).toBe(true);
  });

  it('treats composed and decomposed accents as the same passphrase', async () => {
    const params = { N: 2 ** 10, r: 8, p: 1 };
    const stored = await hashPassphrase('caf\u00e9 au lait matin', params);
    expect(await verifyPassphrase('cafe\u0301 au lait matin', stored)).toBe(true);
  });

  it('answers false for a malformed or tampered stored hash instead of throwing', async () => {
    expect(await verifyPassphrase('anything at all', 'not-a-hash')).toBe(false);
    expect(await verifyPassphrase('anything at all', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA')).toBe(false);
  });
});

describe('passphrase strength', () => {
  it('names the length rule with the count', () => {
    expect(passphraseProblems('short pass', 'alice')).toEqual([
      'Use at least 12 characters (this one has 10); a few unrelated words work well.',
    ]);
  });

  it('refuses common passphrases whatever the case or separators', () => {
    for (const p of ['Password1234', 'correct horse battery staple', 'Correct-Horse-Battery-Staple', 'qwerty123456']) {
      expect(passphraseProblems(p, 'alice').join(' ')).toMatch(/commonly used/);
    }
  });

  it('refuses a passphrase containing the username', () => {
    expect(passphraseProblems('Alice-likes-long-walks', 'alice')).toEqual(['The passphrase must not contain your username.']);
  });

  it('refuses one repeated character and accepts a real passphrase', () => {
    expect(passphraseProblems('aaaaaaaaaaaaaaaa', 'bob').join(' ')).toMatch(/more than one or two different characters/);
    expect(passphraseProblems('tidal-orchard-violet-stone', 'alice')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passphraseProblems('😀😀😀😀😀😀🎉🎉🎉🎉🎉', 'alice')[0]).toMatch(/this one has 11/);
  });
});

describe('needsFreshAuth', () => {
  it('covers approve, publish, unfreeze, adopt, lock and account changes, but not self-service', () => {
    for (const name of ['statements.approve', 'templates.approve', 'control.unfreeze', 'control.lock', 'statements.publish', 'provenance.adopt', 'accounts.create', 'accounts.setRole', 'accounts.disable', 'accounts.resetPassphrase', 'feeds.adopt']) {
      expect(needsFreshAuth(name), name).toBe(true);
    }
    for (const name of ['accounts.signIn', 'accounts.lockSession', 'accounts.reauthenticate', 'accounts.changeOwnPassphrase', 'control.freeze', 'statements.saveDraft', 'app.status']) {
      expect(needsFreshAuth(name), name).toBe(false);
    }
  });
});
