// PostgreSQL storage of the desks registry: every desk on the database is one row (interface in
// repositories.ts; the row mapping is shared with SQLite's desks-repository.ts).
import type { DesksRepository } from '../repositories';
import { deskColumns, deskCredentialSql, deskCredentialValues, deskValues, readerLeaseSql, registerDeskSql, toDesk, toDeskCredential, toReader } from '../desks-repository';
import { params, queries } from './rows';
import type { PgSession } from './transaction';

// The database's clock, not the desk's: every desk judges a lease by the same clock.
const lease = readerLeaseSql('(extract(epoch FROM clock_timestamp()) * 1000)::bigint', ['$1', '$2', '$3::bigint', '$4::bigint']);
// In acquire, $3 is the lease length; in renew, $3 is the token and $4 the length.
const credential = deskCredentialSql(['$1', '$2', '$3', '$4', '$5', '$6']);

export function createPostgresDesksRepository(s: PgSession): DesksRepository {
  const { all, one, changes } = queries(s);
  return {
    register: async (d) => {
      await s.query(registerDeskSql(params(7).split(', ')), deskValues(d));
    },
    touch: async (id, at) => (await changes('UPDATE desks SET last_seen_at = $1 WHERE id = $2', [at, id])) > 0,
    list: async () => (await all(`SELECT ${deskColumns} FROM desks ORDER BY last_seen_at DESC, name`)).map(toDesk),
    acquireReader: async (channelId, deskId, leaseMs) => {
      const row = await one(lease.acquire, [channelId, deskId, Math.round(leaseMs)]);
      return row ? Number(row.token) : null;
    },
    renewReader: async (channelId, deskId, token, leaseMs) => (await changes(lease.renew, [channelId, deskId, token, Math.round(leaseMs)])) > 0,
    releaseReader: async (channelId, deskId, token) => {
      await changes(lease.release, [channelId, deskId, token]);
    },
    reader: async (channelId) => toReader(await one(lease.holder, [channelId])),
    addCredential: async (c) => ({ id: Number((await one(credential.insert, deskCredentialValues(c)))?.id), ...c, revokedAt: null }),
    credentials: async (channelId) => (channelId === undefined ? await all(credential.all) : await all(credential.ofChannel, [channelId])).map(toDeskCredential),
    markCredentialRevoked: async (id, at) => (await changes(credential.revoke, [at, id])) > 0,
  };
}
