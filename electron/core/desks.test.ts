import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../lib/clock';
import { createLogger } from '../lib/log';
import { openSqliteStore } from '../store/sqlite-store';
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
});
