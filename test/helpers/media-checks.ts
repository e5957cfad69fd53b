// The checks every adapter's image support must pass: the item reads back listing each image with
// its alt text, the ref the publish reported, and bytes whose SHA-256 is what was sent; a limit
// below an image's size is refused; an address off the channel's hosts is not fetched.
import { expect } from 'vitest';
import type { ChannelAdapter, ObservedItem, OutboundImage, PublishResult } from '../../electron/channels/types';
import { failureOf } from './channel-failure';
import { sha256 } from './test-images';

export async function expectImagesReadBack(adapter: ChannelAdapter, item: ObservedItem | undefined, images: readonly OutboundImage[], published: PublishResult): Promise<void> {
  expect(item, 'the published item reads back').toBeDefined();
  const media = item?.media ?? [];
  expect(media.map((m) => m.alt)).toEqual(images.map((i) => i.alt));
  expect(published.mediaRefs?.map((r) => r.sha256)).toEqual(images.map((i) => i.sha256));
  expect(media.map((m) => m.ref)).toEqual(published.mediaRefs?.map((r) => r.ref));
  if (!adapter.fetchMedia) throw new Error('adapter has no fetchMedia');
  for (const [i, m] of media.entries()) {
    const bytes = await adapter.fetchMedia(m, 10 * 1024 * 1024);
    expect(sha256(bytes), `image ${i} comes back byte for byte`).toBe(images[i]?.sha256);
    const refused = await failureOf(adapter.fetchMedia(m, (images[i]?.bytes.byteLength ?? 1) - 1));
    expect(refused.kind).toBe('REJECTED');
  }
}
