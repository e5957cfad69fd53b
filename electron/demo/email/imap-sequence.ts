// Sequence sets ("1:3,7,9:*") and SEARCH keys for the demo canary server.
//
// One behaviour matters for readers and is kept exactly as RFC 3501 says (and as Dovecot does it):
// "*" is the largest number in use, and a range matches everything between its two ends in either
// order. So "UID FETCH 6:*" in a mailbox whose last UID is 5 returns message 5. A reader asking
// for "everything after UID n" must therefore drop UIDs <= n itself; the demo behaving like a real
// server here is what lets the tests catch a reader that forgets.
import type { StoredMessage } from './canary-mailbox';
import { ParseError, parseSearchDate, type Token } from './imap-syntax';

type Bound = number | '*';
export type SequenceSet = ReadonlyArray<readonly [Bound, Bound]>;

const numberPattern = /^[1-9]\d{0,9}$/;

function parseBound(text: string): Bound | null {
  if (text === '*') return '*';
  if (!numberPattern.test(text)) return null;
  const value = Number(text);
  return value <= 0xffffffff ? value : null;
}

export function parseSequenceSet(text: string): SequenceSet | null {
  if (!text || text.length > 16 * 1024) return null;
  const out: Array<readonly [Bound, Bound]> = [];
  for (const part of text.split(',')) {
    const ends = part.split(':');
    if (ends.length > 2) return null;
    const from = parseBound(ends[0] ?? '');
    const to = ends.length === 2 ? parseBound(ends[1] ?? '') : from;
    if (from === null || to === null) return null;
    out.push([from, to]);
  }
  return out;
}

/** Does `value` fall in the set, given the largest number in use (`*`)? */
export function inSequenceSet(set: SequenceSet, value: number, largest: number): boolean {
  for (const [a, b] of set) {
    const lo = Math.min(a === '*' ? largest : a, b === '*' ? largest : b);
    const hi = Math.max(a === '*' ? largest : a, b === '*' ? largest : b);
    if (value >= lo && value <= hi) return true;
  }
  return false;
}

/** Largest explicit number in the set (to reject sequence numbers past the end of the mailbox). */
export function largestExplicit(set: SequenceSet): number {
  let max = 0;
  for (const [a, b] of set) {
    if (a !== '*') max = Math.max(max, a);
    if (b !== '*') max = Math.max(max, b);
  }
  return max;
}

export interface SearchContext {
  readonly messages: readonly StoredMessage[];
  /** Highest UID in the mailbox (0 when empty). */
  readonly largestUid: number;
}

type Predicate = (message: StoredMessage, seq: number) => boolean;

const dayMs = 24 * 60 * 60 * 1000;

/** The UTC day a message arrived on, as the timestamp of that day's midnight. */
function arrivalDay(message: StoredMessage): number {
  return Math.floor(message.internalDate.getTime() / dayMs) * dayMs;
}

function atomValue(token: Token | undefined): string | null {
  if (!token) return null;
  if (token.kind === 'atom') return token.value;
  if (token.kind === 'string') return token.value.toString('latin1');
  return null;
}

/**
 * Compiles SEARCH keys into a predicate. Supported: ALL, UID <set>, <sequence set>, SINCE, BEFORE,
 * ON, SEEN, UNSEEN, NOT <key>, OR <key> <key>, and parenthesised groups; all keys are ANDed.
 * A leading CHARSET US-ASCII / UTF-8 is accepted. Anything else is a ParseError (BAD).
 */
export function compileSearch(tokens: readonly Token[], context: SearchContext): Predicate {
  let pos = 0;
  const first = tokens[0];
  if (first?.kind === 'atom' && first.value.toUpperCase() === 'CHARSET') {
    const charset = atomValue(tokens[1])?.toUpperCase();
    if (charset !== 'US-ASCII' && charset !== 'UTF-8') throw new ParseError('[BADCHARSET (US-ASCII UTF-8)] Unsupported charset');
    pos = 2;
  }
  const readKey = (list: readonly Token[], at: { i: number }, depth: number): Predicate => {
    if (depth > 16) throw new ParseError('Search nested too deeply');
    const token = list[at.i++];
    if (!token) throw new ParseError('Missing search key');
    if (token.kind === 'list') {
      const inner = readAll(token.items, depth + 1);
      return inner;
    }
    if (token.kind !== 'atom') throw new ParseError('Bad search key');
    const key = token.value.toUpperCase();
    switch (key) {
      case 'ALL':
        return () => true;
      case 'SEEN':
        return (m) => m.flags.has('\\Seen');
      case 'UNSEEN':
        return (m) => !m.flags.has('\\Seen');
      case 'UID': {
        const set = parseSequenceSet(atomValue(list[at.i++]) ?? '');
        if (!set) throw new ParseError('Bad UID set');
        // An empty mailbox has no "*": nothing matches.
        return (m) => context.largestUid > 0 && inSequenceSet(set, m.uid, context.largestUid);
      }
      case 'SINCE':
      case 'BEFORE':
      case 'ON': {
        const date = parseSearchDate(atomValue(list[at.i++]) ?? '');
        if (!date) throw new ParseError('Bad date');
        const day = date.getTime();
        if (key === 'SINCE') return (m) => arrivalDay(m) >= day;
        if (key === 'BEFORE') return (m) => arrivalDay(m) < day;
        return (m) => arrivalDay(m) === day;
      }
      case 'NOT': {
        const inner = readKey(list, at, depth + 1);
        return (m, seq) => !inner(m, seq);
      }
      case 'OR': {
        const left = readKey(list, at, depth + 1);
        const right = readKey(list, at, depth + 1);
        return (m, seq) => left(m, seq) || right(m, seq);
      }
      default: {
        const set = parseSequenceSet(token.value);
        if (!set) throw new ParseError(`Unsupported search key ${key.slice(0, 40)}`);
        const exists = context.messages.length;
        return (_m, seq) => exists > 0 && inSequenceSet(set, seq, exists);
      }
    }
  };
  const readAll = (list: readonly Token[], depth: number): Predicate => {
    const at = { i: 0 };
    const predicates: Predicate[] = [];
    while (at.i < list.length) predicates.push(readKey(list, at, depth));
    if (!predicates.length) throw new ParseError('Missing search key');
    return (m, seq) => predicates.every((p) => p(m, seq));
  };
  return readAll(tokens.slice(pos), 0);
}
