// SQLite storage of the desks registry (the DesksRepository interface is in repositories.ts). On
// SQLite there is one desk (the file is locked to one app); the registry is the same as in team mode.
import type { DatabaseSync } from 'node:sqlite';
import type { DeskCredentialKind, DeskCredentialRecord, DeskRecord, NewDeskCredential } from './records';
import type { DesksRepository } from './repositories';
import { num, optStr, str, type Row } from './row-values';
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

/**
 * The reader-lease statements for either backend: `now` is the database's clock in milliseconds
 * since the epoch, `p` the four placeholders (channel, desk, lease length or token, lease length).
 */
export const readerLeaseSql = (now: string, p: readonly [string, string, string, string]) => ({
  acquire:
    `INSERT INTO channel_readers (channel_id, desk_id, lease_until, token) VALUES (${p[0]}, ${p[1]}, ${now} + ${p[2]}, 1) ` +
    'ON CONFLICT (channel_id) DO UPDATE SET desk_id = excluded.desk_id, lease_until = excluded.lease_until, token = channel_readers.token + 1 ' +
    `WHERE channel_readers.lease_until <= ${now} OR channel_readers.desk_id = excluded.desk_id RETURNING token`,
  renew: `UPDATE channel_readers SET lease_until = ${now} + ${p[3]} WHERE channel_id = ${p[0]} AND desk_id = ${p[1]} AND token = ${p[2]}`,
  release: `UPDATE channel_readers SET lease_until = 0 WHERE channel_id = ${p[0]} AND desk_id = ${p[1]} AND token = ${p[2]}`,
  holder: `SELECT desk_id, token FROM channel_readers WHERE channel_id = ${p[0]} AND lease_until > ${now}`,
});

export const toReader = (r: Row | undefined): { deskId: string; token: number } | null => (r ? { deskId: str(r.desk_id), token: Number(r.token) } : null);

export const toDeskCredential = (r: Row): DeskCredentialRecord => ({
  id: num(r.id),
  channelId: str(r.channel_id),
  deskId: str(r.desk_id),
  kind: str(r.kind) as DeskCredentialKind,
  label: str(r.label),
  upstreamId: optStr(r.upstream_id),
  createdAt: str(r.created_at),
  revokedAt: optStr(r.revoked_at),
});

/** The credential statements for either backend, `p` the placeholders in order. */
export const deskCredentialSql = (p: readonly string[]) => ({
  insert: `INSERT INTO desk_credentials (channel_id, desk_id, kind, label, upstream_id, created_at) VALUES (${p.slice(0, 6).join(', ')}) RETURNING id`,
  all: 'SELECT * FROM desk_credentials ORDER BY id',
  ofChannel: `SELECT * FROM desk_credentials WHERE channel_id = ${p[0]} ORDER BY id`,
  revoke: `UPDATE desk_credentials SET revoked_at = ${p[0]} WHERE id = ${p[1]} AND revoked_at IS NULL`,
});
export const deskCredentialValues = (c: NewDeskCredential): [string, string, string, string, string | null, string] => [c.channelId, c.deskId, c.kind, c.label, c.upstreamId, c.createdAt];

export function createSqliteDesksRepository(db: DatabaseSync): DesksRepository {
  const upsert = db.prepare(registerDeskSql(['?', '?', '?', '?', '?', '?', '?']));
  const touch = db.prepare('UPDATE desks SET last_seen_at = ? WHERE id = ?');
  const list = db.prepare(`SELECT ${deskColumns} FROM desks ORDER BY last_seen_at DESC, name`);
  const lease = readerLeaseSql("CAST(unixepoch('subsec') * 1000 AS INTEGER)", ['?1', '?2', '?3', '?4']);
  const acquire = db.prepare(lease.acquire);
  const renew = db.prepare(lease.renew);
  const release = db.prepare(lease.release);
  const holder = db.prepare(lease.holder);
  const credentialSql = deskCredentialSql(['?', '?', '?', '?', '?', '?']);
  const insertCredential = db.prepare(credentialSql.insert);
  const allCredentials = db.prepare(credentialSql.all);
  const channelCredentials = db.prepare(credentialSql.ofChannel);
  const revokeCredential = db.prepare(credentialSql.revoke);
  return gated<DesksRepository>(db, {
    register: (d) => {
      upsert.run(...deskValues(d));
    },
    touch: (id, at) => Number(touch.run(at, id).changes) > 0,
    list: () => (list.all() as Row[]).map(toDesk),
    acquireReader: (channelId, deskId, leaseMs) => {
      const row = acquire.get(channelId, deskId, Math.round(leaseMs)) as Row | undefined;
      return row ? Number(row.token) : null;
    },
    renewReader: (channelId, deskId, token, leaseMs) => Number(renew.run(channelId, deskId, token, Math.round(leaseMs)).changes) > 0,
    releaseReader: (channelId, deskId, token) => {
      release.run(channelId, deskId, token);
    },
    reader: (channelId) => toReader(holder.get(channelId) as Row | undefined),
    addCredential: (c) => ({ id: Number((insertCredential.get(...deskCredentialValues(c)) as Row).id), ...c, revokedAt: null }),
    credentials: (channelId) => ((channelId === undefined ? allCredentials.all() : channelCredentials.all(channelId)) as Row[]).map(toDeskCredential),
    markCredentialRevoked: (id, at) => Number(revokeCredential.run(at, id).changes) > 0,
  });
}
