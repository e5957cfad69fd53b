// Per-channel rules for statement variants, as the channels themselves count:
// - X: 280 *weighted* characters via twitter-text's parseTweet (config v3): every URL counts 23
//   (t.co), CJK and most emoji weigh 2, an emoji ZWJ sequence counts once (2), text is NFC first.
// - Bluesky: 300 graphemes (Intl.Segmenter) AND 3000 UTF-8 bytes (app.bsky.feed.post lexicon:
//   maxGraphemes 300, maxLength 3000). Links count in full: the text is what the record stores.
// - Mastodon: 500 graphemes after its StatusLengthValidator rewrites: each URL with a scheme counts
//   as 23 ('x' * 23, whatever its length) and `@user@server.tld` counts as `@user`. (Instances can
//   raise the 500; the limit is a parameter here.)
// - Website: title required; body is allow-listed HTML (see html-sanitiser.ts).
// - Email: subject <= 200 characters on one line (a CR/LF in a subject is header injection),
//   a plain-text body, optional HTML body under the same allow-list.
// Violations come back as data with messages a press officer can act on.
import twitterText from 'twitter-text';
import { measureMastodon as measureMastodonStatus } from '../../channels/mastodon/length';
import { xWeightedLimit } from '../../shared/rules';
import { htmlTextContent, sanitiseHtml } from './html-sanitiser';
import type { StatementContent, StatementVariants, Violation } from './types';

export interface ChannelLimits {
  readonly xWeighted: number;
  readonly blueskyGraphemes: number;
  readonly blueskyBytes: number;
  readonly mastodonCharacters: number;
  readonly mastodonUrlLength: number;
  readonly titleCharacters: number;
  readonly emailSubjectCharacters: number;
}

export const defaultChannelLimits: ChannelLimits = {
  xWeighted: xWeightedLimit,
  blueskyGraphemes: 300,
  blueskyBytes: 3000,
  mastodonCharacters: 500,
  mastodonUrlLength: 23,
  titleCharacters: 200,
  emailSubjectCharacters: 200,
};

const channelNames = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon', website: 'Website', email: 'Email' } as const;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** X's count as its composer shows it: weighted length (a CJK character or an emoji is 2). */
export function measureX(text: string): { readonly length: number; readonly valid: boolean } {
  const parsed = twitterText.parseTweet(text);
  return { length: parsed.weightedLength, valid: parsed.valid };
}

/** Mastodon's count lives with its channel (the adapter and the demo instance count the same way). */
export function measureMastodon(text: string, urlLength = defaultChannelLimits.mastodonUrlLength): number {
  return measureMastodonStatus(text, urlLength);
}

/** "X: 291 of 280 characters — shorten by 11" (label: "X", "Email subject", ...). */
function overBy(label: string, length: number, limit: number): string {
  return `${label}: ${length} of ${limit} characters — shorten by ${length - limit}`;
}

function emptyText(channel: keyof typeof channelNames, field: string, what: string): Violation {
  return { channel, field, message: `${channelNames[channel]}: ${what} is empty — write it, or leave ${channelNames[channel]} out of this statement` };
}

/** Characters X refuses outright (parseTweet marks them invalid whatever the length). */
const xInvalidCharacters = /[\uFFFE\uFEFF\uFFFF]/;

function unsafeHtml(channel: 'website' | 'email', field: string, html: string): Violation[] {
  const { removed } = sanitiseHtml(html);
  if (removed.length === 0) return [];
  return [{
    channel,
    field,
    message: `${channelNames[channel]}: the HTML contains parts that are never published (${removed.join(', ')}) — remove them before submitting`,
  }];
}

function singleLine(channel: 'website' | 'email', field: string, value: string, what: string, max: number): Violation[] {
  if (value.trim() === '') return [emptyText(channel, field, `the ${what}`)];
  const problems: Violation[] = [];
  if (/[\r\n\u2028\u2029]/.test(value)) {
    problems.push({ channel, field, message: `${channelNames[channel]}: the ${what} contains a line break — keep it on one line` });
  } else if (/\p{Cc}/u.test(value)) {
    problems.push({ channel, field, message: `${channelNames[channel]}: the ${what} contains an invisible control character — retype it` });
  }
  const length = [...value].length;
  if (length > max) problems.push({ channel, field, message: overBy(`${channelNames[channel]} ${what}`, length, max) });
  return problems;
}

export function validateVariants(variants: StatementVariants, limits: ChannelLimits = defaultChannelLimits): Violation[] {
  const out: Violation[] = [];
  if (variants.x) {
    const { text } = variants.x;
    const measured = measureX(text);
    if (text.trim() === '') out.push(emptyText('x', 'text', 'the post'));
    else if (measured.length > limits.xWeighted) out.push({ channel: 'x', field: 'text', message: overBy(channelNames.x, measured.length, limits.xWeighted) });
    else if (xInvalidCharacters.test(text)) out.push({ channel: 'x', field: 'text', message: 'X: the post contains an invisible character X refuses — retype the text around it' });
  }
  if (variants.bluesky) {
    const { text } = variants.bluesky;
    const count = graphemeCount(text);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (text.trim() === '') out.push(emptyText('bluesky', 'text', 'the post'));
    else if (count > limits.blueskyGraphemes) out.push({ channel: 'bluesky', field: 'text', message: overBy(channelNames.bluesky, count, limits.blueskyGraphemes) });
    else if (bytes > limits.blueskyBytes) {
      out.push({
        channel: 'bluesky',
        field: 'text',
        message: `Bluesky: the post is ${bytes} bytes, over Bluesky's ${limits.blueskyBytes}-byte limit (emoji and non-Latin characters take several bytes) — shorten it`,
      });
    }
  }
  if (variants.mastodon) {
    const { text } = variants.mastodon;
    const count = measureMastodon(text, limits.mastodonUrlLength);
    if (text.trim() === '') out.push(emptyText('mastodon', 'text', 'the post'));
    else if (count > limits.mastodonCharacters) out.push({ channel: 'mastodon', field: 'text', message: overBy(channelNames.mastodon, count, limits.mastodonCharacters) });
  }
  if (variants.website) {
    const { title, html } = variants.website;
    out.push(...singleLine('website', 'title', title, 'title', limits.titleCharacters));
    if (htmlTextContent(sanitiseHtml(html).html) === '') out.push(emptyText('website', 'html', 'the page body'));
    out.push(...unsafeHtml('website', 'html', html));
  }
  if (variants.email) {
    const { subject, text, html } = variants.email;
    out.push(...singleLine('email', 'subject', subject, 'subject', limits.emailSubjectCharacters));
    if (text.trim() === '') out.push(emptyText('email', 'text', 'the plain-text body'));
    // The HTML body is optional (plain-text email); when present it must be safe.
    if (html.trim() !== '') out.push(...unsafeHtml('email', 'html', html));
  }
  return out;
}

/** Everything that must hold before a statement can be submitted for approval. */
export function validateStatement(content: StatementContent, limits: ChannelLimits = defaultChannelLimits): Violation[] {
  const out: Violation[] = [];
  if (content.title.trim() === '') out.push({ channel: 'statement', field: 'title', message: 'Give the statement a title (it is shown to approvers, not published)' });
  if (Object.values(content.variants).every((v) => v === undefined)) {
    out.push({ channel: 'statement', field: 'variants', message: 'Choose at least one channel and write its text' });
  }
  return [...out, ...validateVariants(content.variants, limits)];
}
