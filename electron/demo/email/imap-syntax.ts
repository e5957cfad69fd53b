// IMAP4rev1 wire syntax for the demo canary server (RFC 3501 section 9): reading the arguments of
// a command into tokens, and writing strings, literals and dates in responses.
//
// The tokenizer is deliberately lenient about what an atom may contain (sequence sets, LIST
// patterns and FETCH items like BODY.PEEK[HEADER.FIELDS (Subject)]<0.100> all arrive as one atom)
// and strict about structure: anything it can not read becomes a ParseError, which the session
// answers with BAD. It never throws anything else on client input.

export type Token =
  | { readonly kind: 'atom'; readonly value: string }
  | { readonly kind: 'string'; readonly value: Buffer }
  | { readonly kind: 'list'; readonly items: readonly Token[] };

export class ParseError extends Error {}

const maxListDepth = 8;
const maxTokens = 2000;

/**
 * Tokenizes the arguments of one command. `text` is the command line with each literal's `{n}`
 * marker left in place (latin1, one char per byte); `literals` are the literal payloads in order.
 */
export function tokenize(text: string, literals: readonly Buffer[]): Token[] {
  let pos = 0;
  let literalIndex = 0;
  let count = 0;

  const readList = (depth: number, closing: string | null): Token[] => {
    const items: Token[] = [];
    for (;;) {
      while (text[pos] === ' ') pos++;
      if (pos >= text.length) {
        if (closing) throw new ParseError('Unterminated list');
        return items;
      }
      const ch = text[pos] ?? '';
      if (ch === ')') {
        if (closing !== ')') throw new ParseError('Unexpected )');
        pos++;
        return items;
      }
      if (++count > maxTokens) throw new ParseError('Too many arguments');
      if (ch === '(') {
        if (depth >= maxListDepth) throw new ParseError('Lists nested too deeply');
        pos++;
        items.push({ kind: 'list', items: readList(depth + 1, ')') });
      } else if (ch === '"') {
        items.push({ kind: 'string', value: readQuoted() });
      } else if (ch === '{') {
        const marker = /^\{(\d{1,10})\+?\}/.exec(text.slice(pos));
        const literal = literals[literalIndex];
        if (!marker || literal === undefined || literal.length !== Number(marker[1])) throw new ParseError('Bad literal');
        literalIndex++;
        pos += marker[0].length;
        items.push({ kind: 'string', value: literal });
      } else {
        items.push({ kind: 'atom', value: readAtom() });
      }
      // Tokens are separated by one space, or end at a closing parenthesis / end of line.
      const next = text[pos];
      if (next !== undefined && next !== ' ' && next !== ')') throw new ParseError('Missing space between arguments');
    }
  };

  const readQuoted = (): Buffer => {
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      const ch = text[pos] ?? '';
      if (ch === '\\') {
        const escaped = text[pos + 1];
        if (escaped !== '\\' && escaped !== '"') throw new ParseError('Bad escape in quoted string');
        out += escaped;
        pos += 2;
        continue;
      }
      if (ch === '"') {
        pos++;
        return Buffer.from(out, 'latin1');
      }
      if (ch === '\r' || ch === '\n' || ch === '\0') throw new ParseError('Bad character in quoted string');
      out += ch;
      pos++;
    }
    throw new ParseError('Unterminated quoted string');
  };

  const readAtom = (): string => {
    const start = pos;
    let bracket = 0;
    while (pos < text.length) {
      const ch = text[pos] ?? '';
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code >= 0x7f) throw new ParseError('Bad character in atom');
      if (bracket > 0) {
        // Inside a section spec spaces and parentheses are part of the atom.
        if (ch === '[') bracket++;
        else if (ch === ']') bracket--;
        pos++;
        continue;
      }
      if (ch === ' ' || ch === '(' || ch === ')' || ch === '"' || ch === '{') break;
      if (ch === '[') bracket++;
      pos++;
    }
    if (bracket > 0) throw new ParseError('Unterminated section');
    if (pos === start) throw new ParseError('Empty atom');
    return text.slice(start, pos);
  };

  const tokens = readList(0, null);
  if (literalIndex !== literals.length) throw new ParseError('Unused literal');
  return tokens;
}

/** The value of an astring argument (atom, quoted string or literal) as bytes. */
export function astring(token: Token | undefined): Buffer | null {
  if (!token) return null;
  if (token.kind === 'string') return token.value;
  if (token.kind === 'atom') return Buffer.from(token.value, 'latin1');
  return null;
}

/** A response chunk: text is written as latin1 (one byte per char), buffers as they are. */
export type Chunk = string | Buffer;

function isQuotable(text: string): boolean {
  if (text.length > 1024) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Quoted strings may not carry NUL, CR, LF or 8-bit bytes.
    if (code === 0 || code === 0x0a || code === 0x0d || code > 0x7f) return false;
  }
  return true;
}

/**
 * A string in a response: quoted when that is safe, otherwise a literal carrying the exact bytes.
 * Accepts latin1 strings (one char per byte) or buffers.
 */
export function imapString(value: string | Buffer): Chunk[] {
  const text = typeof value === 'string' ? value : value.toString('latin1');
  if (isQuotable(text)) {
    return [`"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`];
  }
  return imapLiteral(typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
}

export function imapNString(value: string | Buffer | null): Chunk[] {
  return value === null ? ['NIL'] : imapString(value);
}

export function imapLiteral(bytes: Buffer): Chunk[] {
  return [`{${bytes.length}}\r\n`, bytes];
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** INTERNALDATE form: "DD-Mon-YYYY HH:MM:SS +0000" with a space-padded day, in UTC. */
export function formatInternalDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const month = months[date.getUTCMonth()] ?? 'Jan';
  const time = date.toISOString().slice(11, 19);
  return `"${day}-${month}-${date.getUTCFullYear()} ${time} +0000"`;
}

/** SEARCH date ("1-Feb-2024"), as the UTC midnight that starts that day; null if malformed. */
export function parseSearchDate(value: string): Date | null {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value);
  if (!match) return null;
  const month = months.findIndex((m) => m.toLowerCase() === (match[2] ?? '').toLowerCase());
  const day = Number(match[1]);
  if (month < 0 || day < 1 || day > 31) return null;
  return new Date(Date.UTC(Number(match[3]), month, day));
}
