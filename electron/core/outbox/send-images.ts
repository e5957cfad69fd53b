// A statement's images on their way out: fixed when the statement is queued, loaded and checked
// again when each row is sent (bytes against their hash, that channel's limits), and the ids each
// channel gave them recorded, so read-back can recognise an image the channel re-encoded.
import { ChannelError, type ChannelAdapter, type OutboundImage, type PublishResult } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { MediaRecord, OutboxRow, StatementImage } from '../../store/records';
import { outboundImages } from '../media/outbound';

/** What the outbox needs of the media store. */
export interface OutboxMedia {
  setSendImages(statementId: string, images: readonly StatementImage[]): Promise<void>;
  sendImages(statementId: string): Promise<StatementImage[]>;
  getMedia(sha256: string): Promise<MediaRecord | null>;
  recordMediaRefs(channelId: string, statementId: string, refs: readonly { readonly sha256: string; readonly ref: string }[]): Promise<void>;
}

/** The stored records of these images, read first, so the synchronous checks can look them up. */
async function storedImages(media: OutboxMedia, images: readonly StatementImage[]): Promise<(sha256: string) => MediaRecord | null> {
  const records = new Map<string, MediaRecord | null>();
  for (const image of images) if (!records.has(image.sha256)) records.set(image.sha256, await media.getMedia(image.sha256));
  return (sha256) => records.get(sha256) ?? null;
}

/** At enqueue: refuses (BAD_INPUT, naming the channel) images this channel cannot take. */
export async function checkImagesForChannel(media: OutboxMedia | undefined, channelId: string, adapter: ChannelAdapter, images: readonly StatementImage[]): Promise<void> {
  if (images.length === 0) return;
  if (!media) throw new AppError('INTERNAL', 'This outbox was composed without an image store: the statement cannot go out with its images.');
  const loaded = outboundImages(adapter.kind, images, await storedImages(media, images));
  if (!loaded.ok) throw new AppError('BAD_INPUT', `${channelId}: ${loaded.why.replace(' Nothing was sent.', '')} Untick that channel or change the image.`);
}

/** Inside the enqueue transaction: the images this statement goes out with (a statement queued before without any keeps none). */
export async function fixSendImages(media: OutboxMedia | undefined, statementId: string, images: readonly StatementImage[]): Promise<void> {
  if (media && (images.length > 0 || (await media.sendImages(statementId)).length > 0)) await media.setSendImages(statementId, images);
}

/** At send: the images for this row's channel, or the refusal that fails the row (nothing is sent). */
export async function imagesForSend(media: OutboxMedia | undefined, adapter: ChannelAdapter, row: OutboxRow): Promise<{ images: readonly OutboundImage[] } | { refusal: ChannelError }> {
  const queued = (await media?.sendImages(row.statementId)) ?? [];
  if (!media || queued.length === 0) return { images: [] };
  const loaded = outboundImages(adapter.kind, queued, await storedImages(media, queued));
  return loaded.ok ? { images: loaded.images } : { refusal: new ChannelError({ kind: 'REJECTED', message: loaded.why }) };
}

/** Publishes with images only when there are some, so channels without images see the call they always did. */
export function publishWith(adapter: ChannelAdapter, row: OutboxRow, images: readonly OutboundImage[]): Promise<PublishResult> {
  const hint = `${row.statementId}-${row.channelId}`;
  return images.length > 0 ? adapter.publish(row.variant, hint, images) : adapter.publish(row.variant, hint);
}
