// Finding a send whose outcome is unknown on the channel itself: by the content hash the ledger
// holds, among items no other ledger entry has claimed. Pure, so the rule is tested on its own.
import type { ObservedItem } from '../../channels/types';
import { contentHash } from '../provenance/normalise';

/** The first item with this content hash that is not already the app's under another ledger entry. */
export async function findPublishedItem(items: readonly ObservedItem[], hash: string, isClaimed: (itemId: string) => Promise<boolean>): Promise<ObservedItem | null> {
  for (const item of items) {
    if (contentHash(item.text) === hash && !(await isClaimed(item.channelItemId))) return item;
  }
  return null;
}

export type SettleVerdict =
  | { readonly kind: 'found'; readonly item: ObservedItem }
  /** Read at least settleAfterMs after the claim and still absent: it was never accepted. */
  | { readonly kind: 'absent' }
  /** Too early to conclude: a request still in the network could land; read again at `untilMs`. */
  | { readonly kind: 'wait'; readonly untilMs: number };

/**
 * `readStartedMs` is taken before the read: only a read that BEGAN after the settle window can
 * prove absence, since a request in flight may still land while an earlier read runs.
 */
export function settleVerdict(found: ObservedItem | null, claimedAtMs: number, readStartedMs: number, settleAfterMs: number): SettleVerdict {
  if (found) return { kind: 'found', item: found };
  if (readStartedMs - claimedAtMs >= settleAfterMs) return { kind: 'absent' };
  return { kind: 'wait', untilMs: claimedAtMs + settleAfterMs };
}
