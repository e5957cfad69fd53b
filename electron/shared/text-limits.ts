// How long a statement's text is on each channel, counted the way the channel counts it, and the
// rules that follow. The core refuses with these and the composer counts with these, live, so the
// number a press officer sees while typing is the number that will be enforced:
// - X: 280 *weighted* characters via twitter-text's parseTweet (config v3): every URL counts 23
//   (t.co), CJK and most emoji weigh 2, an emoji ZWJ sequence counts once (2), text is NFC first.
// - Bluesky: 300 graphemes (Intl.Segmenter) AND 3000 UTF-8 bytes (app.bsky.feed.post lexicon:
//   maxGraphemes 300, maxLength 3000). Links count in full: the text is what the record stores.
// - Mastodon: 500 graphemes after its StatusLengthValidator rewrites: each URL with a scheme counts
//   as 23 ('x' * 23, whatever its length) and `@user@server.tld` counts as `@user`.
// - Website title and email subject: 200 characters (code points) on one line (a CR/LF in a
//   subject is header injection).
// HTML bodies are checked by the core's sanitiser, passed in as an HtmlInspector: it is not part of
// this module, so the renderer (which passes none) leaves those rules to the core's verdict.
// Runs in every process, the sandboxed renderer included: it imports twitter-text (browser-safe)
// and ./rules only (eslint.config.js fences it).
import twitterText from 'twitter-text';
import { characterCount, xWeightedLimit } from './rules';

export const statementChannels = ['x', 'bluesky', 'mastodon', 'website', 'email'] as const;
export type StatementChannel = (typeof statementChannels)[number];

export interface Violation {
  /** 'statement' for problems with the statement as a whole (its title, no channel chosen). */
  readonly channel: StatementChannel | 'statement';
  readonly field: string;
  readonly message: string;
}

/**
 * The text of a statement, by channel (the contract's StatementVariants); absent channel = not
 * published there. Written out (not z.infer) to keep exactOptionalPropertyTypes exact.
 */
export interface StatementVariants {
  readonly x?: { readonly text: string };
  readonly bluesky?: { readonly text: string };
  readonly mastodon?: { readonly text: string };
  readonly website?: { readonly title: string; readonly html: string };
  readonly email?: { readonly subject: string; readonly text: string; readonly html: string };
}

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

export const channelNames: Readonly<Record<StatementChannel, string>> = { x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon', website: 'Website', email: 'Email' };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const utf8 = new TextEncoder();

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** Where the `limit`-th grapheme ends (UTF-16 index): the text after it is over the limit. */
export function graphemeEnd(text: string, limit: number): number {
  let n = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    n++;
    if (n === limit) return index + segment.length;
  }
  return text.length;
}

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/** A link as the channel finds it: UTF-16 indices into the text. */
export interface FoundUrl {
  readonly url: string;
  readonly start: number;
  readonly end: number;
}

/** Links as X finds them (with or without a scheme: X wraps both in t.co). */
export function xUrls(text: string): FoundUrl[] {
  return twitterText.extractUrlsWithIndices(text).map(({ url, indices }) => ({ url, start: indices[0], end: indices[1] }));
}

/** Links with a scheme, the ones Mastodon counts as 23 (its Extractor derives from twitter-text's). */
export function schemeUrls(text: string): FoundUrl[] {
  return twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false }).map(({ url, indices }) => ({ url, start: indices[0], end: indices[1] }));
}

export interface XMeasure {
  /** X's count as its composer shows it: weighted length (a CJK character or an emoji is 2). */
  readonly length: number;
  readonly valid: boolean;
  /** The NFC text X stores, and where in it the part within the limit ends (UTF-16, exclusive). */
  readonly normalized: string;
  readonly fitsUpTo: number;
}

export function measureX(text: string): XMeasure {
  // NFC first, as X does, so the indices below refer to the text X keeps.
  const normalized = text.normalize('NFC');
  const parsed = twitterText.parseTweet(normalized);
  const fitsUpTo = parsed.weightedLength <= xWeightedLimit ? normalized.length : parsed.validRangeEnd + 1;
  return { length: parsed.weightedLength, valid: parsed.valid, normalized, fitsUpTo };
}

