// Edits after publication: a read that shows an item already stored with other content (a website
// post, a Mastodon status or a Bluesky record rewritten in place) keeps the earlier content as a
// revision and classifies the new one. The ledger and an adoption vouch for an item as it was: an
// edit that is not content vouched for makes it unverified and critical, so it alarms (and is
// quarantined under a freeze) like a new unverified item. An edit back to content the item carried
// while vouched for, or to the ledger's approved content for it, makes it what it was again.
import type { ObservedItem } from '../../channels/types';
import type { MatchedBy, Provenance, Signal, StoredItem } from '../../store/records';
import type { MonitorRepository } from '../../store/repositories';
import type { Score } from '../provenance/scoring';

/** How much of the earlier text the signal quotes, so the column says what the item used to say. */
const quoteChars = 140;

const hrefPattern = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/**
 * The link targets of an item's HTML, in order. The plain text leaves them out, yet a link moved to
 * another address behind the same words is an edit a reader would follow.
 */
export function linkTargets(html: string | null): string {
  if (html === null) return '';
  const out: string[] = [];
  for (const m of html.matchAll(hrefPattern)) out.push((m[1] ?? m[2] ?? m[3] ?? '').trim());
  return out.join('\n');
}

/** The content changed since it was stored: its text (as the ledger hashes it) or its links. */
export function contentChanged(stored: StoredItem, item: ObservedItem, hash: string): boolean {
  return stored.contentHash !== hash || (item.html !== null && stored.html !== null && linkTargets(stored.html) !== linkTargets(item.html));
}

interface Vouched {
  readonly provenance: Provenance;
  readonly matchedBy: MatchedBy;
}

/** The ledger or an adoption still vouches for the new content (null: nobody does). */
async function vouchedFor(stored: StoredItem, item: ObservedItem, hash: string, repo: MonitorRepository): Promise<Vouched | null> {
  const links = linkTargets(item.html);
  // Content the item carried while verified or adopted: a revert after an attacker's edit.
  for (const r of await repo.revisions(stored.channelId, stored.itemId)) {
    if (r.provenance !== 'unverified' && r.contentHash === hash && linkTargets(r.html) === links) return { provenance: r.provenance, matchedBy: r.matchedBy };
  }
  // The ledger hashes the text only: it cannot vouch for links moved behind the same words.
  if (stored.contentHash === hash) return null;
  const published = await repo.publishedHash(stored.channelId, stored.itemId);
  if (published !== null) return published === hash ? { provenance: 'verified', matchedBy: 'item-id' } : null;
  // An open ledger entry (a send whose answer was lost) matches by content once, as for a new item.
  if (await repo.hasOpenContent(stored.channelId, hash) && await repo.bindOpenPublication(stored.channelId, hash, stored.itemId)) {
    return { provenance: 'verified', matchedBy: 'content-hash' };
  }
  return null;
}

const quote = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > quoteChars ? `${flat.slice(0, quoteChars - 1)}…` : flat;
};

const described: Record<Provenance, string> = { verified: 'a verified publication', adopted: 'an adopted item', unverified: 'an unverified item' };

/**
 * Records the edit when `item` (as read now) differs from `stored`; returns the row as stored now,
 * or null when nothing changed. `scoreNew` scores the new text as an unverified item's.
 */
export async function reviewEdit(
  stored: StoredItem,
  item: ObservedItem,
  hash: string,
  observedAt: string,
  repo: MonitorRepository,
  scoreNew: () => Score,
): Promise<StoredItem | null> {
  if (!contentChanged(stored, item, hash)) return null;
  const vouched = await vouchedFor(stored, item, hash, repo);
  const content = { channelId: stored.channelId, itemId: stored.itemId, observedAt, text: item.text, html: item.html, url: item.url, raw: JSON.stringify(item.raw), contentHash: hash };
  if (vouched) return repo.recordEdit({ ...content, ...vouched, severity: null, signals: [] });
  const edited: Signal = {
    kind: 'edited-after-publication',
    detail: `changed on the channel after it was seen as ${described[stored.provenance]}; it read: "${quote(stored.text)}"`,
    weight: 5,
  };
  const score = scoreNew();
  return repo.recordEdit({ ...content, provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [edited, ...score.signals] });
}

/**
 * Items unverified now that appeared since `sinceIso`: first seen since then, or older ones an edit
 * changed since then (the edit is what appeared). The two lists never overlap (the second is of
 * items first seen before `sinceIso`).
 */
export async function unverifiedAppearedSince(repo: Pick<MonitorRepository, 'unverifiedSince' | 'editedUnverifiedSince'>, channelIds: readonly string[], sinceIso: string): Promise<StoredItem[]> {
  return [...(await repo.unverifiedSince(channelIds, sinceIso)), ...(await repo.editedUnverifiedSince(channelIds, sinceIso))];
}
