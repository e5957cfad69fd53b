// The query helpers every PostgreSQL repository uses, and the value readers (row-values.ts).
import type pg from 'pg';
import type { Row } from '../row-values';
import type { PgSession, SqlValue } from './transaction';

export { num, optNum, optStr, str, type Row } from '../row-values';

/** "$from, $from+1, ..." for n values. */
export const params = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** The query helpers a repository uses, on the session (transaction client or pool). */
export function queries(s: PgSession) {
  const all = async (sql: string, values: readonly SqlValue[] = []): Promise<Row[]> => (await s.query<pg.QueryResultRow>(sql, values)).rows;
  const one = async (sql: string, values: readonly SqlValue[] = []): Promise<Row | undefined> => (await all(sql, values))[0];
  const changes = async (sql: string, values: readonly SqlValue[] = []): Promise<number> => (await s.query(sql, values)).rowCount ?? 0;
  return { all, one, changes };
}
