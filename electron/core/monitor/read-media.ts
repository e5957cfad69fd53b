// The images of items read back: fetched through the adapter (capped at the channel's own limit,
// so a huge file is refused before it is read), inspected by decoding (SVG, bombs, corrupt files
// and wrong types are withheld with the reason), hashed, and compared with what the ledger says our
// own items carry: a verified item whose image was swapped is an alarm, not a verified item.
import { isChannelError, type ChannelAdapter, type ChannelKind, type ObservedItem, type ObservedMedia } from '../../channels/types';
import { channelImageLimits, formatBytes } from '../../shared/image-limits';
import type { ExpectedMedia, ObservedMediaWithBytes } from '../../store/records';
import { imageChannelOf, inspectImage, sha256Hex } from '../media';

/** More than this many images on one item are listed but not fetched (nothing we publish has more than 4). */
export const maxFetchedPerItem = 8;

export function fetchCapFor(kind: ChannelKind): number {
  return channelImageLimits[imageChannelOf[kind]].maxBytes;
}

async function resolveOne(adapter: ChannelAdapter, media: ObservedMedia, position: number, maxBytes: number): Promise<ObservedMediaWithBytes> {
  const base = { position, ref: media.ref, mime: media.mime, alt: media.alt, width: null, height: null };
  if (!adapter.fetchMedia) return { ...base, sha256: null, bytes: null, state: 'pending', reason: 'this channel cannot fetch images yet' };
  if (position >= maxFetchedPerItem) return { ...base, sha256: null, bytes: null, state: 'withheld', reason: `more than ${maxFetchedPerItem} images on one item` };
  let bytes: Uint8Array;
  try {
    bytes = await adapter.fetchMedia(media, maxBytes);
  } catch (err) {
    const why = isChannelError(err) && err.failure.kind === 'REJECTED' ? `larger than the ${formatBytes(maxBytes)} this channel allows, not fetched` : `could not fetch it: ${err instanceof Error ? err.message : String(err)}`;
    return { ...base, sha256: null, bytes: null, state: 'withheld', reason: why.slice(0, 300) };
  }
  const sha256 = sha256Hex(bytes);
  const inspected = await inspectImage(bytes, media.mime, maxBytes);
  if (!inspected.ok) return { ...base, sha256, bytes, state: 'withheld', reason: inspected.reason };
  return { ...base, sha256, bytes, state: 'shown', reason: null, mime: inspected.mime, width: inspected.width, height: inspected.height };
}

/** Every image of each item, in order; items without images are left out of the map. */
export async function resolveItemMedia(adapter: ChannelAdapter, items: readonly ObservedItem[]): Promise<Map<string, ObservedMediaWithBytes[]>> {
  const cap = fetchCapFor(adapter.kind);
  const out = new Map<string, ObservedMediaWithBytes[]>();
  for (const item of items) {
    const media = item.media ?? [];
    if (media.length === 0) continue;
    out.set(item.channelItemId, await Promise.all(media.map((m, i) => resolveOne(adapter, m, i, cap))));
  }
  return out;
}

/**
 * Why an item the ledger vouches for does not carry the images it was published with (null: it
 * does). Each image read back must be one we sent, by its SHA-256 or by the id the channel gave it
 * at publish, and the count must agree. Images not fetched (the channel cannot) are not judged.
 */
export function imageMismatch(expected: ExpectedMedia, observed: readonly ObservedMediaWithBytes[]): string | null {
  if (observed.some((m) => m.state === 'pending')) return null;
  if (observed.length !== expected.sha256s.length) {
    return `carries ${observed.length} image(s); the approved statement had ${expected.sha256s.length}`;
  }
  // Read while our send still waits for its answer: a channel that re-encodes images shows other
  // bytes, and the ids it gave them are not known yet. The count is all that can be judged.
  if (expected.answerPending === true && expected.refs.length === 0) return null;
  const hashes = new Set(expected.sha256s);
  const refs = new Set(expected.refs);
  const stranger = observed.findIndex((m) => !(m.sha256 !== null && hashes.has(m.sha256)) && !refs.has(m.ref));
  if (stranger >= 0) return `image ${stranger + 1} is not an image of the approved statement (swapped)`;
  return null;
}
