// SQLite storage of the configured channels (the ChannelsRepository interface is in
// repositories.ts). Only non-secret settings live here; secret_ref names a keychain entry.
import type { DatabaseSync } from 'node:sqlite';
import type { ChannelKind } from '../channels/types';
import type { ChannelRow } from './records';
import type { ChannelsRepository } from './repositories';
import { gated } from './transaction';

interface RawChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  config: string;
  secret_ref: string | null;
  demo: number;
  created_at: string;
}

const fromRaw = (r: RawChannel): ChannelRow => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  config: JSON.parse(r.config) as Record<string, unknown>,
  secretRef: r.secret_ref,
  demo: r.demo === 1,
  createdAt: r.created_at,
});

export function createSqliteChannelsRepository(db: DatabaseSync): ChannelsRepository {
  const all = db.prepare('SELECT * FROM channels ORDER BY created_at, id');
  const one = db.prepare('SELECT * FROM channels WHERE id = ?');
  const upsert = db.prepare(
    `INSERT INTO channels (id, kind, name, config, secret_ref, demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, config = excluded.config,
       secret_ref = excluded.secret_ref, demo = excluded.demo`,
  );
  const del = db.prepare('DELETE FROM channels WHERE id = ?');
  return gated<ChannelsRepository>(db, {
    list: () => (all.all() as unknown as RawChannel[]).map(fromRaw),
    get: (id) => {
      const r = one.get(id) as RawChannel | undefined;
      return r ? fromRaw(r) : null;
    },
    upsert: (row) => {
      upsert.run(row.id, row.kind, row.name, JSON.stringify(row.config), row.secretRef, row.demo ? 1 : 0, row.createdAt);
    },
    remove: (id) => Number(del.run(id).changes) > 0,
  });
}
