// The pin file: real files in a temp dir. What a user would notice: pins survive a restart, a pin is
// never replaced by a different key, and a damaged file stops with its path and what to do instead
// of being reset (a reset would trust whatever key the database shows next).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deskTrust } from './desk-trust';
import { keyPinStore, keyPinsFileName } from './key-pins';
import { keyFingerprint, publicKeyToBase64 } from './signing';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cr-pins-'));
  dirs.push(d);
  return d;
};
const newKey = () => generateKeyPairSync('ed25519').publicKey;
const at = new Date('2026-12-06T10:00:00Z');

describe('audit key pin file', () => {
  it('keeps pins across opens, adds a second key beside the first, and leaves no temp file', () => {
    const dir = tempDir();
    const [k1, k2] = [keyFingerprint(newKey()), keyFingerprint(newKey())];
    expect(keyPinStore(dir).read()).toEqual({});
    expect(keyPinStore(dir).pin('desk-b', 'Desk B', k1, 'first seen', at)).toBe(true);
    expect(keyPinStore(dir).pin('desk-b', 'Desk B', k1, 'first seen', at)).toBe(false);
    keyPinStore(dir).pin('desk-b', 'Desk B', k2, 'fingerprint checked', at);
    expect(keyPinStore(dir).read()['desk-b']?.keys.map((k) => [k.fingerprint, k.how])).toEqual([[k1, 'first seen'], [k2, 'fingerprint checked']]);
    expect(readdirSync(dir)).toEqual([keyPinsFileName]);
  });

  it.each([
    ['not JSON', '{"format": "control-room audit key pins 1", "desks": {', /not JSON/],
    ['another format', '{"desks": {}}', /not a pin file/],
    ['a bad fingerprint', '{"format": "control-room audit key pins 1", "desks": {"d": {"name": "D", "keys": [{"fingerprint": "abc", "pinnedAt": "x", "how": "first seen"}]}}}', /key entry/],
  ])('a file that is %s is an error naming the file and what to do, and is left as it was', (_what, text, why) => {
    const dir = tempDir();
    const file = join(dir, keyPinsFileName);
    writeFileSync(file, text);
    const store = keyPinStore(dir);
    expect(() => store.read()).toThrow(why);
    expect(() => store.read()).toThrow(file);
    expect(() => store.read()).toThrow(/not reset.*control-room desks trust/);
    // Pinning through a damaged file refuses too, instead of starting a new file from nothing.
    expect(() => store.pin('d', 'D', keyFingerprint(newKey()), 'first seen', at)).toThrow(file);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });
});

describe('desk trust', () => {
  const own = newKey();
  const b = newKey();
  const attacker = newKey();
  const record = (id: string, name: string, key: ReturnType<typeof newKey>) => ({
    id, name, host: 'h', appVersion: '0.1.0', auditPublicKey: publicKeyToBase64(key), startedAt: at.toISOString(), lastSeenAt: at.toISOString(),
  });
  const pins = { 'desk-b': { name: 'Desk B', keys: [{ fingerprint: keyFingerprint(b), pinnedAt: at.toISOString(), how: 'first seen' as const }] } };

  it('trusts its own and pinned keys by desk name, names a replaced registry key, and holds an unpinned desk as not yet trusted', () => {
    const desks = [record('self', 'Desk A', own), record('desk-b', 'Desk B', b), record('desk-x', 'Night Desk', attacker)];
    const t = deskTrust({ selfId: 'self', ownKeys: [own], desks, pins });
    expect(t.judge(own)).toEqual({ trusted: true, signer: 'Desk A (this desk)' });
    expect(t.judge(b)).toEqual({ trusted: true, signer: 'Desk B' });
    expect(t.judge(attacker)).toMatchObject({ trusted: false, notTrusted: true, problem: expect.stringContaining(`control-room desks trust desk-x --fingerprint ${keyFingerprint(attacker)}`) });
    expect(t.judge(newKey())).toMatchObject({ trusted: false, problem: expect.stringContaining('forged?') });
    expect(t.registryProblems).toEqual([]);
    expect(t.notYetTrusted).toEqual([{ id: 'desk-x', name: 'Night Desk', fingerprint: keyFingerprint(attacker) }]);

    const replaced = deskTrust({ selfId: 'self', ownKeys: [own], desks: [record('self', 'Desk A', own), record('desk-b', 'Desk B', attacker)], pins });
    expect(replaced.registryProblems).toEqual([expect.stringMatching(/^desk "Desk B"'s key in the registry .* is not the one this desk pinned on 2026-12-06 .*replaced in the database\?/)]);
    // B's real key still vouches for what B signed; the replacement key vouches for nothing.
    expect(replaced.judge(b)).toMatchObject({ trusted: true });
    expect(replaced.judge(attacker)).toMatchObject({ trusted: false, problem: expect.stringContaining('replaced in the database?') });
  });
});
