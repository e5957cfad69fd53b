// Text formatting the demo shares between the REST API, the feed and the HTML pages: WordPress's
// date formats, slugs (sanitize_title), and small approximations of the filters WordPress runs
// on output (wptexturize, convert_chars, wpautop, wp_trim_excerpt). The approximations cover the
// common cases; an adapter that needs the exact text reads `raw` under context=edit, as it must
// against real WordPress too.

/** mysql_to_rfc3339(): "2019-07-19T22:00:00", no fraction, no zone (the site's zone is UTC). */
export function formatWpDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** RSS pubDate as WordPress writes it: "Fri, 19 Jul 2019 22:00:00 +0000". */
export function formatRssDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** HTTP dates (Last-Modified): "Fri, 19 Jul 2019 22:00:00 GMT". */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

/** wp_strip_all_tags(): drops script and style elements with their content, then every tag. */
export function stripAllTags(html: string): string {
  return html
    .replace(/<(script|style)[^>]*?>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>?/g, '')
    .trim();
}

/** PHP's strip_tags(): removes the tags but keeps the text between them, script bodies included. */
export function stripTags(html: string): string {
  return html.replace(/<[^>]*>?/g, '');
}

/** Decodes the entities the formatters produce and the common named ones, for plain-text output. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '\u2026' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

/** sanitize_title_with_dashes() in 'save' context; empty when nothing usable is left. */
export function sanitizeTitle(title: string): string {
  // strip_tags(), not wp_strip_all_tags(): "<script>alert(1)</script>" leaves "alert(1)" behind.
  let slug = stripTags(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&[^\s;]*;/g, '')
    .toLowerCase()
    .replace(/\./g, '-');
  // Non-ASCII letters become lower-case percent escapes, as utf8_uri_encode() does.
  slug = Array.from(slug)
    .map((char) => (char.charCodeAt(0) > 0x7f ? encodeURIComponent(char).toLowerCase() : char))
    .join('');
  return slug
    .replace(/[^%a-z0-9 _-]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

/** convert_chars()/wptexturize's ampersand rule: a bare & becomes &#038;, entities stay. */
function convertAmpersands(text: string): string {
  return text.replace(/&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)/gi, '&#038;');
}

function texturizeText(text: string): string {
  return convertAmpersands(
    text
      .replace(/---/g, '&#8212;')
      .replace(/ -- /g, ' &#8212; ')
      .replace(/--/g, '&#8211;')
      .replace(/ - /g, ' &#8211; ')
      .replace(/\.\.\./g, '&#8230;')
      .replace(/(\d)x(\d)/g, '$1&#215;$2')
      .replace(/(^|[\s([{"-])'/g, '$1&#8216;')
      .replace(/'/g, '&#8217;')
      .replace(/(^|[\s([{-])"/g, '$1&#8220;')
      .replace(/"/g, '&#8221;'),
  );
}

/**
 * A subset of wptexturize(): curly quotes, dashes, ellipses and bare ampersands in text, leaving
 * tags and the inside of code, pre, kbd, script and style alone, as WordPress does.
 */
export function texturize(html: string): string {
  const parts = html.split(/(<[^>]*>)/);
  let skipUntil: string | null = null;
  return parts
    .map((part) => {
      if (part.startsWith('<')) {
        const open = /^<(code|pre|kbd|script|style|tt)\b/i.exec(part);
        if (skipUntil === null && open?.[1]) skipUntil = open[1].toLowerCase();
        else if (skipUntil !== null && new RegExp(`^</${skipUntil}\\s*>`, 'i').test(part)) skipUntil = null;
        return part;
      }
      return skipUntil === null ? texturizeText(part) : part;
    })
    .join('');
}

const blockTag = /^<\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|section|article|aside|header|footer|nav|form|dl|dt|dd|address|details|summary|iframe|script|style)\b/i;

/** A simplified wpautop(): blank-line-separated text becomes paragraphs, single newlines <br />. */
export function autop(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n').trim();
  if (normalized === '') return '';
  const chunks = normalized.split(/\n\s*\n/).map((chunk) => chunk.trim()).filter((chunk) => chunk !== '');
  return `${chunks.map((chunk) => (blockTag.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br />\n')}</p>`)).join('\n')}\n`;
}

/** What `the_content` makes of stored content: block comments removed, texturized, paragraphs. */
export function renderContent(content: string): string {
  // do_blocks() strips block delimiters, and wpautop is skipped for block content.
  if (/<!-- wp:/.test(content)) return texturize(content.replace(/<!-- \/?wp:[\s\S]*?-->\n?/g, '').trim()) + '\n';
  return autop(texturize(content));
}

/** What `the_title` makes of a stored title. */
export function renderTitle(title: string): string {
  return texturize(title).trim();
}

/** get_the_excerpt + the_excerpt: the given excerpt, or the first 55 words of the content + " [&hellip;]". */
export function renderExcerpt(excerpt: string, content: string): string {
  if (excerpt.trim() !== '') return autop(texturize(excerpt));
  const words = stripAllTags(renderContent(content)).split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return '';
  const trimmed = words.length > 55 ? `${words.slice(0, 55).join(' ')} [&hellip;]` : words.join(' ');
  return autop(trimmed);
}
