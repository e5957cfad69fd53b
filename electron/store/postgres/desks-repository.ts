// PostgreSQL storage of the desks registry: every desk on the database is one row (interface in
// repositories.ts; the row mapping is shared with SQLite's desks-repository.ts).
import type { DesksRepository } from '../repositories';
import { deskColumns, deskValues, registerDeskSql, toDesk } from '../desks-repository';
import { params, queries } from './rows';
import type { PgSession } from './transaction';

export function createPostgresDesksRepository(s: PgSession): DesksRepository {
  const { all, changes } = queries(s);
  return {
    register: async (d) => {
      await s.query(registerDeskSql(params(7).split(', ')), deskValues(d));
    },
    touch: async (id, at) => (await changes('UPDATE desks SET last_seen_at = $1 WHERE id = $2', [at, id])) > 0,
    list: async () => (await all(`SELECT ${deskColumns} FROM desks ORDER BY last_seen_at DESC, name`)).map(toDesk),
  };
}
