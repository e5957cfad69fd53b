// The abusive-language lexicon: the built-in words (each with patterns tuned to how abuse is
// masked) and the matcher for a word an admin adds. Compiled once per list, not per item.

/** Built-in words and their patterns, matched also when masked with asterisks, as abuse often is. */
const builtIn: ReadonlyMap<string, readonly RegExp[]> = new Map([
  ['fuck', [/\bf[u*@][c*][k*]/i, /\bf\*{2,}/i]],
  ['shit', [/\bsh[i*!]t\b/i]],
  ['cunt', [/\bc[u*]nt/i]],
  ['bitch', [/\bb[i*]tch/i]],
  ['bastard', [/\bbastard/i]],
  ['wank', [/\bw[a*]nk/i]],
  ['piss off', [/\bp[i*]ss\s+off\b/i]],
  ['hacked by', [/\bhacked\s+by\b/i]],
  ['pwned', [/\bpwned\b/i]],
]);

/** The default list: kept short and obvious on purpose, it orders attention and decides nothing. */
export const builtInAbusiveWords: readonly string[] = [...builtIn.keys()];

const escape = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * An added word as a whole word, case-insensitive; after its first letter any letter may be
 * masked (f*ck, f***), and spaces match any run of white space.
 */
export function wordPattern(word: string): RegExp {
  const chars = [...word];
  const body = chars
    .map((c, i) => (c === ' ' ? '\\s+' : i === 0 || !/[\p{L}\p{N}]/u.test(c) ? escape(c) : `(?:${escape(c)}|[*@#!$%])`))
    .join('');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The patterns for a list of words: a built-in word keeps its tuned patterns. */
export function compileLexicon(words: readonly string[]): readonly RegExp[] {
  return words.flatMap((w) => builtIn.get(w) ?? [wordPattern(w)]);
}

export const builtInPatterns: readonly RegExp[] = compileLexicon(builtInAbusiveWords);
