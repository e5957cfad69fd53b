// SQLite storage of settings (the SettingsRepository interface is in repositories.ts).
import type { DatabaseSync } from 'node:sqlite';
import type { SettingsRepository } from './repositories';
import { gated } from './transaction';

export function createSqliteSettingsRepository(db: DatabaseSync): SettingsRepository {
  const select = db.prepare('SELECT value FROM settings WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  return gated<SettingsRepository>(db, {
    get: (key) => (select.get(key) as { value: string } | undefined)?.value ?? null,
    set: (key, value, at) => {
      upsert.run(key, value, at.toISOString());
    },
  });
}
