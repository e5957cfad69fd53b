// A scheduled time as people type it (a datetime-local field: wall-clock time in this screen's
// zone) and as the contract takes it (an ISO instant). The zone is always named beside the field.

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2019-07-19T23:00" for an instant, in this screen's zone (what a datetime-local field shows). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a datetime-local value means in this screen's zone, or null when it is not a time. */
export function instantOfLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
