// Versioned schema migrations, applied in order at start. PRAGMA user_version holds the version a
// file is at. Never edit a shipped migration: add the next one.
import { auditMigrationSql } from './migrations-audit';
import { controlMigrationSql } from './migrations-control';
import { mediaMigrationSql } from './migrations-media';
import { mustChangePassphraseMigrationSql, peopleMigrationSql } from './migrations-people';
import { supervisionMigrationSql } from './migrations-supervision';
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'channels',
    sql: `
      CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('x', 'wordpress', 'email', 'rss', 'bluesky', 'mastodon')),
        name TEXT NOT NULL,
        -- Non-secret settings only (base URL, account id). Secrets live in the OS keychain;
        -- secret_ref names the keychain entry, never the secret itself.
        config TEXT NOT NULL DEFAULT '{}',
        secret_ref TEXT,
        demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'monitor and ledger',
    sql: `
      -- Every item read back from a channel, stored once (channel + item id), with evidence.
      CREATE TABLE observed_items (
        channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        published_at TEXT,
        text TEXT NOT NULL,
        html TEXT,
        url TEXT,
        raw TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        provenance TEXT NOT NULL CHECK (provenance IN ('verified', 'adopted', 'unverified')),
        matched_by TEXT CHECK (matched_by IN ('item-id', 'adoption', 'content-hash')),
        severity TEXT CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        signals TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'live'
          CHECK (status IN ('live', 'gone', 'retracting', 'retracted', 'impossible', 'failed')),
        status_detail TEXT,
        gone_at TEXT,
        PRIMARY KEY (channel_id, item_id)
      ) STRICT;
      CREATE INDEX observed_items_by_time ON observed_items (channel_id, first_seen_at);
      CREATE INDEX observed_items_unverified ON observed_items (provenance, first_seen_at) WHERE provenance = 'unverified';

      -- The publication ledger: what the app itself published. item_id is NULL while a send's
      -- outcome is unknown; such open entries match by content hash, once.
      CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        item_id TEXT,
        content_hash TEXT NOT NULL,
        statement_id TEXT,
        approvers TEXT NOT NULL DEFAULT '[]',
        published_at TEXT NOT NULL,
        UNIQUE (channel_id, item_id)
      ) STRICT;
      CREATE INDEX publications_open ON publications (channel_id, content_hash) WHERE item_id IS NULL;

      -- Legitimate outside posts a supervisor vouched for.
      CREATE TABLE adoptions (
        channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        adopted_by TEXT NOT NULL,
        reason TEXT NOT NULL,
        adopted_at TEXT NOT NULL,
        PRIMARY KEY (channel_id, item_id)
      ) STRICT;

      -- Where each channel's reading left off, and what its profile looked like.
      CREATE TABLE channel_state (
        channel_id TEXT PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
        cursor TEXT,
        last_read_at TEXT,
        profile TEXT
      ) STRICT;
    `,
  },
  { version: 4, name: 'people and statements', sql: peopleMigrationSql },
  { version: 5, name: 'audit log', sql: auditMigrationSql },
  { version: 6, name: 'freeze, outbox, evidence, retractions', sql: controlMigrationSql },
  {
    version: 7,
    name: 'outbox: what holds a row, as a typed column',
    // Behaviour used to read held_reason's English text; now it reads held_by and the text is only
    // shown. Existing rows are classified by the wording the app wrote up to schema 6 (this is the
    // one place that wording is read, and it never changes: new rows get held_by when written).
    sql: `
      ALTER TABLE outbox ADD COLUMN held_by TEXT
        CHECK (held_by IN ('freeze', 'schedule', 'rate-limit', 'network', 'not-connected', 'resend'));
      UPDATE outbox SET held_by = CASE
          WHEN held_reason LIKE 'Frozen (%' THEN 'freeze'
          WHEN held_reason LIKE 'Scheduled for %' THEN 'schedule'
          WHEN held_reason LIKE 'Rate limited:%' THEN 'rate-limit'
          WHEN held_reason LIKE 'Waiting for the network:%' THEN 'network'
          WHEN held_reason LIKE 'Channel % is not connected;%' THEN 'not-connected'
          WHEN held_reason LIKE 'Not on the channel after an unknown outcome%' THEN 'resend'
        END
        WHERE held_reason IS NOT NULL;
    `,
  },
  { version: 8, name: 'outbox approval windows, confirmations and cancellations; break-glass reviews', sql: supervisionMigrationSql },
  {
    version: 9,
    name: 'learned link domains',
    // Link domains a channel used in verified or adopted items: known, not "unknown", after a restart.
    sql: `
      CREATE TABLE learned_link_domains (
        channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        domain TEXT NOT NULL,
        learned_at TEXT NOT NULL,
        PRIMARY KEY (channel_id, domain)
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'accounts: a passphrase an admin reset must be changed at sign-in',
    sql: mustChangePassphraseMigrationSql,
  },
  { version: 11, name: 'images: media bytes, statement version images, observed and evidence media', sql: mediaMigrationSql },
  {
    version: 12,
    name: 'desks registry',
    // Every running core (a desk) registers here and refreshes last_seen_at; team mode lists them.
    sql: `
      CREATE TABLE desks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        app_version TEXT NOT NULL,
        audit_public_key TEXT,
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 13,
    name: 'outbox claims: lease and fencing token',
    // A claim is the claiming desk's until lease_until; every claim and takeover raises fence, and
    // a write that completes a send is applied only under the fence it was claimed with.
    sql: `
      ALTER TABLE outbox ADD COLUMN lease_until TEXT;
      ALTER TABLE outbox ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 14,
    name: 'one reader per channel',
    // A lease per channel: the desk that holds it reads the channel; token is the fencing token.
    // On SQLite there is one desk and the monitor does not use it; the table keeps the schemas equal.
    sql: `
      CREATE TABLE channel_readers (
        channel_id TEXT PRIMARY KEY,
        desk_id TEXT NOT NULL,
        lease_until INTEGER NOT NULL,
        token INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 15,
    name: 'per-desk credentials; Lock steps name their desk',
    // Which desk holds which credential for which channel (never the secret: that stays in the
    // desk's keychain), so Lock can revoke them one by one; and the desk each Lock step ran on.
    sql: `
      CREATE TABLE desk_credentials (
        id INTEGER PRIMARY KEY,
        channel_id TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('wordpress-application-password', 'x-oauth2', 'mastodon-oauth', 'shared')),
        label TEXT NOT NULL,
        upstream_id TEXT,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX desk_credentials_by_channel ON desk_credentials (channel_id, desk_id);
      ALTER TABLE lock_steps ADD COLUMN desk_id TEXT;
    `,
  },
  {
    version: 16,
    name: 'item revisions: earlier contents of items edited on their channel',
    // An item edited after publication keeps every content it had: the row shows what the channel
    // shows now, and what it replaced is kept here. Append-only and not tied to observed_items, so
    // nothing (not even removing the channel) takes the earlier content away, as with evidence.
    sql: `
      CREATE TABLE item_revisions (
        id INTEGER PRIMARY KEY,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT,
        url TEXT,
        raw TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        provenance TEXT NOT NULL CHECK (provenance IN ('verified', 'adopted', 'unverified')),
        matched_by TEXT CHECK (matched_by IN ('item-id', 'adoption', 'content-hash')),
        replaced_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX item_revisions_by_item ON item_revisions (channel_id, item_id, id);
      CREATE TRIGGER item_revisions_append_only_update BEFORE UPDATE ON item_revisions
      BEGIN SELECT RAISE(ABORT, 'item revisions are append-only'); END;
      CREATE TRIGGER item_revisions_append_only_delete BEFORE DELETE ON item_revisions
      BEGIN SELECT RAISE(ABORT, 'item revisions are append-only'); END;
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
