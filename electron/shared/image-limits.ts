// How many images a statement may carry and how big each may be, per channel, as each channel
// documents it. The core refuses with these at submit and again at send, and the composer checks
// with these as files are picked, so a refusal never comes as a surprise. No imports: the sandboxed
// renderer runs this file (eslint.config.js fences it).
// - X: 4 images per post, each at most 5 MB (docs.x.com, "Media types & size restrictions").
// - Bluesky: 4 images per post (app.bsky.embed.images maxLength 4), each blob at most 1,000,000
//   bytes (the lexicon's maxSize), alt text on every image.
// - Mastodon: 4 attachments, each image at most 16 MB and 8,294,400 pixels (3840x2160): since 4.2
//   larger images are downscaled by the server, which would change the bytes the ledger recorded.
// - WordPress: 8 MB per upload (a common upload_max_filesize; the site's own limit may be lower).
// - Email: 10 MB for the whole bulletin's attachments (many receiving servers refuse larger mail).

export const maxImagesPerStatement = 4;
/** The largest file a person may pick at all, before any channel's limit: the largest channel's. */
export const maxImageUploadBytes = 16 * 1024 * 1024;
/** Never decoded past this, whatever the channel: a decompression bomb stops at the header. */
export const maxDecodePixels = 40_000_000;
/** Neither side may be longer than this (a 1 x 40,000,000 strip is a bomb too). */
export const maxImageSide = 16_384;
/** Alt text bound: Mastodon's description limit is 1,500 characters, X's 1,000. */
export const maxAltTextLength = 1_000;

export const imageMimeTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageMimeType = (typeof imageMimeTypes)[number];

export type ImageChannel = 'x' | 'bluesky' | 'mastodon' | 'website' | 'email';

export interface ChannelImageLimits {
  readonly label: string;
  readonly maxCount: number;
  /** Per image. */
  readonly maxBytes: number;
  /** Per image; null: no limit beyond maxDecodePixels. */
  readonly maxPixels: number | null;
  /** All images of one item together; null: no limit beyond per image. */
  readonly maxTotalBytes: number | null;
}

const megabyte = 1024 * 1024;

export const channelImageLimits: { readonly [C in ImageChannel]: ChannelImageLimits } = {
  x: { label: 'X', maxCount: 4, maxBytes: 5 * megabyte, maxPixels: null, maxTotalBytes: null },
  bluesky: { label: 'Bluesky', maxCount: 4, maxBytes: 1_000_000, maxPixels: null, maxTotalBytes: null },
  mastodon: { label: 'Mastodon', maxCount: 4, maxBytes: 16 * megabyte, maxPixels: 8_294_400, maxTotalBytes: null },
  website: { label: 'the website', maxCount: 4, maxBytes: 8 * megabyte, maxPixels: null, maxTotalBytes: null },
  email: { label: 'the email bulletin', maxCount: 4, maxBytes: 10 * megabyte, maxPixels: null, maxTotalBytes: 10 * megabyte },
};

export interface ImageFacts {
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
}

/** "5 MB", "1.2 MB", "1,000,000 bytes", "950 kB", "300 bytes": how sizes are named in messages. */
export function formatBytes(n: number): string {
  if (n % megabyte === 0 && n > 0) return `${n / megabyte} MB`;
  if (n >= megabyte) return `${(n / megabyte).toFixed(1)} MB`;
  // A limit a channel states in decimal bytes (Bluesky's 1,000,000) is named exactly.
  if (n >= 100_000 && n % 1000 === 0) return `${n.toLocaleString('en-GB')} bytes`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} bytes`;
}

/** What stops these images going out on this channel, one message each (empty: they may). */
export function imageLimitProblems(channel: ImageChannel, images: readonly ImageFacts[]): string[] {
  const limits = channelImageLimits[channel];
  const problems: string[] = [];
  if (images.length > limits.maxCount) {
    problems.push(`${limits.label} takes at most ${limits.maxCount} images; remove ${images.length - limits.maxCount}.`);
  }
  images.forEach((image, i) => {
    if (image.bytes > limits.maxBytes) {
      problems.push(`Image ${i + 1} is ${formatBytes(image.bytes)}; ${limits.label} takes at most ${formatBytes(limits.maxBytes)}: use a smaller image.`);
    }
    const pixels = image.width * image.height;
    if (limits.maxPixels !== null && pixels > limits.maxPixels) {
      problems.push(
        `Image ${i + 1} is ${image.width}x${image.height} pixels; ${limits.label} takes at most ${(limits.maxPixels / 1_000_000).toFixed(1)} megapixels: resize it.`,
      );
    }
  });
  const total = images.reduce((sum, image) => sum + image.bytes, 0);
  if (limits.maxTotalBytes !== null && total > limits.maxTotalBytes && images.length > 1) {
    problems.push(`The images come to ${formatBytes(total)}; ${limits.label} takes at most ${formatBytes(limits.maxTotalBytes)} in all: remove or shrink one.`);
  }
  return problems;
}

/** The alt-text problem of each image, by position: every image needs words a screen reader can say. */
export function altTextProblems(images: readonly { readonly alt: string }[]): string[] {
  const problems: string[] = [];
  images.forEach((image, i) => {
    if (image.alt.trim() === '') problems.push(`Add alt text to image ${i + 1}: describe it for people who cannot see it.`);
    else if (image.alt.length > maxAltTextLength) problems.push(`The alt text of image ${i + 1} is over ${maxAltTextLength} characters: shorten it.`);
  });
  return problems;
}
