// How a post will look on each channel, for the composer's previews. X shows links shortened (t.co
// counts each as 23 whatever its length) and marks nothing itself: the part past the limit is
// marked here, never cut, because X refuses a post that is too long rather than shortening it.
// Bluesky and Mastodon show plain text; Mastodon shortens links on display as X does.
import { graphemeCount, graphemeEnd, measureX, schemeUrls, xUrls, defaultChannelLimits, type FoundUrl } from '../../../../electron/shared/text-limits';

export interface PreviewPart {
  readonly text: string;
  readonly link: boolean;
  /** Past the channel's limit: the channel would refuse the post. */
  readonly over: boolean;
}

/** A link as the channel displays it: without its scheme, shortened to `max` characters. */
export function displayUrl(url: string, max: number): string {
  const bare = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^www\./i, '');
  return [...bare].length > max ? `${[...bare].slice(0, max - 1).join('')}…` : bare;
}

/** Splits `text` into runs of plain text and links, marking what lies at or after `overFrom`. */
function parts(text: string, urls: readonly FoundUrl[], overFrom: number, linkLength: number): PreviewPart[] {
  const out: PreviewPart[] = [];
  const plain = (from: number, to: number): void => {
    const cut = Math.min(Math.max(overFrom, from), to);
    if (cut > from) out.push({ text: text.slice(from, cut), link: false, over: false });
    if (to > cut) out.push({ text: text.slice(cut, to), link: false, over: true });
  };
  let at = 0;
  for (const u of urls) {
    plain(at, u.start);
    out.push({ text: displayUrl(u.url, linkLength), link: true, over: u.start >= overFrom });
    at = u.end;
  }
  plain(at, text.length);
  return out;
}

/** X's display of links (about as long as their counted 23); the text is NFC, as X keeps it. */
const xLinkDisplay = 24;
/** Mastodon shows the first 30 characters of a link after its scheme. */
const mastodonLinkDisplay = 31;

export function xPreview(text: string): PreviewPart[] {
  const m = measureX(text);
  return parts(m.normalized, xUrls(m.normalized), m.fitsUpTo, xLinkDisplay);
}

export function blueskyPreview(text: string, limit = defaultChannelLimits.blueskyGraphemes): PreviewPart[] {
  const overFrom = graphemeCount(text) > limit ? graphemeEnd(text, limit) : text.length;
  return parts(text, [], overFrom, 0);
}

export function mastodonPreview(text: string): PreviewPart[] {
  return parts(text, schemeUrls(text), text.length, mastodonLinkDisplay);
}
