import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../lib/clock';
import { createLogger } from '../lib/log';
import { openSqliteStore } from '../store/sqlite-store';
import { generateKeyPairSync } from 'node:crypto';
import { keyPinStore } from './audit/key-pins';
import { keyFingerprint, publicKeyToBase64 } from './audit/signing';
import { createDeskPresence, deskHeartbeatMs, deskIdOf, deskNameOf } from './desks';

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cr-desks-'));
  dirs.push(d);
  return d;
};

describe('this core as a desk', () => {
  it('keeps one id per data directory and is named by --desk-name or the host name', () => {
    const dir = tempDir();
    const id = deskIdOf(dir);
    expect(deskIdOf(dir)).toBe(id);
    expect(readFileSync(join(dir, 'desk-id'), 'utf8').trim()).toBe(id);
    expect(deskIdOf(tempDir())).not.toBe(id);
    expect(deskNameOf('  Night desk ')).toBe('Night desk');
    expect(deskNameOf(undefined).length).toBeGreaterThan(0);
    expect(deskNameOf('x'.repeat(100))).toHaveLength(64);
  });

  it('registers at start, is seen every 10 s, and goes offline after 30 s unseen', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = openSqliteStore(join(tempDir(), 'control-room.db'));
    const clock = createManualClock('2026-12-06T10:00:00Z');
    const presence = createDeskPresence({ repo: store.desks, id: 'desk-1', name: 'Press desk', appVersion: '0.1.0', clock, logger: createLogger({ quiet: true }), publicKeys: () => undefined, team: false });
    await presence.start();
    expect(await presence.list()).toMatchObject([{ name: 'Press desk', online: true, self: true, lastSeenAt: '2026-12-06T10:00:00.000Z' }]);
    // One desk on SQLite reads every channel: no reader leases to show.
    expect(await presence.readers(['x', 'website'])).toEqual({ team: false, channels: [] });

    clock.advance(deskHeartbeatMs);
    await vi.advanceTimersByTimeAsync(deskHeartbeatMs);
    expect((await presence.list())[0]?.lastSeenAt).toBe('2026-12-06T10:00:10.000Z');

    presence.stop();
    clock.advance(31_000);
    expect((await presence.list())[0]?.online).toBe(false);

    await store.close();
  });

  it('pins its own key at start, another desk on first sight at the next heartbeat, and never replaces a pin from the registry', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = tempDir();
    const store = openSqliteStore(join(dir, 'control-room.db'));
    const clock = createManualClock('2026-12-06T10:00:00Z');
    const newKey = () => generateKeyPairSync('ed25519').publicKey;
    const [own, other, replacement] = [newKey(), newKey(), newKey()];
    const pins = keyPinStore(dir);
    const presence = createDeskPresence({ repo: store.desks, id: 'desk-a', name: 'Desk A', appVersion: '0.1.0', clock, logger: createLogger({ quiet: true }), publicKeys: () => [own], pins, team: true });
    await presence.start();
    expect(Object.keys(pins.read())).toEqual(['desk-a']);
    const registerB = (key: typeof other) =>
      store.desks.register({ id: 'desk-b', name: 'Desk B', host: 'b', appVersion: '0.1.0', auditPublicKey: publicKeyToBase64(key), startedAt: clock.now().toISOString(), lastSeenAt: clock.now().toISOString() });
    await registerB(other);
    expect((await presence.list()).find((d) => d.id === 'desk-b')).toMatchObject({ keyFingerprint: keyFingerprint(other), keyTrust: 'not yet trusted' });

    await vi.advanceTimersByTimeAsync(deskHeartbeatMs);
    expect(pins.read()['desk-b']?.keys).toEqual([{ fingerprint: keyFingerprint(other), pinnedAt: '2026-12-06T10:00:00.000Z', how: 'first seen' }]);
    expect((await presence.list()).find((d) => d.id === 'desk-b')?.keyTrust).toBe('pinned');

    await registerB(replacement);
    await vi.advanceTimersByTimeAsync(deskHeartbeatMs);
    expect(pins.read()['desk-b']?.keys.map((k) => k.fingerprint)).toEqual([keyFingerprint(other)]);
    expect((await presence.list()).find((d) => d.id === 'desk-b')?.keyTrust).toBe('key differs from pin');
    presence.stop();
    await store.close();
  });
});
