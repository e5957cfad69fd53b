// An image as it may leave the building: decoded, turned upright, converted to sRGB and encoded
// afresh in its own format, which leaves behind every metadata block (EXIF with its GPS position
// and camera serial, XMP, IPTC, ICC profiles, PNG text chunks). What was removed is reported in
// words, so the press officer sees that the photo's location did not go out with it.
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { ImageMimeType } from '../../shared/image-limits';
import { summariseExif } from './exif-summary';
import { inspectImage, sharpInputOptions, type ImageRefusal } from './inspect';

export interface CleanedImage {
  readonly ok: true;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly mime: ImageMimeType;
  readonly width: number;
  readonly height: number;
  /** What the original carried and the clean copy does not, for the screen (empty: nothing). */
  readonly removed: readonly string[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Words for every metadata block sharp found in the original. */
export function describeMetadata(meta: Metadata): string[] {
  const removed: string[] = [];
  if (meta.exif && meta.exif.length > 0) removed.push(...summariseExif(meta.exif));
  if (meta.xmp && meta.xmp.length > 0) removed.push('XMP metadata');
  if (meta.iptc && meta.iptc.length > 0) removed.push('IPTC metadata');
  if (meta.icc && meta.icc.length > 0) removed.push('colour profile (converted to sRGB)');
  if (meta.comments && meta.comments.length > 0) removed.push('text comments');
  return removed;
}

/** Inspects, then re-encodes without metadata. A refusal says why, as inspectImage does. */
export async function cleanImage(bytes: Uint8Array, claimedMime: string | null, maxBytes?: number): Promise<CleanedImage | ImageRefusal> {
  const inspected = await inspectImage(bytes, claimedMime, maxBytes);
  if (!inspected.ok) return inspected;
  const meta = await sharp(bytes, sharpInputOptions).metadata();
  // autoOrient applies the EXIF orientation to the pixels, since the tag that said it is removed.
  // With no withMetadata/keep* call, sharp writes no metadata at all and converts to sRGB.
  const pipeline = sharp(bytes, { ...sharpInputOptions, autoOrient: true });
  const encoded =
    inspected.mime === 'image/png'
      ? pipeline.png({ compressionLevel: 9 })
      : inspected.mime === 'image/jpeg'
        ? pipeline.jpeg({ quality: 90, mozjpeg: true })
        : pipeline.webp({ quality: 90 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return {
    ok: true,
    bytes: out,
    sha256: sha256Hex(out),
    mime: inspected.mime,
    width: info.width,
    height: info.height,
    removed: describeMetadata(meta),
  };
}

export type PreviewSize = 'thumb' | 'full';

const thumbSide = 320;
const fullSide = 2048;

/**
 * A data: URL the sandboxed page can show without loading anything: always re-encoded here from
 * decoded pixels (never the bytes as received), downscaled for a thumbnail. Callers inspect first.
 */
export async function previewDataUrl(bytes: Uint8Array, size: PreviewSize): Promise<string> {
  const side = size === 'thumb' ? thumbSide : fullSide;
  const out = await sharp(bytes, { ...sharpInputOptions, autoOrient: true })
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: size === 'thumb' ? 75 : 85 })
    .toBuffer();
  return `data:image/webp;base64,${out.toString('base64')}`;
}
