// Migration 16 on SQLite: an edited item's earlier contents are kept in item_revisions, which
// nothing may rewrite or delete (the same rule the PostgreSQL suite checks for its app role).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from './database';
import { latestSchemaVersion } from './migrations';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './repositories';

let dir: string;
let file: string;
let store: Store | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-revisions-'));
  file = join(dir, 'control-room.db');
});
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a schema 15 database upgraded keeps an edited item\'s earlier content, and no one can rewrite or delete it', async () => {
  openDatabase(file, { targetVersion: 15 }).close();
  store = openSqliteStore(file);
  expect(store.schemaVersion).toBe(latestSchemaVersion);
  await store.channels.upsert({ id: 'wp', kind: 'wordpress', name: 'Website', config: {}, secretRef: null, demo: false, createdAt: '2019-07-19T22:00:00Z' });
  await store.monitor.insertNew([
    { channelId: 'wp', itemId: '7', firstSeenAt: '2019-07-19T22:00:00Z', publishedAt: null, text: 'Road closed', html: '<p>Road closed</p>', url: null, raw: '{}', contentHash: 'h1', provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [], status: 'live', statusDetail: null },
  ]);
  await store.monitor.recordEdit({ channelId: 'wp', itemId: '7', observedAt: '2019-07-19T23:04:00Z', text: 'abuse', html: '<p>abuse</p>', url: null, raw: '{"v":2}', contentHash: 'h2', provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [] });
  const raw = new DatabaseSync(file);
  try {
    expect(() => raw.exec("UPDATE item_revisions SET text = 'rewritten'")).toThrow('item revisions are append-only');
    expect(() => raw.exec('DELETE FROM item_revisions')).toThrow('item revisions are append-only');
  } finally {
    raw.close();
  }
  expect((await store.monitor.revisions('wp', '7')).map((r) => [r.text, r.provenance, r.replacedAt])).toEqual([['Road closed', 'verified', '2019-07-19T23:04:00Z']]);
  expect(await store.monitor.get('wp', '7')).toMatchObject({ text: 'abuse', provenance: 'unverified', severity: 'critical' });
});
