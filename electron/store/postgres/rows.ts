// Reading PostgreSQL rows into records: bigint columns arrive as strings (pg keeps 64-bit exact),
// nullable columns as null. One set of helpers for every PostgreSQL repository.
import type pg from 'pg';
import type { PgSession, SqlValue } from './transaction';

export type Row = Record<string, unknown>;
export const str = (v: unknown): string => String(v);
export const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number => Number(v);
export const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** "$from, $from+1, ..." for n values. */
export const params = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** The query helpers a repository uses, on the session (transaction client or pool). */
export function queries(s: PgSession) {
  const all = async (sql: string, values: readonly SqlValue[] = []): Promise<Row[]> => (await s.query<pg.QueryResultRow>(sql, values)).rows;
  const one = async (sql: string, values: readonly SqlValue[] = []): Promise<Row | undefined> => (await all(sql, values))[0];
  const changes = async (sql: string, values: readonly SqlValue[] = []): Promise<number> => (await s.query(sql, values)).rowCount ?? 0;
  return { all, one, changes };
}
