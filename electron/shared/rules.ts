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
