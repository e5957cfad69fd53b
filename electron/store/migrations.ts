// Versioned schema migrations, applied in order at start. PRAGMA user_version holds the version a
// file is at. Never edit a shipped migration: add the next one.
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
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
