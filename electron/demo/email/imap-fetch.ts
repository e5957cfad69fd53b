// FETCH for the demo canary server: reads the requested data items and writes one FETCH response
// per message. Supported: UID, FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, RFC822, RFC822.HEADER,
// RFC822.TEXT, BODY[<section>]<partial> and BODY.PEEK[...] with the sections "", HEADER, TEXT,
// HEADER.FIELDS (...) and HEADER.FIELDS.NOT (...), and the ALL and FAST macros.
// Not supported (answered with BAD): BODY / BODYSTRUCTURE (MIME structure), numbered MIME parts,
// BINARY, MODSEQ. The canary reader fetches the whole source and parses it itself.
import type { StoredMessage } from './canary-mailbox';
import { headerValue, parseAddressList, parseHeaderFields, splitMessage, type HeaderField } from './message-headers';
import { formatInternalDate, imapLiteral, imapNString, ParseError, type Chunk, type Token } from './imap-syntax';

type SectionKind = 'FULL' | 'HEADER' | 'TEXT' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT';

export type FetchItem =
  | { readonly kind: 'UID' | 'FLAGS' | 'INTERNALDATE' | 'RFC822.SIZE' | 'ENVELOPE' }
  | {
      readonly kind: 'BODY';
      readonly section: SectionKind;
      readonly fields: readonly string[];
      readonly peek: boolean;
      readonly partial: { readonly start: number; readonly length: number | null } | null;
      /** The name the response uses, e.g. "BODY[HEADER.FIELDS (SUBJECT)]<0>" or "RFC822". */
      readonly responseName: string;
    };

const simpleItems = new Set(['UID', 'FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE']);

function parseBodyItem(atom: string): FetchItem {
  const match = /^BODY(\.PEEK)?\[([^\]]*)\](?:<(\d{1,10})(?:\.(\d{1,10}))?>)?$/i.exec(atom);
  if (!match) throw new ParseError(`Unsupported fetch item ${atom.slice(0, 40)}`);
  const spec = (match[2] ?? '').trim();
  const fieldsMatch = /^(HEADER\.FIELDS(?:\.NOT)?)\s*\(([^()]*)\)$/i.exec(spec);
  let section: SectionKind;
  let fields: string[] = [];
  if (fieldsMatch) {
    section = (fieldsMatch[1] ?? '').toUpperCase() as SectionKind;
    fields = (fieldsMatch[2] ?? '')
      .split(/\s+/)
      .map((f) => f.replace(/^"(.*)"$/, '$1').trim())
      .filter(Boolean);
    if (!fields.length || fields.some((f) => !/^[\x21-\x39\x3b-\x7e]+$/.test(f))) throw new ParseError('Bad header field list');
  } else {
    const upper = spec.toUpperCase();
    if (upper === '') section = 'FULL';
    else if (upper === 'HEADER' || upper === 'TEXT') section = upper;
    else throw new ParseError(`Unsupported body section ${spec.slice(0, 40)}`);
  }
  const start = match[3] === undefined ? null : Number(match[3]);
  const length = match[4] === undefined ? null : Number(match[4]);
  const partial = start === null ? null : { start, length };
  const sectionText = fieldsMatch ? `${section} (${fields.map((f) => f.toUpperCase()).join(' ')})` : section === 'FULL' ? '' : section;
  // The response names the origin only, never the length (RFC 3501 7.4.2).
  const responseName = `BODY[${sectionText}]${partial ? `<${partial.start}>` : ''}`;
  return { kind: 'BODY', section, fields, peek: match[1] !== undefined, partial, responseName };
}

function parseItem(atom: string): FetchItem[] {
  const upper = atom.toUpperCase();
  if (simpleItems.has(upper)) return [{ kind: upper as 'UID' }];
  if (upper === 'FAST') return [{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }, { kind: 'RFC822.SIZE' }];
  if (upper === 'ALL') return [{ kind: 'FLAGS' }, { kind: 'INTERNALDATE' }, { kind: 'RFC822.SIZE' }, { kind: 'ENVELOPE' }];
  if (upper === 'RFC822') return [{ kind: 'BODY', section: 'FULL', fields: [], peek: false, partial: null, responseName: 'RFC822' }];
  if (upper === 'RFC822.HEADER') return [{ kind: 'BODY', section: 'HEADER', fields: [], peek: true, partial: null, responseName: 'RFC822.HEADER' }];
  if (upper === 'RFC822.TEXT') return [{ kind: 'BODY', section: 'TEXT', fields: [], peek: false, partial: null, responseName: 'RFC822.TEXT' }];
  if (upper.startsWith('BODY')) return [parseBodyItem(atom)];
  throw new ParseError(`Unsupported fetch item ${atom.slice(0, 40)}`);
}

