// SQLite storage of the desks registry (the DesksRepository interface is in repositories.ts). On
// SQLite there is one desk (the file is locked to one app); the registry is the same as in team mode.
import type { DatabaseSync } from 'node:sqlite';
import type { DeskRecord } from './records';
import type { DesksRepository } from './repositories';
import { optStr, str, type Row } from './row-values';
import { gated } from './transaction';

export const deskColumns = 'id, name, host, app_version, audit_public_key, started_at, last_seen_at';

export const toDesk = (r: Row): DeskRecord => ({
  id: str(r.id),
  name: str(r.name),
  host: str(r.host),
  appVersion: str(r.app_version),
  auditPublicKey: optStr(r.audit_public_key),
  startedAt: str(r.started_at),
  lastSeenAt: str(r.last_seen_at),
});

export const deskValues = (d: DeskRecord): [string, string, string, string, string | null, string, string] => [d.id, d.name, d.host, d.appVersion, d.auditPublicKey, d.startedAt, d.lastSeenAt];

export const registerDeskSql = (p: readonly string[]): string =>
  `INSERT INTO desks (${deskColumns}) VALUES (${p.join(', ')}) ON CONFLICT (id) DO UPDATE SET name = excluded.name, host = excluded.host, ` +
  'app_version = excluded.app_version, audit_public_key = excluded.audit_public_key, started_at = excluded.started_at, last_seen_at = excluded.last_seen_at';

export function createSqliteDesksRepository(db: DatabaseSync): DesksRepository {
  const upsert = db.prepare(registerDeskSql(['?', '?', '?', '?', '?', '?', '?']));
  const touch = db.prepare('UPDATE desks SET last_seen_at = ? WHERE id = ?');
  const list = db.prepare(`SELECT ${deskColumns} FROM desks ORDER BY last_seen_at DESC, name`);
  return gated<DesksRepository>(db, {
    register: (d) => {
      upsert.run(...deskValues(d));
    },
    touch: (id, at) => Number(touch.run(at, id).changes) > 0,
    list: () => (list.all() as Row[]).map(toDesk),
  });
}
