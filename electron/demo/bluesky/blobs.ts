// The demo PDS's blobs: com.atproto.repo.uploadBlob keeps the bytes as sent under their CID (raw
// codec, SHA-256, as a PDS does) and answers with the blob ref; com.atproto.sync.getBlob serves
// them back unchanged; a post's app.bsky.embed.images is checked against the lexicon before the
// record is stored (up to 4 images, each an uploaded blob of an image type, at most 2 MB, with alt).
import { createHash } from 'node:crypto';
import { CID } from 'multiformats/cid';
import { create as createDigest } from 'multiformats/hashes/digest';

export interface DemoBlob {
  readonly cid: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

/** The PDS's own cap on an upload; the embed's lexicon caps an image at 2 MB. */
export const maxUploadBytes = 5 * 1024 * 1024;
const maxEmbedImageBytes = 2_000_000;

export interface DemoBlobs {
  upload(bytes: Buffer, mimeType: string): { blob: { $type: 'blob'; ref: { $link: string }; mimeType: string; size: number } };
  get(cid: string): DemoBlob | undefined;
  /** Null when the record's embed is acceptable, else why not (the PDS's InvalidRecord message). */
  checkEmbed(record: Readonly<Record<string, unknown>>): string | null;
}

function obj(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function createDemoBlobs(): DemoBlobs {
  const blobs = new Map<string, DemoBlob>();
  return {
    upload(bytes, mimeType) {
      const cid = CID.create(1, 0x55, createDigest(0x12, createHash('sha256').update(bytes).digest())).toString();
      blobs.set(cid, { cid, mimeType, bytes });
      return { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: bytes.length } };
    },
    get: (cid) => blobs.get(cid),
    checkEmbed(record) {
      const embed = obj(record['embed']);
      if (!embed) return record['embed'] === undefined ? null : 'Invalid app.bsky.feed.post record: Record/embed must be an object';
      if (embed['$type'] !== 'app.bsky.embed.images') return `Invalid app.bsky.feed.post record: the demo PDS takes only app.bsky.embed.images embeds`;
      const images = embed['images'];
      if (!Array.isArray(images) || images.length === 0 || images.length > 4) return 'Invalid app.bsky.feed.post record: Record/embed/images must be an array of 1 to 4 images';
      for (const [i, entry] of images.entries()) {
        const image = obj(entry);
        const blob = obj(image?.['image']);
        const link = obj(blob?.['ref'])?.['$link'];
        if (typeof image?.['alt'] !== 'string') return `Invalid app.bsky.feed.post record: Record/embed/images/${i} must have the property "alt"`;
        const stored = typeof link === 'string' ? blobs.get(link) : undefined;
        if (!stored) return `Invalid app.bsky.feed.post record: Record/embed/images/${i}/image is not a blob uploaded to this PDS`;
        if (!stored.mimeType.startsWith('image/')) return `Invalid app.bsky.feed.post record: Record/embed/images/${i}/image mimeType (${stored.mimeType}) not accepted. Valid: image/*`;
        if (stored.bytes.length > maxEmbedImageBytes) return `Invalid app.bsky.feed.post record: Record/embed/images/${i}/image file too large. ${maxEmbedImageBytes} bytes maximum`;
      }
      return null;
    },
  };
}