/** Remote mentions count their local part only: `@user@server.tld` is `@user` to Mastodon. */
const remoteMention = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*/giu;

/** Mastodon's count: links with a scheme become 23 characters, remote mentions their local part, then graphemes. */
export function measureMastodon(text: string, urlLength = defaultChannelLimits.mastodonUrlLength): number {
  let rewritten = '';
  let at = 0;
  const mentions = (s: string): string => s.replace(remoteMention, '@$1');
  for (const { start, end } of schemeUrls(text)) {
    rewritten += mentions(text.slice(at, start)) + 'x'.repeat(urlLength);
    at = end;
  }
  return graphemeCount(rewritten + mentions(text.slice(at)));
}

/** One counter the composer shows beside a field: the channel's own count against its limit. */
export interface FieldCount {
  readonly channel: StatementChannel;
  readonly field: string;
  readonly count: number;
  readonly limit: number;
  /** How the channel counts, in words for the person typing. */
  readonly unit: string;
}

/** The count of every limited field of these variants, exactly as validateVariants measures it. */
export function countVariants(variants: StatementVariants, limits: ChannelLimits = defaultChannelLimits): FieldCount[] {
  const out: FieldCount[] = [];
  if (variants.x) out.push({ channel: 'x', field: 'text', count: measureX(variants.x.text).length, limit: limits.xWeighted, unit: 'weighted characters' });
  if (variants.bluesky) out.push({ channel: 'bluesky', field: 'text', count: graphemeCount(variants.bluesky.text), limit: limits.blueskyGraphemes, unit: 'characters' });
  if (variants.mastodon) {
    out.push({ channel: 'mastodon', field: 'text', count: measureMastodon(variants.mastodon.text, limits.mastodonUrlLength), limit: limits.mastodonCharacters, unit: 'characters' });
  }
  if (variants.website) out.push({ channel: 'website', field: 'title', count: characterCount(variants.website.title), limit: limits.titleCharacters, unit: 'characters' });
  if (variants.email) out.push({ channel: 'email', field: 'subject', count: characterCount(variants.email.subject), limit: limits.emailSubjectCharacters, unit: 'characters' });
  return out;
}

/** The core's HTML sanitiser, as far as the rules need it. */
export interface HtmlInspector {
  /** The text a reader will see once the body is sanitised ('' when none). */
  textOf(html: string): string;
  /** What the sanitiser leaves out ("script element"); empty when nothing. */
  removedParts(html: string): readonly string[];
}

/** "X: 291 of 280 characters — shorten by 11" (label: "X", "Email subject", ...). */
function overBy(label: string, length: number, limit: number): string {
  return `${label}: ${length} of ${limit} characters — shorten by ${length - limit}`;
}

function emptyText(channel: StatementChannel, field: string, what: string): Violation {
  return { channel, field, message: `${channelNames[channel]}: ${what} is empty — write it, or leave ${channelNames[channel]} out of this statement` };
}

/** Characters X refuses outright (parseTweet marks them invalid whatever the length). */
const xInvalidCharacters = /[\uFFFE\uFEFF\uFFFF]/;

function unsafeHtml(html: HtmlInspector, channel: 'website' | 'email', field: string, body: string): Violation[] {
  const removed = html.removedParts(body);
  if (removed.length === 0) return [];
  return [{ channel, field, message: `${channelNames[channel]}: the HTML contains parts that are never published (${removed.join(', ')}) — remove them before submitting` }];
}

