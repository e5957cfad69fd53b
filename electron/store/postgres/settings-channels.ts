// PostgreSQL storage of settings and of the configured channels (interfaces in repositories.ts).
// Only non-secret channel settings live here; secret_ref names a keychain entry on each desk.
import type { ChannelKind } from '../../channels/types';
import type { ChannelRow } from '../records';
import type { AsyncChannelsRepository, AsyncSettingsRepository } from './async-store';
import { queries, str, optStr, type Row } from './rows';
import type { PgSession } from './transaction';

export function createPostgresSettingsRepository(s: PgSession): AsyncSettingsRepository {
  const { one } = queries(s);
  return {
    get: async (key) => optStr((await one('SELECT value FROM settings WHERE key = $1', [key]))?.value),
    set: async (key, value, at) => {
      await s.query(
        'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [key, value, at.toISOString()],
      );
    },
  };
}

const toChannel = (r: Row): ChannelRow => ({
  id: str(r.id),
  kind: str(r.kind) as ChannelKind,
  name: str(r.name),
  config: JSON.parse(str(r.config)) as Record<string, unknown>,
  secretRef: optStr(r.secret_ref),
  demo: r.demo === true,
  createdAt: str(r.created_at),
});

export function createPostgresChannelsRepository(s: PgSession): AsyncChannelsRepository {
  const { all, one, changes } = queries(s);
  return {
    // COLLATE "C": the same byte order as SQLite, whatever the database's locale.
    list: async () => (await all('SELECT * FROM channels ORDER BY created_at COLLATE "C", id COLLATE "C"')).map(toChannel),
    get: async (id) => {
      const r = await one('SELECT * FROM channels WHERE id = $1', [id]);
      return r ? toChannel(r) : null;
    },
    upsert: async (row) => {
      await s.query(
        `INSERT INTO channels (id, kind, name, config, secret_ref, demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, config = excluded.config,
           secret_ref = excluded.secret_ref, demo = excluded.demo`,
        [row.id, row.kind, row.name, JSON.stringify(row.config), row.secretRef, row.demo, row.createdAt],
      );
    },
    remove: async (id) => (await changes('DELETE FROM channels WHERE id = $1', [id])) > 0,
  };
}
