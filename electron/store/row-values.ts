// Column values read into record fields, for either backend: SQLite hands back numbers and 0/1
// flags, PostgreSQL booleans and 64-bit ids as strings; nullable columns are null.
export type Row = Record<string, unknown>;
export const str = (v: unknown): string => String(v);
export const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number => Number(v);
export const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const flag = (v: unknown): boolean => v === true || Number(v) === 1;
