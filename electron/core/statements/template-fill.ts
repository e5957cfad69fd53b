// Placeholders in pre-approved templates: `{time}`, `{date}`, `{channels}` (any `{lower_case}` name).
// A filled value is the only text in a break-glass statement nobody approved in advance, so it is
// kept short, on one line, without links or @mentions, and HTML-escaped where it lands in HTML.
// A refused value names its placeholder as data (an issue at `values.<name>`), not only in words.
import twitterText from 'twitter-text';
import { AppError } from '../../shared/result';
import { maxPlaceholderValueLength, placeholderPattern } from '../../shared/rules';
import type { StatementContent, StatementVariants } from './types';

export interface FilledValue {
  readonly name: string;
  readonly value: string;
}

/** Realistic long values used to check a template fits every channel before it is approved. */
export const samplePlaceholderValues: Readonly<Record<string, string>> = {
  time: '23:59',
  date: 'Wednesday 30 September 2026',
  channels: 'X, Bluesky and Mastodon accounts, website and email alerts',
};

function allStrings(content: StatementContent): string[] {
  const v = content.variants;
  return [
    content.title,
    v.x?.text, v.bluesky?.text, v.mastodon?.text,
    v.website?.title, v.website?.html,
    v.email?.subject, v.email?.text, v.email?.html,
  ].filter((s): s is string => s !== undefined);
}

/** Placeholder names in order of first appearance. */
export function placeholdersIn(content: StatementContent): string[] {
  const names: string[] = [];
  for (const s of allStrings(content)) {
    for (const m of s.matchAll(placeholderPattern)) if (m[1] && !names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A refused value, about the field `values.<name>` of the fill and break-glass inputs. */
function refused(name: string, message: string): AppError {
  return new AppError('BAD_INPUT', message, [{ path: `values.${name}`, message }]);
}

export function checkPlaceholderValue(name: string, raw: string): string {
  const value = raw.normalize('NFC').trim();
  const label = `{${name}}`;
  if (value === '') throw refused(name, `Fill in ${label} before publishing.`);
  if ([...value].length > maxPlaceholderValueLength) {
    throw refused(name, `${label}: keep it under ${maxPlaceholderValueLength} characters; the rest of the text is pre-approved.`);
  }
  if (/[\p{Cc}\u2028\u2029]/u.test(value)) throw refused(name, `${label}: keep it on one line.`);
  // Links and @mentions would put unapproved destinations or people into a pre-approved statement.
  if (twitterText.extractUrls(value).length > 0 || /:\/\//.test(value)) {
    throw refused(name, `${label} cannot contain a link: pre-approved statements must not carry new links.`);
  }
  if (/(^|[^\w])@\w/.test(value)) throw refused(name, `${label} cannot contain an @mention.`);
  return value;
}

function replaceIn(s: string, values: ReadonlyMap<string, string>, html: boolean): string {
  return s.replace(placeholderPattern, (whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) return whole;
    return html ? escapeHtml(value) : value;
  });
}

/**
 * Fills every placeholder. Every placeholder needs a value and every value a placeholder, so a typo
 * in a name cannot leave `{tiem}` in a published statement.
 */
export function fillContent(
  content: StatementContent,
  values: Readonly<Record<string, string>>,
): { readonly content: StatementContent; readonly filled: readonly FilledValue[] } {
  const names = placeholdersIn(content);
  for (const key of Object.keys(values)) {
    if (!names.includes(key)) throw refused(key, `This template has no {${key}} placeholder; it has ${names.map((n) => `{${n}}`).join(', ') || 'none'}.`);
  }
  const map = new Map<string, string>();
  for (const name of names) map.set(name, checkPlaceholderValue(name, Object.hasOwn(values, name) ? values[name] ?? '' : ''));
  const v = content.variants;
  const t = (s: string): string => replaceIn(s, map, false);
  const h = (s: string): string => replaceIn(s, map, true);
  const variants: StatementVariants = {
    ...(v.x ? { x: { text: t(v.x.text) } } : {}),
    ...(v.bluesky ? { bluesky: { text: t(v.bluesky.text) } } : {}),
    ...(v.mastodon ? { mastodon: { text: t(v.mastodon.text) } } : {}),
    ...(v.website ? { website: { title: t(v.website.title), html: h(v.website.html) } } : {}),
    ...(v.email ? { email: { subject: t(v.email.subject), text: t(v.email.text), html: h(v.email.html) } } : {}),
  };
  return { content: { title: t(content.title), variants }, filled: names.map((name) => ({ name, value: map.get(name) ?? '' })) };
}

/** Fills with sample values (unknown names get 40 characters) to check a template fits. */
export function fillWithSamples(content: StatementContent): StatementContent {
  const values: Record<string, string> = {};
  for (const name of placeholdersIn(content)) values[name] = samplePlaceholderValues[name] ?? 'x'.repeat(40);
  return fillContent(content, values).content;
}
