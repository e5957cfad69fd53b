// Links found in attacker-controlled content, as data: each with the host it really points at.
// Nothing here makes a link clickable; opening goes through the core's allow-list (links.open).
import { hostOf, schemeOf } from './format';

export interface FoundLink {
  /** The link target exactly as written. */
  readonly url: string;
  /** Text the link was shown with, when it came from HTML (may pretend to be another address). */
  readonly label: string | null;
  readonly host: string | null;
  readonly scheme: string | null;
  /** Only http(s) links are offered for opening; the core still decides. */
  readonly openable: boolean;
}

const urlInText = /\b(?:https?|ftp|javascript|data|mailto):[^\s<>"'`)\]}]+/gi;

export function describeLink(url: string, label: string | null = null): FoundLink {
  const scheme = schemeOf(url);
  return { url, label, host: hostOf(url), scheme, openable: scheme === 'http' || scheme === 'https' };
}

/** Links written out in plain text (tweets, email text), in order, without duplicates. */
export function linksInText(text: string): FoundLink[] {
  const seen = new Set<string>();
  const out: FoundLink[] = [];
  for (const match of text.matchAll(urlInText)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    if (seen.has(url)) continue;
    seen.add(url);
    out.push(describeLink(url));
  }
  return out;
}

/** Merges link lists, first occurrence wins (an HTML label beats a bare mention). */
export function uniqueLinks(...lists: readonly (readonly FoundLink[])[]): FoundLink[] {
  const seen = new Map<string, FoundLink>();
  for (const list of lists) for (const l of list) if (!seen.has(l.url)) seen.set(l.url, l);
  return [...seen.values()];
}
