// WordPress images: each image uploaded to /wp/v2/media (the bytes as the body, named by
// Content-Disposition, alt text set in the same call), then placed in the post as inline
// `<figure class="wp-block-image">` blocks after the text, as the block editor writes them (all
// inline, no featured image: every theme shows inline figures, not every theme a featured image).
// Read-back lists the images a reader sees: the post's inline <img> tags, and a featured image
// set by someone else.
import { decodeEntities } from '../html-text';
import type { ObservedMedia, OutboundImage } from '../types';
import type { WpPost } from './schemas';

export interface UploadedWpImage {
  readonly id: number;
  readonly sourceUrl: string;
  readonly alt: string;
  readonly sha256: string;
}

const extensions: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };
const mimeByExtension: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml' };

/** A file name that says what it is and never clashes in the uploads folder of the month. */
export function uploadName(image: OutboundImage, index: number): string {
  return `statement-image-${index + 1}-${image.sha256.slice(0, 12)}.${extensions[image.mime] ?? 'bin'}`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The post content: the statement's HTML, then one figure per image in order. */
export function contentWithFigures(html: string, images: readonly UploadedWpImage[]): string {
  if (images.length === 0) return html;
  const figures = images.map((i) => `<figure class="wp-block-image"><img src="${escapeAttribute(i.sourceUrl)}" alt="${escapeAttribute(i.alt)}" class="wp-image-${i.id}"/></figure>`);
  return `${html}\n${figures.join('\n')}`;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

function mimeOf(url: string): string | null {
  const ext = /\.([a-z0-9]{2,5})(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return ext ? (mimeByExtension[ext] ?? null) : null;
}

/** Every <img> of the rendered content, in order: ref is the attachment id (wp-image-N) or, for a bare image, its address. */
export function inlineImages(renderedHtml: string): ObservedMedia[] {
  const out: ObservedMedia[] = [];
  for (const m of renderedHtml.matchAll(/<img\b[^>]*>/gi)) {
    const attrs = attributes(m[0].slice(4));
    const src = attrs.get('src') ?? null;
    const id = /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(attrs.get('class') ?? '')?.[1];
    const ref = id ?? src;
    if (ref === null || ref === '') continue;
    out.push({ ref, mime: src ? mimeOf(src) : null, alt: attrs.get('alt') ?? null, url: src });
  }
  return out;
}

export interface FeaturedLookup {
  (id: number): Promise<ObservedMedia | null>;
}

/** The post's images as a reader sees them: inline ones, then a featured image not already inline. */
export async function observedWpMedia(post: WpPost, featured: FeaturedLookup): Promise<ObservedMedia[]> {
  const inline = inlineImages(post.content.rendered);
  const featuredId = post.featured_media ?? 0;
  if (featuredId > 0 && !inline.some((m) => m.ref === String(featuredId))) {
    const found = await featured(featuredId);
    if (found) inline.push(found);
  }
  return inline;
}
