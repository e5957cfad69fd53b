// Just enough RFC 5322 reading for the demo email path: split a raw message into header and body,
// list the header fields, pull out addresses for the IMAP ENVELOPE, and decode an encoded-word
// subject for the "bulletin accepted" notice.
//
// Header text is handled as latin1 ("binary") strings on purpose: each character is one byte of the
// original message, so anything sliced or echoed back (HEADER.FIELDS, ENVELOPE literals) is
// byte-for-byte what the sender wrote, whatever charset the sender used.

export interface SplitMessage {
  /** The header section including the blank line that ends it (what IMAP calls BODY[HEADER]). */
  readonly header: Buffer;
  /** Everything after the blank line (BODY[TEXT]). */
  readonly body: Buffer;
}

export interface HeaderField {
  /** Field name as written. */
  readonly name: string;
  /** The field's original lines, folding and final CRLF included (latin1). */
  readonly raw: string;
  /** Unfolded, trimmed value (latin1). */
  readonly value: string;
}

export interface ParsedAddress {
  readonly name: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

export function splitMessage(raw: Buffer): SplitMessage {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  // A message may use bare LF; the earliest blank line of either kind ends the header.
  let end = -1;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) end = crlf + 4;
  else if (lf >= 0) end = lf + 2;
  // A message that starts with a blank line has an empty header section.
  if (raw.subarray(0, 2).toString('latin1') === '\r\n') end = 2;
  else if (raw.subarray(0, 1).toString('latin1') === '\n') end = 1;
  if (end < 0) return { header: raw, body: Buffer.alloc(0) };
  return { header: raw.subarray(0, end), body: raw.subarray(end) };
}

export function parseHeaderFields(header: Buffer): HeaderField[] {
  const text = header.toString('latin1');
  const lines = text.split(/(?<=\n)/);
  const fields: HeaderField[] = [];
  let current: { name: string; raw: string } | undefined;
  const flush = (): void => {
    if (!current) return;
    const colon = current.raw.indexOf(':');
    const value = current.raw
      .slice(colon + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .replace(/\r?\n$/, '')
      .trim();
    fields.push({ name: current.name, raw: current.raw, value });
    current = undefined;
  };
  for (const line of lines) {
    if (line === '\r\n' || line === '\n') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current) {
      current.raw += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    // A line without a colon is not a field; skip it rather than guess.
    if (colon <= 0) continue;
    current = { name: line.slice(0, colon).trim(), raw: line };
  }
  flush();
  return fields;
}

export function headerValue(fields: readonly HeaderField[], name: string): string | null {
  const wanted = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === wanted)?.value ?? null;
}

/** Splits at top-level commas, ignoring those inside quotes, angle brackets and comments. */
function splitTopLevel(value: string, separator: string): string[] {
  const parts: string[] = [];
  let depthAngle = 0;
  let depthComment = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '(') depthComment++;
    else if (ch === ')') depthComment = Math.max(0, depthComment - 1);
    else if (ch === '<') depthAngle++;
    else if (ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (ch === separator && depthAngle === 0 && depthComment === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function stripComments(value: string): string {
  // Nested comments are rare in practice; two passes cover one level of nesting.
  return value.replace(/\([^()]*\)/g, ' ').replace(/\([^()]*\)/g, ' ');
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return trimmed;
}

function splitAddrSpec(spec: string): { mailbox: string | null; host: string | null } {
  // An obsolete source route ("@relay:user@host") names hops, not the mailbox.
  const clean = stripComments(spec).trim().replace(/^@[^:]*:/, '');
  if (!clean) return { mailbox: null, host: null };
  const at = clean.lastIndexOf('@');
  if (at < 0) return { mailbox: unquote(clean), host: null };
  return { mailbox: unquote(clean.slice(0, at)), host: clean.slice(at + 1).trim() || null };
}

/**
 * Parses an address-list header value. Groups ("Team: a@b, c@d;") are flattened to their members:
 * the demo's ENVELOPE is for display, and no reader here needs group markers.
 */
export function parseAddressList(value: string | null): ParsedAddress[] {
  if (value === null) return [];
  const out: ParsedAddress[] = [];
  for (let part of splitTopLevel(value, ',')) {
    // "Group: first@x" -> "first@x"; a trailing ";" ends the group.
    const groupColon = /^[^"<>@]*:/.exec(part);
    if (groupColon) part = part.slice(groupColon[0].length);
    part = part.replace(/;\s*$/, '').trim();
    if (!part) continue;
    const angle = /^(.*)<([^<>]*)>\s*(\(.*\))?$/s.exec(part);
    if (angle) {
      const display = unquote(stripComments(angle[1] ?? '')).trim();
      const { mailbox, host } = splitAddrSpec(angle[2] ?? '');
      out.push({ name: display || null, mailbox, host });
      continue;
    }
    const comment = /\(([^()]*)\)/.exec(part)?.[1]?.trim();
    const { mailbox, host } = splitAddrSpec(part);
    out.push({ name: comment || null, mailbox, host });
  }
  return out;
}

/** The first address's "local@domain", lowercased (handy for matching subscribers). */
export function firstAddress(value: string | null): string | null {
  const first = parseAddressList(value)[0];
  if (!first?.mailbox) return null;
  return (first.host ? `${first.mailbox}@${first.host}` : first.mailbox).toLowerCase();
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    // Unknown charset label: show the bytes as latin1 rather than lose the subject.
    return Buffer.from(bytes).toString('latin1');
  }
}

/**
 * Decodes RFC 2047 encoded-words (B and Q) in a latin1 header value and interprets any raw 8-bit
 * bytes as UTF-8 (RFC 6532), so a subject reads as the sender meant it.
 */
export function decodeHeaderText(latin1Value: string): string {
  const raw = Buffer.from(latin1Value, 'latin1').toString('utf8');
  // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 section 6.2).
  const joined = raw.replace(/(\?=)\s+(?==\?)/g, '$1');
  return joined.replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (match, charset: string, encoding: string, text: string) => {
    if (encoding.toUpperCase() === 'B') {
      return decodeCharset(Buffer.from(text, 'base64'), charset);
    }
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (ch === '_') bytes.push(0x20);
      else if (ch === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(ch.charCodeAt(0) & 0xff);
    }
    return decodeCharset(Uint8Array.from(bytes), charset);
  });
}
