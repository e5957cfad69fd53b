// What Settings -> Desks shows for each desk: online ones first (then by name), "last seen" as a
// relative time, and which row is the desk the screen runs on.
import type { DeskView } from '../../../../electron/shared/contract';
import { formatAgo } from '../../../lib/format';

export interface DeskRow {
  readonly id: string;
  readonly name: string;
  readonly host: string;
  readonly version: string;
  readonly lastSeen: string;
  readonly state: 'Online' | 'Offline';
  readonly self: boolean;
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
    }));
}

/** The line above the table: how many desks are online out of how many registered. */
export function desksSummary(desks: readonly DeskView[]): string {
  const online = desks.filter((d) => d.online).length;
  if (desks.length === 0) return 'No desk has registered yet.';
  return `${online} of ${desks.length} desk${desks.length === 1 ? '' : 's'} online (seen within the last 30 s).`;
}
