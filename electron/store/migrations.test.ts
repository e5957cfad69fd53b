import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { heldByValues } from '../shared/contract-control';
import { openDatabase } from './database';
import { openSqliteStore } from './sqlite-store';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-migrate-'));
  file = join(dir, 'control-room.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The held reasons the app wrote up to schema 6, word for word, and what each one meant. */
const schema6Rows: readonly { channel: string; status: string; heldReason: string | null; heldBy: string | null }[] = [
  { channel: 'x', status: 'queued', heldReason: 'Frozen (all channels) by op-1 at 2019-07-19T22:00:00.000Z: hijacked', heldBy: 'freeze' },
  { channel: 'web', status: 'queued', heldReason: 'Frozen (channel web) by op-1 at 2019-07-19T22:00:00.000Z: ', heldBy: 'freeze' },
  { channel: 'mail', status: 'queued', heldReason: 'Scheduled for 2019-07-20T08:00:00.000Z.', heldBy: 'schedule' },
  { channel: 'bsky', status: 'queued', heldReason: "Rate limited: waiting for the channel's reset at 2019-07-19T22:15:00.000Z.", heldBy: 'rate-limit' },
  {
    channel: 'masto',
    status: 'queued',
    heldReason: 'Waiting for the network: connect ECONNREFUSED Retrying at 2019-07-19T22:00:05.000Z, or as soon as the channel answers again.',
    heldBy: 'network',
  },
  { channel: 'rss', status: 'queued', heldReason: 'Channel rss is not connected; it waits until it is.', heldBy: 'not-connected' },
  { channel: 'wp', status: 'queued', heldReason: 'Not on the channel after an unknown outcome: sending again.', heldBy: 'resend' },
  { channel: 'x2', status: 'sent', heldReason: null, heldBy: null },
];

function seedSchema6(): void {
  const old = openDatabase(file, { targetVersion: 6 });
  expect(old.schemaVersion).toBe(6);
  const insert = old.db.prepare(
    `INSERT INTO outbox (statement_id, channel_id, variant, content_hash, status, held_reason, requested_by, requested_role, created_at, updated_at)
     VALUES ('st-1', ?, '{"text":"hello"}', 'h', ?, ?, 'sup-1', 'supervisor', 'then', 'then')`,
  );
  for (const r of schema6Rows) insert.run(r.channel, r.status, r.heldReason);
  old.close();
}

describe('migration 7: what holds an outbox row becomes a column', () => {
  it('upgrades a schema 6 database: every held row keeps its hold, typed, and its text', async () => {
    seedSchema6();
    const store = openSqliteStore(file);
    try {
      expect(store.schemaVersion).toBeGreaterThanOrEqual(7);
      const rows = await store.control.outboxByStatement('st-1');
      expect(rows.map((r) => ({ channel: r.channelId, status: r.status, heldReason: r.heldReason, heldBy: r.heldBy }))).toEqual(schema6Rows);
    } finally {
      await store.close();
    }
  });

  it('stores every hold the contract knows, and refuses one it does not', async () => {
    const store = openSqliteStore(file);
    try {
      const row = (channelId: string, by: string) =>
        store.control.insertOutbox({
          statementId: 'st-2', channelId, variant: { title: null, text: 'hi', html: null }, contentHash: 'h', approvers: [], notBefore: null,
          held: { by: by as (typeof heldByValues)[number], reason: `held by ${by}` }, requestedBy: 'sup-1', requestedRole: 'supervisor', throughFreeze: false, at: 'now',
        });
      for (const by of heldByValues) expect((await row(`c-${by}`, by)).heldBy).toBe(by);
      // The CHECK constraint refuses a value the contract does not know (nothing is stored).
      await expect(row('c-typo', 'frozen')).rejects.toThrow();
      expect((await store.control.outboxByStatement('st-2')).map((r) => r.channelId)).not.toContain('c-typo');
    } finally {
      await store.close();
    }
  });
});

describe('migration 8: approval windows on queued sends, break-glass reviews', () => {
  it('upgrades a schema 7 database: queued rows keep the window they were approved under; holds and break-glass links carry over', async () => {
    const old = openDatabase(file, { targetVersion: 7 });
    old.db.exec(`
      INSERT INTO accounts (id, username, display_name, role, passphrase_hash, disabled, created_at, updated_at)
        VALUES ('sup-1', 'sam', 'Sam', 'supervisor', 'scrypt$unused', 0, 'then', 'then');
      INSERT INTO statement_templates (id, name, current_version, created_at, updated_at) VALUES ('tpl', 'Holding', 1, 'then', 'then');
      INSERT INTO break_glass_authorisations (id, template_id, template_version, supervisor_id, reason, filled_values, content, content_hash, issued_at, expires_at)
        VALUES ('bg-1', 'tpl', 1, 'sup-1', 'hijacked', '[]', '{"title":"t","variants":{}}', 'h', '2019-07-19T22:00:00.000Z', '2019-07-19T22:15:00.000Z');
      INSERT INTO statements (id, author_id, status, current_version, created_at, updated_at) VALUES ('st-1', 'sup-1', 'published', 1, 'then', 'then');
      INSERT INTO statement_reviews (id, statement_id, version, content_hash, reviewer_id, decision, decided_at, expires_at)
        VALUES ('r-1', 'st-1', 1, 'h', 'sup-1', 'approved', '2019-07-19T21:00:00.000Z', '2019-07-19T23:00:00.000Z');
    `);
    const insert = old.db.prepare(
      `INSERT INTO outbox (statement_id, channel_id, variant, content_hash, status, held_by, held_reason, requested_by, requested_role, created_at, updated_at)
       VALUES (?, 'x', '{"text":"hello"}', 'h', ?, ?, ?, 'sup-1', 'supervisor', 'then', 'then')`,
    );
    insert.run('st-1', 'queued', 'network', 'Waiting for the network: down. Retrying at then, or as soon as the channel answers again.');
    insert.run('break-glass-bg-1', 'queued', 'freeze', 'Frozen (all channels) by op-1 at then: hijacked');
    insert.run('st-2', 'sent', null, null);
    old.close();

    const store = openSqliteStore(file);
    try {
      expect(store.schemaVersion).toBeGreaterThanOrEqual(8);
      expect((await store.control.outboxByStatement('st-1'))[0]).toMatchObject({ heldBy: 'network', approvedUntil: '2019-07-19T23:00:00.000Z', breakGlassId: null });
      expect((await store.control.outboxByStatement('break-glass-bg-1'))[0]).toMatchObject({ heldBy: 'freeze', approvedUntil: '2019-07-19T22:15:00.000Z', breakGlassId: 'bg-1' });
      expect((await store.control.outboxByStatement('st-2'))[0]).toMatchObject({ status: 'sent', approvedUntil: null, confirmedBy: null, cancelledBy: null });
      expect((await store.statements.getBreakGlass('bg-1'))?.review).toBeNull();
    } finally {
      await store.close();
    }
  });
});
