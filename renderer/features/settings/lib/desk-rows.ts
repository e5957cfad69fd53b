// What Settings -> Desks shows for each desk: online ones first (then by name), "last seen" as a
// relative time, which row is the desk the screen runs on, and each desk's audit key (desk-key.ts).
import type { DeskView } from '../../../../electron/shared/contract';
import { formatAgo } from '../../../lib/format';
import { deskKeyView, pinFileTrust, type DeskKeyView } from './desk-key';

export interface DeskRow {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly version: string;
  readonly lastSeen: string;
  readonly state: 'Online' | 'Offline';
  readonly self: boolean;
  readonly key: DeskKeyView;
}

export function deskRows(desks: readonly DeskView[], now: number): DeskRow[] {
  return [...desks]
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name))
    .map((d) => ({
      id: d.id,
      name: d.self ? `${d.name} (this desk)` : d.name,
      host: d.host,
      version: d.appVersion,
      lastSeen: formatAgo(d.lastSeenAt, now),
      state: d.online ? 'Online' : 'Offline',
      self: d.self,
      key: deskKeyView(d),
    }));
}

/** The row's key needs a person (not yet trusted, or differs from its pin): said under that desk's row. */
export function needsPerson(row: DeskRow): boolean {
  return row.key.todo !== null && row.key.trust !== pinFileTrust;
}

/**
 * An unreadable pin file is about this desk, not about one of the others: said once above the table
 * (with what to do) rather than under every desk it leaves untrusted.
 */
export function pinFileProblem(rows: readonly DeskRow[]): DeskKeyView | null {
  return rows.find((r) => r.key.trust === pinFileTrust)?.key ?? null;
}

/** The line above the table: how many desks are online out of how many registered. */
export function desksSummary(desks: readonly DeskView[]): string {
  const online = desks.filter((d) => d.online).length;
  if (desks.length === 0) return 'No desk has registered yet.';
  return `${online} of ${desks.length} desk${desks.length === 1 ? '' : 's'} online (seen within the last 30 s).`;
}
