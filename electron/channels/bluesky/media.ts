// Bluesky images: each image uploaded with com.atproto.repo.uploadBlob, then embedded in the post
// as app.bsky.embed.images with its alt text and aspect ratio. Read-back lists the images of a
// post's embed (images, or the media of a recordWithMedia), ref the blob's CID, and the bytes come
// from com.atproto.sync.getBlob on the account's own PDS.
import type { AppBskyEmbedImages } from '@atproto/api';
import { ChannelError, type ObservedMedia, type OutboundImage } from '../types';
import type { BlueskySession } from './session';

export interface UploadedBlob {
  readonly image: AppBskyEmbedImages.Image;
  readonly sha256: string;
  readonly cid: string;
}

/** Bluesky's limit per image in app.bsky.embed.images (formerly 1 MB). */
export const maxBlueskyImageBytes = 2_000_000;

export async function uploadBlueskyImage(s: BlueskySession, image: OutboundImage): Promise<UploadedBlob> {
  if (image.bytes.byteLength > maxBlueskyImageBytes) {
    throw new ChannelError({ kind: 'REJECTED', message: `Bluesky takes images up to ${maxBlueskyImageBytes} bytes; this one is ${image.bytes.byteLength}. Use a smaller image.` });
  }
  const res = await s.agent.com.atproto.repo.uploadBlob(image.bytes, { encoding: image.mime });
  const blob = res.data.blob;
  return { image: { image: blob, alt: image.alt, aspectRatio: { width: image.width, height: image.height } }, sha256: image.sha256, cid: blob.ref.toString() };
}

export function imagesEmbed(uploaded: readonly UploadedBlob[]): AppBskyEmbedImages.Main {
  return { $type: 'app.bsky.embed.images', images: uploaded.map((u) => u.image) };
}

const cidPattern = /^[a-z0-9]{20,120}$/i;

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

/** The CID and claimed type of a blob as the client hands it over: a BlobRef, its JSON form, or the legacy {cid, mimeType}. */
function blobOf(value: unknown): { cid: string; mime: string | null } | null {
  const o = record(value);
  if (!o) return null;
  const mime = typeof o['mimeType'] === 'string' ? o['mimeType'] : null;
  if (typeof o['cid'] === 'string') return cidPattern.test(o['cid']) ? { cid: o['cid'], mime } : null;
  const ref = o['ref'];
  const link = record(ref)?.['$link'];
  const cid = typeof link === 'string' ? link : ref !== null && typeof ref === 'object' ? String(ref) : '';
  return cidPattern.test(cid) ? { cid, mime } : null;
}

/** The images of a post record's embed, in order. */
export function observedBlueskyMedia(value: unknown, blobUrl: (cid: string) => string): ObservedMedia[] {
  const embed = record(record(value)?.['embed']);
  const holder = embed?.['$type'] === 'app.bsky.embed.recordWithMedia' ? record(embed['media']) : embed;
  if (!holder || holder['$type'] !== 'app.bsky.embed.images' || !Array.isArray(holder['images'])) return [];
  const out: ObservedMedia[] = [];
  for (const entry of holder['images'] as unknown[]) {
    const image = record(entry);
    const blob = blobOf(image?.['image']);
    if (!blob) continue;
    const alt = image?.['alt'];
    out.push({ ref: blob.cid, mime: blob.mime, alt: typeof alt === 'string' ? alt : null, url: blobUrl(blob.cid) });
  }
  return out;
}

/** com.atproto.sync.getBlob on `pds` for the account `did`. */
export function blobUrl(pds: string, did: string, cid: string): string {
  const url = new URL('/xrpc/com.atproto.sync.getBlob', pds);
  url.searchParams.set('did', did);
  url.searchParams.set('cid', cid);
  return url.toString();
}
