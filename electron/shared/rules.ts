// The rules every process applies the same way: the contract's schemas, the core's checks and the
// screen's hints all read their limits here, so they cannot drift apart (rules.test.ts holds them
// to it). Plain constants and pure functions only, no zod and no Node: this is the one module of
// electron/ the sandboxed renderer may import at runtime (eslint.config.js; the rest only as types).
// Where the contract bounds raw input more loosely than the core's rule, both are named here.

// Accounts

/** A username after normaliseUsername: 3 to 32 of a-z, digits, dot, dash or underscore, starting with a letter or digit. */
export const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** Usernames are compared lower-case and NFC, so look-alike duplicates cannot be created. */
export function normaliseUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

/** The longest display name: the contract refuses longer input, the core longer after trimming. */
export const maxDisplayNameLength = 80;

export const minPassphraseLength = 12;
/** Upper bound so a pasted novel cannot make scrypt and the list checks slow. */
export const maxPassphraseLength = 1024;

/** Code points, not UTF-16 units: '😀' is one character to the person typing it. */
export function characterCount(s: string): number {
  return [...s].length;
}

/** The length rule in the words both the screen (before the network) and the core (refusing) use, or null. */
export function passphraseTooShort(passphrase: string): string | null {
  const length = characterCount(passphrase);
  if (length >= minPassphraseLength) return null;
  return `Use at least ${minPassphraseLength} characters (this one has ${length}); a few unrelated words work well.`;
}

// Freezes and feeds

/** A freeze's reason is shown on every screen and kept in the audit log. */
export const maxFreezeReasonLength = 2000;

/** The most items a column keeps, and the most feed.list returns. */
export const maxItemsPerColumn = 20_000;

// Statements and holding statements

/** X's limit in weighted characters (twitter-text: a link counts 23, most emoji 2). */
export const xWeightedLimit = 280;

/** Bluesky's post length, in graphemes (what a reader sees as characters). */
export const blueskyGraphemeLimit = 300;

/** A placeholder in a holding statement: `{lower_case}`. Global: use it with matchAll or replace, not test. */
export const placeholderPattern = /\{([a-z][a-z0-9_]{0,31})\}/g;

/** A filled placeholder value, after trimming: the only words of a break-glass statement nobody approved in advance. */
export const maxPlaceholderValueLength = 60;
/** What the contract (and the field on screen) accepts as typed, before the core's rule above. */
export const maxPlaceholderInputLength = 200;

/** Why a supervisor publishes a holding statement alone (it goes into the review), after trimming. */
export const breakGlassReasonLength = { min: 3, max: 1000 } as const;

/** A break-glass review's note, after trimming. */
export const breakGlassReviewNoteLength = { min: 1, max: 2000 } as const;

/** How far ahead a statement may be scheduled: further is more likely a mistyped date than a plan. */
export const maxScheduleDaysAhead = 30;

// Anomaly settings (what sets the severity of an unverified item)

/** Office hours when a bureau has not set them: 07:00 to 22:00 in its time zone. */
export const defaultOfficeHours = { start: 7, end: 22 } as const;
/** A channel's usual items per hour, for the burst signal, until an admin sets another. */
export const defaultBaselinePerHour = 2;
export const maxBaselinePerHour = 10_000;
export const maxOwnDomains = 50;
export const maxAbusiveWords = 200;
export const abusiveWordLength = { min: 2, max: 40 } as const;
/** Raw input bounds (the contract's), before the checks below. */
export const maxTimeZoneInputLength = 64;
export const maxDomainInputLength = 300;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/**
 * An IANA time zone, canonicalised ("europe/london" -> "Europe/London", "GMT" -> "UTC"). Intl is
 * the authority (Intl.supportedValuesOf omits valid names such as UTC); offsets such as +01:00
 * are refused because they do not follow summer time.
 */
export function checkTimeZone(input: string): Checked<string> {
  const name = input.trim();
  const refuse = `"${name.slice(0, maxTimeZoneInputLength)}" is not a time zone Control Room knows: use an IANA name such as Europe/London, America/New_York or UTC.`;
  if (name === '') return { ok: false, problem: 'Enter a time zone, such as Europe/London.' };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-GB', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return { ok: false, problem: refuse };
  }
  if (/^[+-]/.test(resolved)) return { ok: false, problem: `${refuse} An offset does not follow summer time.` };
  return { ok: true, value: resolved };
}

const domainLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A bureau domain as links are compared: lower-case, internationalised names as punycode
 * ("bücher.example" -> "xn--bcher-kva.example"), without "www." (subdomains are covered anyway).
 */
export function checkDomain(input: string): Checked<string> {
  const typed = input.trim();
  const shown = `"${typed.slice(0, 80)}"`;
  if (typed === '') return { ok: false, problem: 'Enter a domain, such as met.police.uk.' };
  if (/[\s/:@?#\\]/.test(typed)) return { ok: false, problem: `${shown}: type the domain only (such as met.police.uk), without https://, a port or a path.` };
  let host: string;
  try {
    // The URL parser applies IDNA (UTS #46) the same way in Node and in the browser.
    host = new URL(`http://${typed}`).hostname;
  } catch {
    return { ok: false, problem: `${shown} is not a domain name: use letters, digits, dots and dashes (such as met.police.uk).` };
  }
  host = host.replace(/\.$/, '').replace(/^www\./, '');
  const labels = host.split('.');
  if (labels.length < 2) return { ok: false, problem: `${shown} needs a dot: type the whole domain, such as met.police.uk.` };
  if (/^\d+$/.test(labels[labels.length - 1] ?? '') || host.startsWith('[')) return { ok: false, problem: `${shown} is an IP address: enter the domain name instead.` };
  if (host.length > 253 || !labels.every((l) => domainLabel.test(l))) {
    return { ok: false, problem: `${shown} is not a valid domain name: each part between dots is 1 to 63 letters, digits or dashes, not starting or ending with a dash.` };
  }
  return { ok: true, value: host };
}

/** A word for the abusive-language list: lower-case, unmasked, spaces collapsed. */
export function checkAbusiveWord(input: string): Checked<string> {
  const word = input.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
  const { min, max } = abusiveWordLength;
  if (word.includes('*')) return { ok: false, problem: 'Type the word unmasked: letters masked with * are matched anyway.' };
  if (!/^[\p{L}\p{M}\p{N}' -]+$/u.test(word)) return { ok: false, problem: 'Use letters, digits, spaces, dashes or apostrophes only.' };
  const length = characterCount(word);
  if (length < min || length > max) return { ok: false, problem: `Use ${min} to ${max} characters (this one has ${length}).` };
  return { ok: true, value: word };
}

/** Office hours are [start, end) in whole hours; an end before the start runs past midnight. */
export function officeHoursProblems(start: number, end: number): { readonly start?: string; readonly end?: string } {
  if (!Number.isInteger(start) || start < 0 || start > 23) return { start: 'Enter the start as a whole hour from 0 to 23.' };
  if (!Number.isInteger(end) || end < 1 || end > 24) return { end: 'Enter the end as a whole hour from 1 to 24 (24 is midnight).' };
  if (start === end) return { end: 'The end is the same hour as the start: office hours would be empty.' };
  return {};
}

export function baselineProblem(perHour: number): string | null {
  if (!Number.isFinite(perHour) || perHour < 0 || perHour > maxBaselinePerHour) return `Enter a number of items per hour from 0 to ${maxBaselinePerHour}.`;
  return null;
}
