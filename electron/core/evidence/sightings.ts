// When each unverified item of an incident window became unverified: a new item when it was first
// seen; an item that was verified or adopted, then edited into what it says now, when that edit was
// read (its revisions say so). An old post edited into abuse during an incident belongs to it.
import type { MonitorRepository } from '../../store/repositories';
import type { StoredItem } from '../../store/records';
import { unverifiedAppearedSince } from '../monitor/edits';

export interface UnverifiedSighting {
  readonly item: StoredItem;
  /** When it became unverified: first seen, or the edit's time. */
  readonly at: string;
  /** The edit that made it unverified, or null when it was unverified from the start. */
  readonly editedAt: string | null;
}

/** The read whose edit replaced the item's last vouched-for content, or null: unverified from the start. */
async function becameUnverifiedAt(ledger: Pick<MonitorRepository, 'revisions'>, item: StoredItem): Promise<string | null> {
  const revisions = await ledger.revisions(item.channelId, item.itemId);
  // Later edits from unverified content to other unverified content do not move the moment.
  const lastVouched = revisions.findLast((r) => r.provenance !== 'unverified');
  return lastVouched?.replacedAt ?? null;
}

/** Items unverified now that became so between `fromIso` and `toIso`, oldest first. */
export async function unverifiedSightings(
  ledger: Pick<MonitorRepository, 'unverifiedSince' | 'editedUnverifiedSince' | 'revisions'>,
  channelIds: readonly string[],
  fromIso: string,
  toIso: string,
): Promise<UnverifiedSighting[]> {
  const candidates = await unverifiedAppearedSince(ledger, channelIds, fromIso);
  const out: UnverifiedSighting[] = [];
  for (const item of candidates) {
    const editedAt = await becameUnverifiedAt(ledger, item);
    const at = editedAt ?? item.firstSeenAt;
    if (at >= fromIso && at <= toIso) out.push({ item, at, editedAt });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
