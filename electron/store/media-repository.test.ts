import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { latestSchemaVersion } from './migrations';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './repositories';

let dir: string;
let file: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-media-'));
  file = join(dir, 'control-room.db');
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const bytes = new Uint8Array([1, 2, 3, 4]);
const media = { sha256: 'a'.repeat(64), mime: 'image/png' as const, width: 2, height: 2, bytes, addedBy: 'olu', addedAt: '2019-07-19T22:00:00Z' };

describe('media repository (migration 11)', () => {
  it('upgrades a schema 10 database and keeps images, in the file, across a restart', async () => {
    openDatabase(file, { targetVersion: 10 }).close();
    store = openSqliteStore(file);
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    await store.media.putMedia(media);
    await store.media.putMedia({ ...media, addedBy: 'someone else' });
    await store.close();
    store = openSqliteStore(file);
    expect(await store.media.getMedia(media.sha256)).toMatchObject({ addedBy: 'olu', size: 4, bytes });
    expect(await store.media.shownImage(media.sha256)).toEqual({ mime: 'image/png', bytes });
    expect(await store.media.shownImage('b'.repeat(64))).toBeNull();
  });

  it('shows a read-back image only when inspection passed it; evidence copies are append-only', async () => {
    store = openSqliteStore(file);
    await store.channels.upsert({ id: 'x', kind: 'x', name: 'X', config: {}, secretRef: null, demo: false, createdAt: '2019-07-19T22:00:00Z' });
    await store.monitor.insertNew([
      { channelId: 'x', itemId: '1', firstSeenAt: 't', publishedAt: null, text: 'hi', html: null, url: null, raw: '{}', contentHash: 'h', provenance: 'unverified', matchedBy: null, severity: 'high', signals: [], status: 'live', statusDetail: null },
    ]);
    const base = { mime: 'image/png', alt: null, width: 2, height: 2 };
    await store.media.setObservedMedia('x', '1', [
      { ...base, position: 0, ref: 'm1', sha256: 'c'.repeat(64), bytes, state: 'shown', reason: null },
      { ...base, position: 1, ref: 'm2', sha256: 'd'.repeat(64), bytes, state: 'withheld', reason: 'SVG is not accepted' },
    ]);
    expect((await store.media.observedMedia('x', '1')).map((m) => [m.ref, m.state])).toEqual([['m1', 'shown'], ['m2', 'withheld']]);
    expect(await store.media.shownImage('c'.repeat(64))).not.toBeNull();
    expect(await store.media.shownImage('d'.repeat(64))).toBeNull();
    const page = await store.media.observedMediaOf('x', ['1', 'absent']);
    expect([...page.keys()]).toEqual(['1']);
    expect(page.get('1')?.map((m) => m.ref)).toEqual(['m1', 'm2']);
  });
});
