// Provenance: is an observed item one the app published (verified), one a supervisor vouched for
// (adopted), or neither (unverified, which is an alarm)? The ledger is passed in as a view.
import type { MatchedBy, Provenance } from '../../store/records';

export interface LedgerView {
  /** The app published this exact item (its id came back from the channel). */
  hasItem(channelId: string, channelItemId: string): Promise<boolean>;
  /** A supervisor adopted this item as a legitimate outside post. */
  isAdopted(channelId: string, channelItemId: string): Promise<boolean>;
  /**
   * An app publication on this channel whose item id is not known yet (the send timed out) has
   * this content hash. Only such open entries match by content: an attacker re-posting an old
   * approved text does not inherit its approval.
   */
  hasOpenContent(channelId: string, contentHash: string): Promise<boolean>;
}

export interface Classification {
  readonly provenance: Provenance;
  readonly matchedBy: MatchedBy;
}

export async function classify(channelId: string, item: { channelItemId: string; contentHash: string }, ledger: LedgerView): Promise<Classification> {
  if (await ledger.hasItem(channelId, item.channelItemId)) return { provenance: 'verified', matchedBy: 'item-id' };
  if (await ledger.isAdopted(channelId, item.channelItemId)) return { provenance: 'adopted', matchedBy: 'adoption' };
  if (await ledger.hasOpenContent(channelId, item.contentHash)) return { provenance: 'verified', matchedBy: 'content-hash' };
  return { provenance: 'unverified', matchedBy: null };
}
