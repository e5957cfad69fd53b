// Whether some bytes are an image the app will handle, decided by decoding, never by a name: the
// magic bytes first (SVG and everything that is not PNG, JPEG or WebP is refused before sharp sees
// it), then the header's dimensions against hard caps (a decompression bomb stops here), then a
// full decode (a truncated or corrupt file fails here). Used for what a person adds to a statement
// and for every image read back from a channel, which may be hostile.
import sharp from 'sharp';
import { formatBytes, maxDecodePixels, maxImageSide, type ImageMimeType } from '../../shared/image-limits';
import { normaliseMime, sniffImageType } from './sniff';

export type ImageRefusalCode = 'NOT_AN_IMAGE' | 'SVG' | 'TYPE_MISMATCH' | 'TOO_LARGE' | 'BOMB' | 'CORRUPT';

export interface InspectedImage {
  readonly ok: true;
  readonly mime: ImageMimeType;
  readonly width: number;
  readonly height: number;
}

export interface ImageRefusal {
  readonly ok: false;
  readonly code: ImageRefusalCode;
  /** A sentence for the screen: what is wrong and what to do. */
  readonly reason: string;
}

export type InspectResult = InspectedImage | ImageRefusal;

const label: { readonly [M in ImageMimeType]: string } = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };

/** The options every sharp call in the app uses: never decode past the pixel cap; fail on errors. */
export const sharpInputOptions = { limitInputPixels: maxDecodePixels, failOn: 'error', sequentialRead: true } as const;

function refuse(code: ImageRefusalCode, reason: string): ImageRefusal {
  return { ok: false, code, reason };
}

/**
 * Checks `bytes` are a whole PNG, JPEG or WebP image within the decode caps. `claimedMime` (what the
 * file name, the upload or the channel said; null when nothing was said) must match what it really is.
 * `maxBytes` refuses larger files before decoding anything.
 */
export async function inspectImage(bytes: Uint8Array, claimedMime: string | null, maxBytes?: number): Promise<InspectResult> {
  if (bytes.length === 0) return refuse('CORRUPT', 'The file is empty: pick the image again.');
  if (maxBytes !== undefined && bytes.length > maxBytes) {
    return refuse('TOO_LARGE', `The image is ${formatBytes(bytes.length)}, over the ${formatBytes(maxBytes)} allowed: use a smaller image.`);
  }
  const sniffed = sniffImageType(bytes);
  if (sniffed.kind === 'svg') {
    return refuse('SVG', 'SVG is not accepted: it is a document that can carry scripts and load other files. Export it as PNG.');
  }
  if (sniffed.kind === 'other') {
    const what = sniffed.name === null ? 'not an image this app reads' : `a ${sniffed.name} file`;
    return refuse('NOT_AN_IMAGE', `The file is ${what}: only PNG, JPEG and WebP images are accepted.`);
  }
  const real = sniffed.mime;
  if (claimedMime !== null && claimedMime.trim() !== '' && normaliseMime(claimedMime) !== real) {
    return refuse('TYPE_MISMATCH', `The file says it is ${claimedMime} but it is really a ${label[real]} image: rename it or export it again as what it claims to be.`);
  }
  let width: number;
  let height: number;
  try {
    // Header only: sharp's limitInputPixels refuses an oversized header before any pixel is decoded.
    const meta = await sharp(bytes, sharpInputOptions).metadata();
    width = meta.width;
    height = meta.height;
  } catch (e) {
    return refusalFromSharp(e);
  }
  if (width > maxImageSide || height > maxImageSide || width * height > maxDecodePixels) {
    return bombRefusal(width, height);
  }
  try {
    // A full decode, shrunk as it goes (JPEG shrink-on-load), so truncated data fails here and not later.
    await sharp(bytes, sharpInputOptions).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (e) {
    return refusalFromSharp(e);
  }
  return { ok: true, mime: real, width, height };
}

function bombRefusal(width: number, height: number): ImageRefusal {
  return refuse(
    'BOMB',
    `The image claims ${width}x${height} pixels, over the ${maxImageSide} pixels a side and ${maxDecodePixels / 1_000_000} megapixels this app decodes (a decompression bomb is refused unopened): resize it.`,
  );
}

function refusalFromSharp(e: unknown): ImageRefusal {
  const message = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(message)) return refuse('BOMB', `The image is larger than the ${maxDecodePixels / 1_000_000} megapixels this app decodes (a decompression bomb is refused unopened): resize it.`);
  return refuse('CORRUPT', 'The image is damaged or incomplete and cannot be decoded: export or download it again.');
}
