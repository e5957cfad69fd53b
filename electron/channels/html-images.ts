// The <img> tags of channel HTML (web posts, email bodies) as plain attribute values, for listing
// the images an item carries. Parsing only: nothing here is rendered or fetched.
import { decodeEntities } from './html-text';

export interface ImageTag {
  readonly src: string | null;
  readonly alt: string | null;
  readonly className: string;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/** Every <img> in document order (comments and scripts are not skipped: callers list, never trust). */
export function imageTags(html: string): ImageTag[] {
  return [...html.matchAll(/<img\b[^>]*>/gi)].map((m) => {
    const attrs = attributes(m[0].slice(4));
    return { src: attrs.get('src') ?? null, alt: attrs.get('alt') ?? null, className: attrs.get('class') ?? '' };
  });
}

export function escapeHtmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const mimeByExtension: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml' };

/** What an address's file extension claims (decoding checks it later). */
export function mimeFromUrl(url: string): string | null {
  const ext = /\.([a-z0-9]{2,5})(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return ext ? (mimeByExtension[ext] ?? null) : null;
}
