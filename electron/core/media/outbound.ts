// The images an approved statement goes out with, as each channel's adapter receives them: loaded
// from the store by hash (the bytes checked against their hash again), and checked against that
// channel's limits at the moment of sending, not only at submit.
import type { ChannelKind, OutboundImage } from '../../channels/types';
import { imageLimitProblems, type ImageChannel } from '../../shared/image-limits';
import type { MediaRecord, StatementImage } from '../../store/records';
import { sha256Hex } from './clean';

export const imageChannelOf: { readonly [K in ChannelKind]: ImageChannel } = {
  x: 'x',
  bluesky: 'bluesky',
  mastodon: 'mastodon',
  wordpress: 'website',
  email: 'email',
  rss: 'website',
};

export type OutboundImages = { readonly ok: true; readonly images: readonly OutboundImage[] } | { readonly ok: false; readonly why: string };

/** The statement's images for this channel, or why they cannot go (a missing or altered image, a limit). */
export function outboundImages(kind: ChannelKind, images: readonly StatementImage[], load: (sha256: string) => MediaRecord | null): OutboundImages {
  const out: OutboundImage[] = [];
  for (const [i, image] of images.entries()) {
    const stored = load(image.sha256);
    if (!stored || sha256Hex(stored.bytes) !== image.sha256) return { ok: false, why: `Image ${i + 1} is missing or altered in the store: nothing was sent. Add it to the statement again and have it approved.` };
    if (image.alt.trim() === '') return { ok: false, why: `Image ${i + 1} has no alt text: nothing was sent.` };
    out.push({ sha256: image.sha256, mime: stored.mime, bytes: stored.bytes, width: stored.width, height: stored.height, alt: image.alt });
  }
  const problems = imageLimitProblems(imageChannelOf[kind], out.map((o) => ({ bytes: o.bytes.length, width: o.width, height: o.height })));
  if (problems.length > 0) return { ok: false, why: `${problems.join(' ')} Nothing was sent.` };
  return { ok: true, images: out };
}
