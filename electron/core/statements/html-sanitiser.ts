// A small allow-list HTML sanitiser for statement bodies (website post, email HTML). It tokenises
// the input and re-serialises only allowed elements and attributes, with text re-escaped: the
// output is our own markup, so it is safe even where our tokeniser and a browser would disagree.
// It also reports what it removed, so a press officer is told instead of being silently edited.

/** Elements kept, with the attributes each may carry. Nothing can load a resource or run code. */
const allowed: ReadonlyMap<string, readonly string[]> = new Map([
  ['p', []], ['br', []], ['hr', []], ['strong', []], ['b', []], ['em', []], ['i', []], ['u', []],
  ['ul', []], ['ol', []], ['li', []], ['blockquote', []], ['h2', []], ['h3', []], ['h4', []],
  ['a', ['href', 'title']],
]);
const voidElements = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'base', 'embed', 'source', 'track', 'wbr', 'area', 'col', 'param', 'keygen']);
/** Content is raw text up to the matching end tag; all of it is dropped. */
const rawTextElements = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Dropped together with everything inside them (not just the tags). */
const dropWithContent = new Set(['object', 'applet', 'svg', 'math', 'template', 'select', 'frameset', 'head', 'audio', 'video', 'canvas', 'map']);
const linkSchemes = new Set(['https:', 'mailto:']);

export interface SanitisedHtml {
  readonly html: string;
  /** What was left out, in words ("script element", "onerror attribute"); empty when nothing was. */
  readonly removed: readonly string[];
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);