function singleLine(channel: 'website' | 'email', field: string, value: string, what: string, max: number): Violation[] {
  if (value.trim() === '') return [emptyText(channel, field, `the ${what}`)];
  const problems: Violation[] = [];
  if (/[\r\n\u2028\u2029]/.test(value)) {
    problems.push({ channel, field, message: `${channelNames[channel]}: the ${what} contains a line break — keep it on one line` });
  } else if (/\p{Cc}/u.test(value)) {
    problems.push({ channel, field, message: `${channelNames[channel]}: the ${what} contains an invisible control character — retype it` });
  }
  const length = characterCount(value);
  if (length > max) problems.push({ channel, field, message: overBy(`${channelNames[channel]} ${what}`, length, max) });
  return problems;
}

function xRules(text: string, limits: ChannelLimits): Violation[] {
  const measured = measureX(text);
  if (text.trim() === '') return [emptyText('x', 'text', 'the post')];
  if (measured.length > limits.xWeighted) return [{ channel: 'x', field: 'text', message: overBy(channelNames.x, measured.length, limits.xWeighted) }];
  if (xInvalidCharacters.test(text)) return [{ channel: 'x', field: 'text', message: 'X: the post contains an invisible character X refuses — retype the text around it' }];
  return [];
}

function blueskyRules(text: string, limits: ChannelLimits): Violation[] {
  const count = graphemeCount(text);
  const bytes = utf8Length(text);
  if (text.trim() === '') return [emptyText('bluesky', 'text', 'the post')];
  if (count > limits.blueskyGraphemes) return [{ channel: 'bluesky', field: 'text', message: overBy(channelNames.bluesky, count, limits.blueskyGraphemes) }];
  if (bytes > limits.blueskyBytes) {
    const message = `Bluesky: the post is ${bytes} bytes, over Bluesky's ${limits.blueskyBytes}-byte limit (emoji and non-Latin characters take several bytes) — shorten it`;
    return [{ channel: 'bluesky', field: 'text', message }];
  }
  return [];
}

/**
 * Every rule on the variants. `html` is the core's sanitiser; null (the renderer) skips the rules
 * that need it: the website body's emptiness and unsafe HTML in either body.
 */
export function validateVariants(variants: StatementVariants, limits: ChannelLimits, html: HtmlInspector | null): Violation[] {
  const out: Violation[] = [];
  if (variants.x) out.push(...xRules(variants.x.text, limits));
  if (variants.bluesky) out.push(...blueskyRules(variants.bluesky.text, limits));
  if (variants.mastodon) {
    const { text } = variants.mastodon;
    const count = measureMastodon(text, limits.mastodonUrlLength);
    if (text.trim() === '') out.push(emptyText('mastodon', 'text', 'the post'));
    else if (count > limits.mastodonCharacters) out.push({ channel: 'mastodon', field: 'text', message: overBy(channelNames.mastodon, count, limits.mastodonCharacters) });
  }
  if (variants.website) {
    const { title, html: body } = variants.website;
    out.push(...singleLine('website', 'title', title, 'title', limits.titleCharacters));
    if (html && html.textOf(body) === '') out.push(emptyText('website', 'html', 'the page body'));
    if (html) out.push(...unsafeHtml(html, 'website', 'html', body));
  }
  if (variants.email) {
    const { subject, text, html: body } = variants.email;
    out.push(...singleLine('email', 'subject', subject, 'subject', limits.emailSubjectCharacters));
    if (text.trim() === '') out.push(emptyText('email', 'text', 'the plain-text body'));
    // The HTML body is optional (plain-text email); when present it must be safe.
    if (html && body.trim() !== '') out.push(...unsafeHtml(html, 'email', 'html', body));
  }
  return out;
}

/** Everything that must hold before a statement can be submitted for approval. */
export function validateStatement(content: { readonly title: string; readonly variants: StatementVariants }, limits: ChannelLimits, html: HtmlInspector | null): Violation[] {
  const out: Violation[] = [];
  if (content.title.trim() === '') out.push({ channel: 'statement', field: 'title', message: 'Give the statement a title (it is shown to approvers, not published)' });
  if (Object.values(content.variants).every((v) => v === undefined)) {
    out.push({ channel: 'statement', field: 'variants', message: 'Choose at least one channel and write its text' });
  }
  return [...out, ...validateVariants(content.variants, limits, html)];
}
