// Turns attacker-controlled HTML (web posts, email bodies) into the srcdoc of a sandbox="" iframe.
// Three layers, each enough on its own for scripts: an allow-list copy (unknown elements are
// unwrapped to their text, every attribute but a few harmless ones dropped, no URL survives but
// data: images), the frame's own CSP meta, and the sandbox. Remote images become a placeholder
// that says so, and links become text naming the host they really point at, because a preview
// that fetches anything tells the attacker (or a tracker) that the bureau is looking.
import { describeLink, type FoundLink } from './links';
import { hostOf } from './format';

/** First thing in every srcdoc: the frame refuses everything but inline styles and data: images. */
export const previewCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const head = `<meta http-equiv="Content-Security-Policy" content="${previewCsp}"><meta charset="utf-8"><meta name="referrer" content="no-referrer">`;

/** Kept as elements (without attributes, apart from `keptAttributes`). */
const keptElements = new Set([
  'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'mark', 'small', 'big', 'sub', 'sup',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'tt', 'hr',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'figure', 'figcaption', 'article', 'section', 'header',
  'footer', 'aside', 'address', 'abbr', 'cite', 'q', 'time', 'center', 'wbr', 'details', 'summary',
]);

/** Dropped with everything inside: code, styles, embedded documents and form controls. */
const droppedElements = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'link',
  'meta', 'base', 'title', 'head', 'svg', 'math', 'canvas', 'audio', 'video', 'source', 'track', 'portal', 'fencedframe',
  'input', 'select', 'textarea', 'option', 'datalist', 'button', 'map', 'area', 'dialog', 'slot',
]);

const keptAttributes = new Set(['alt', 'title', 'colspan', 'rowspan', 'dir', 'lang', 'scope', 'headers', 'datetime']);

/** Deeper than this, nesting is flattened to text: a hostile document must not blow the stack. */
const maxDepth = 200;

export interface HtmlPreview {
  readonly srcdoc: string;
  readonly links: readonly FoundLink[];
  readonly blockedImages: number;
  /** Element names removed with their content (script, style, iframe…), for the notice. */
  readonly removed: readonly string[];
}

interface Walk {
  readonly out: Document;
  readonly links: FoundLink[];
  readonly removed: Set<string>;
  blockedImages: number;
}

function placeholder(w: Walk, text: string): HTMLElement {
  const el = w.out.createElement('code');
  el.textContent = text;
  return el;
}

function copyImage(w: Walk, img: Element): Node {
  const src = img.getAttribute('src') ?? '';
  const alt = (img.getAttribute('alt') ?? '').trim();
  if (/^data:image\/(png|gif|jpe?g|webp);/i.test(src.trim())) {
    const copy = w.out.createElement('img');
    copy.setAttribute('src', src.trim());
    if (alt) copy.setAttribute('alt', alt);
    return copy;
  }
  w.blockedImages++;
  const host = hostOf(src);
  return placeholder(w, `[remote image not loaded${host ? `: ${host}` : ''}${alt ? ` — "${alt}"` : ''}]`);
}

function copyChildren(w: Walk, from: Node, to: Node, depth: number): void {
  for (const child of Array.from(from.childNodes)) {
    const copied = copyNode(w, child, depth + 1);
    for (const n of copied) to.appendChild(n);
  }
}

function copyNode(w: Walk, node: Node, depth: number): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [w.out.createTextNode(node.textContent ?? '')];
  if (node.nodeType !== Node.ELEMENT_NODE) return []; // comments (and conditional comments) go
  const el = node as Element;
  const tag = el.localName.toLowerCase();
  if (depth > maxDepth) return [w.out.createTextNode(el.textContent ?? '')];
  if (droppedElements.has(tag)) {
    w.removed.add(tag);
    if (tag === 'area' && el.getAttribute('href')) w.links.push(describeLink(el.getAttribute('href') ?? ''));
    return [];
  }
  if (tag === 'img' || tag === 'image') return [copyImage(w, el)];
  if (tag === 'a') {
    // The link keeps its words but loses its target; the real host is written beside it.
    const href = (el.getAttribute('href') ?? '').trim();
    const span = w.out.createElement('span');
    copyChildren(w, el, span, depth);
    if (!href) return [span];
    const link = describeLink(href, (el.textContent ?? '').trim() || null);
    w.links.push(link);
    const target = link.host ?? (link.scheme ? `${link.scheme}: link` : 'unreadable link');
    return [span, w.out.createTextNode(' '), placeholder(w, `[link → ${target}]`)];
  }
  if (!keptElements.has(tag)) {
    // Unknown or container elements (html, body, form, font, custom tags): keep only what is inside.
    const frag = w.out.createDocumentFragment();
    copyChildren(w, el, frag, depth);
    return [frag];
  }
  const copy = w.out.createElement(tag);
  for (const attr of Array.from(el.attributes)) {
    if (keptAttributes.has(attr.name.toLowerCase())) copy.setAttribute(attr.name.toLowerCase(), attr.value);
  }
  copyChildren(w, el, copy, depth);
  return [copy];
}

/** Builds the preview. Needs a DOM (DOMParser): parsing there runs no script and loads nothing. */
export function buildHtmlPreview(html: string): HtmlPreview {
  const source = new DOMParser().parseFromString(html, 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const w: Walk = { out, links: [], removed: new Set(), blockedImages: 0 };
  if (source.head) {
    for (const el of Array.from(source.head.querySelectorAll('script, style, link, meta, base'))) w.removed.add(el.localName);
  }
  const container = out.createElement('div');
  if (source.body) copyChildren(w, source.body, container, 0);
  return {
    srcdoc: `${head}<body>${container.innerHTML}</body>`,
    links: w.links,
    blockedImages: w.blockedImages,
    removed: [...w.removed].sort(),
  };
}