/** Escapes markup characters, keeping entity references already written (`&amp;`, `&#169;`) as they are. */
function escapeText(s: string, quote: boolean): string {
  const out = s
    .replace(/\0/g, '')
    .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return quote ? out.replace(/"/g, '&quot;') : out;
}

/**
 * Decides whether an href is a safe link. Browsers decode character references (also without the
 * semicolon) and drop tabs and newlines before reading the scheme, so `java&#x09;script&colon;`
 * must be caught: we decode numeric references and &amp;, and refuse other named references.
 */
function checkHref(raw: string): { ok: true } | { ok: false; why: string } {
  const numeric = raw
    .replace(/&#[xX]([0-9A-Fa-f]+);?/g, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#([0-9]+);?/g, (_, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)));
  // Legacy references without a semicolon only ever yield Latin-1 symbols, never a scheme letter
  // or a colon; with a semicolon (`&colon;`, `&Tab;`) they can, so any such reference is refused.
  if (/&(?!amp;)[A-Za-z][A-Za-z0-9]*;/i.test(numeric)) return { ok: false, why: 'link with unusual character encoding' };
  const decoded = numeric.replace(/&amp;/gi, '&');
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return { ok: false, why: 'link that is not a full https address' };
  }
  if (!linkSchemes.has(url.protocol)) return { ok: false, why: `${describe(url.protocol)} link (only https and mailto links are allowed)` };
  return { ok: true };
}

/** Names from the input go into messages: keep them short and printable. */
function describe(name: string): string {
  return name.replace(/[^a-z0-9:_-]/g, '?').slice(0, 24);
}

interface Tag {
  readonly name: string;
  readonly end: boolean;
  readonly attributes: readonly (readonly [string, string])[];
  /** Index just after the closing `>`, or -1 when the input ended inside the tag. */
  readonly next: number;
}

/** Reads a tag starting at `<`; follows the HTML tokeniser's rules for names and attributes. */
function readTag(input: string, start: number): Tag {
  let i = start + 1;
  const end = input[i] === '/';
  if (end) i++;
  let name = '';
  while (i < input.length && !isSpace(input[i]) && input[i] !== '/' && input[i] !== '>') name += input[i++];
  const attributes: [string, string][] = [];
  while (i < input.length && input[i] !== '>') {
    // A slash between attributes is just a separator (`<p/onclick=...>` still has onclick).
    if (isSpace(input[i]) || input[i] === '/') {
      i++;
      continue;
    }
    let attr = input[i++] ?? '';
    while (i < input.length && !isSpace(input[i]) && !'/>='.includes(input[i] ?? '')) attr += input[i++];
    while (isSpace(input[i])) i++;
    let value = '';
    if (input[i] === '=') {
      i++;
      while (isSpace(input[i])) i++;
      const q = input[i];
      if (q === '"' || q === "'") {
        const close = input.indexOf(q, i + 1);
        if (close < 0) return { name: name.toLowerCase(), end, attributes, next: -1 };
        value = input.slice(i + 1, close);
        i = close + 1;
      } else {
        while (i < input.length && !isSpace(input[i]) && input[i] !== '>') value += input[i++];
      }
    }
    attributes.push([attr.toLowerCase(), value]);
  }
  return { name: name.toLowerCase(), end, attributes, next: i < input.length ? i + 1 : -1 };
}

export function sanitiseHtml(input: string): SanitisedHtml {
  const out: string[] = [];
  const removed = new Set<string>();
  const open: string[] = [];
  let dropping: { name: string; depth: number } | null = null;
  let i = 0;

  const emitText = (s: string): void => {
    if (!dropping && s) out.push(escapeText(s, false));
  };

  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      emitText(input.slice(i));
      break;
    }
    emitText(input.slice(i, lt));
    const after = input[lt + 1];
    if (input.startsWith('<!--', lt)) {
      // As browsers do: `<!-->` and `<!--->` end at once; otherwise the first `-->` or `--!>`.
      removed.add('comment');
      const abrupt = /^<!--->|^<!-->/.exec(input.slice(lt, lt + 6));
      if (abrupt) {
        i = lt + abrupt[0].length;
        continue;
      }
      let next = input.length;
      for (const closer of ['-->', '--!>']) {
        const at = input.indexOf(closer, lt + 4);
        if (at >= 0) next = Math.min(next, at + closer.length);
      }
      i = next;
      continue;
    }
    if (after === '!' || after === '?' || (after === '/' && !isLetter(input[lt + 2]))) {
      // Doctype, processing instruction or bogus comment: up to the next `>`.
      const close = input.indexOf('>', lt);
      if (!(after === '/' && input[lt + 2] === '>')) removed.add('comment');
      i = close < 0 ? input.length : close + 1;
      continue;
    }
    if (!isLetter(after) && after !== '/') {
      emitText('<');
      i = lt + 1;
      continue;
    }
    const tag = readTag(input, lt);
    if (tag.next < 0) {
      removed.add('unfinished tag');
      break;
    }
    i = tag.next;
    if (dropping) {
      if (tag.name === dropping.name) dropping.depth += tag.end ? -1 : 1;
      if (dropping.depth === 0) dropping = null;
      continue;
    }
    if (tag.end) {
      const at = open.lastIndexOf(tag.name);
      if (at >= 0) while (open.length > at) out.push(`</${open.pop() ?? ''}>`);
      continue;
    }
    if (rawTextElements.has(tag.name) || tag.name === 'plaintext') {
      removed.add(`${describe(tag.name)} element`);
      const close = tag.name === 'plaintext' ? null : new RegExp(`</${tag.name}[\\s/>]`, 'i').exec(input.slice(i));
      if (!close) {
        i = input.length;
        continue;
      }
      const endTag = readTag(input, i + close.index);
      i = endTag.next < 0 ? input.length : endTag.next;
      continue;
    }
    if (dropWithContent.has(tag.name)) {
      removed.add(`${describe(tag.name)} element`);
      if (!voidElements.has(tag.name)) dropping = { name: tag.name, depth: 1 };
      continue;
    }
    const allowedAttributes = allowed.get(tag.name);
    if (!allowedAttributes) {
      // Unknown or unsafe containers (div, span, font, img, form): the tag goes, its text stays.
      removed.add(`${describe(tag.name)} element`);
      continue;
    }
    const kept: string[] = [];
    const seen = new Set<string>();
    for (const [attr, value] of tag.attributes) {
      if (seen.has(attr)) continue; // browsers honour the first of duplicate attributes
      seen.add(attr);
      if (!allowedAttributes.includes(attr)) {
        removed.add(`${describe(attr)} attribute`);
        continue;
      }
      if (attr === 'href') {
        const check = checkHref(value);
        if (!check.ok) {
          removed.add(check.why);
          continue;
        }
      }
      kept.push(` ${attr}="${escapeText(value, true)}"`);
    }
    out.push(`<${tag.name}${kept.join('')}>`);
    if (!voidElements.has(tag.name)) open.push(tag.name);
  }
  while (open.length > 0) out.push(`</${open.pop() ?? ''}>`);
  return { html: out.join(''), removed: [...removed] };
}

/** Plain text of sanitised HTML, for "is the body empty?" checks. */
export function htmlTextContent(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;|&#160;/g, ' ').replace(/\s+/g, ' ').trim();
}