/** Reads the FETCH data-item argument: one item/macro or a parenthesised list of items. */
export function parseFetchItems(token: Token | undefined, byUid: boolean): FetchItem[] {
  if (!token) throw new ParseError('Missing fetch items');
  let items: FetchItem[];
  if (token.kind === 'atom') items = parseItem(token.value);
  else if (token.kind === 'list') {
    if (!token.items.length) throw new ParseError('Empty fetch item list');
    items = token.items.flatMap((t) => {
      if (t.kind !== 'atom' || ['ALL', 'FAST', 'FULL'].includes(t.value.toUpperCase())) throw new ParseError('Bad fetch item');
      return parseItem(t.value);
    });
  } else throw new ParseError('Bad fetch items');
  // UID FETCH always answers with the UID (RFC 3501 6.4.8).
  if (byUid && !items.some((i) => i.kind === 'UID')) items.unshift({ kind: 'UID' });
  return items;
}

function sectionBytes(message: StoredMessage, item: Extract<FetchItem, { kind: 'BODY' }>): Buffer {
  if (item.section === 'FULL') return message.raw;
  const { header, body } = splitMessage(message.raw);
  if (item.section === 'HEADER') return header;
  if (item.section === 'TEXT') return body;
  const wanted = new Set(item.fields.map((f) => f.toLowerCase()));
  const keep = (f: HeaderField): boolean => wanted.has(f.name.toLowerCase()) === (item.section === 'HEADER.FIELDS');
  const lines = parseHeaderFields(header)
    .filter(keep)
    .map((f) => (f.raw.endsWith('\n') ? f.raw : `${f.raw}\r\n`));
  // The selected fields are followed by the blank line, as in the full header.
  return Buffer.from(`${lines.join('')}\r\n`, 'latin1');
}

function addressList(value: string | null): Chunk[] {
  const addresses = parseAddressList(value);
  if (!addresses.length) return ['NIL'];
  const out: Chunk[] = ['('];
  for (const a of addresses) {
    out.push('(', ...imapNString(a.name), ' NIL ', ...imapNString(a.mailbox), ' ', ...imapNString(a.host), ')');
  }
  out.push(')');
  return out;
}

/** ENVELOPE (RFC 3501 7.4.2); Sender and Reply-To default to From, as the RFC requires. */
export function envelope(message: StoredMessage): Chunk[] {
  const fields = parseHeaderFields(splitMessage(message.raw).header);
  const get = (name: string): string | null => headerValue(fields, name);
  const from = get('From');
  const out: Chunk[] = ['('];
  out.push(...imapNString(get('Date')), ' ', ...imapNString(get('Subject')), ' ');
  out.push(...addressList(from), ' ', ...addressList(get('Sender') ?? from), ' ', ...addressList(get('Reply-To') ?? from), ' ');
  out.push(...addressList(get('To')), ' ', ...addressList(get('Cc')), ' ', ...addressList(get('Bcc')), ' ');
  out.push(...imapNString(get('In-Reply-To')), ' ', ...imapNString(get('Message-ID')), ')');
  return out;
}

function flagList(message: StoredMessage): string {
  return `(${[...message.flags].join(' ')})`;
}

/**
 * One "* seq FETCH (...)" response. `markSeen` is true when the mailbox is read-write: a non-PEEK
 * body fetch then sets \Seen, and the new flags are reported even if FLAGS was not asked for.
 */
export function fetchResponse(message: StoredMessage, seq: number, items: readonly FetchItem[], markSeen: boolean): Chunk[] {
  const parts: Chunk[][] = [];
  let flagsChanged = false;
  if (markSeen && items.some((i) => i.kind === 'BODY' && !i.peek) && !message.flags.has('\\Seen')) {
    message.flags.add('\\Seen');
    flagsChanged = true;
  }
  for (const item of items) {
    switch (item.kind) {
      case 'UID':
        parts.push([`UID ${message.uid}`]);
        break;
      case 'FLAGS':
        parts.push([`FLAGS ${flagList(message)}`]);
        break;
      case 'INTERNALDATE':
        parts.push([`INTERNALDATE ${formatInternalDate(message.internalDate)}`]);
        break;
      case 'RFC822.SIZE':
        parts.push([`RFC822.SIZE ${message.raw.length}`]);
        break;
      case 'ENVELOPE':
        parts.push(['ENVELOPE ', ...envelope(message)]);
        break;
      case 'BODY': {
        let bytes = sectionBytes(message, item);
        if (item.partial) {
          const end = item.partial.length === null ? undefined : item.partial.start + item.partial.length;
          bytes = bytes.subarray(Math.min(item.partial.start, bytes.length), end);
        }
        parts.push([`${item.responseName} `, ...imapLiteral(bytes)]);
        break;
      }
    }
  }
  if (flagsChanged && !items.some((i) => i.kind === 'FLAGS')) parts.push([`FLAGS ${flagList(message)}`]);
  const out: Chunk[] = [`* ${seq} FETCH (`];
  parts.forEach((part, index) => {
    if (index > 0) out.push(' ');
    out.push(...part);
  });
  out.push(')\r\n');
  return out;
}
