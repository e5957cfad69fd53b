// WordPress images: each image uploaded to /wp/v2/media (the bytes as the body, named by
// Content-Disposition, alt text set in the same call), then placed in the post as inline
// `<figure class="wp-block-image">` blocks after the text, as the block editor writes them (all
// inline, no featured image: every theme shows inline figures, not every theme a featured image).
// Read-back lists the images a reader sees: the post's inline <img> tags, and a featured image
// set by someone else.
import { escapeHtmlAttribute, imageTags, mimeFromUrl } from '../html-images';
import type { ObservedMedia, OutboundImage } from '../types';
import type { WpPost } from './schemas';

export interface UploadedWpImage {
  readonly id: number;
  readonly sourceUrl: string;
  readonly alt: string;
  readonly sha256: string;
}

const extensions: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** A file name that says what it is and never clashes in the uploads folder of the month. */
export function uploadName(image: OutboundImage, index: number): string {
  return `statement-image-${index + 1}-${image.sha256.slice(0, 12)}.${extensions[image.mime] ?? 'bin'}`;
}

/** The post content: the statement's HTML, then one figure per image in order. */
export function contentWithFigures(html: string, images: readonly UploadedWpImage[]): string {
  if (images.length === 0) return html;
  const figures = images.map((i) => `<figure class="wp-block-image"><img src="${escapeHtmlAttribute(i.sourceUrl)}" alt="${escapeHtmlAttribute(i.alt)}" class="wp-image-${i.id}"/></figure>`);
  return `${html}\n${figures.join('\n')}`;
}

/** Every <img> of the rendered content, in order: ref is the attachment id (wp-image-N) or, for a bare image, its address. */
export function inlineImages(renderedHtml: string): ObservedMedia[] {
  const out: ObservedMedia[] = [];
  for (const tag of imageTags(renderedHtml)) {
    const id = /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(tag.className)?.[1];
    const ref = id ?? tag.src;
    if (ref === null || ref === '') continue;
    out.push({ ref, mime: tag.src ? mimeFromUrl(tag.src) : null, alt: tag.alt, url: tag.src });
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
