// A statement's images on their way out: fixed when the statement is queued, loaded and checked
// again when each row is sent (bytes against their hash, that channel's limits), and the ids each
// channel gave them recorded, so read-back can recognise an image the channel re-encoded.
import { ChannelError, type ChannelAdapter, type OutboundImage, type PublishResult } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { MediaRecord, OutboxRow, StatementImage } from '../../store/records';
import { outboundImages } from '../media/outbound';

/** What the outbox needs of the media store. */
export interface OutboxMedia {
  setSendImages(statementId: string, images: readonly StatementImage[]): void;
  sendImages(statementId: string): StatementImage[];
  getMedia(sha256: string): MediaRecord | null;
  recordMediaRefs(channelId: string, statementId: string, refs: readonly { readonly sha256: string; readonly ref: string }[]): void;
}

/** At enqueue: refuses (BAD_INPUT, naming the channel) images this channel cannot take. */
export function checkImagesForChannel(media: OutboxMedia | undefined, channelId: string, adapter: ChannelAdapter, images: readonly StatementImage[]): void {
  if (images.length === 0) return;
  if (!media) throw new AppError('INTERNAL', 'This outbox was composed without an image store: the statement cannot go out with its images.');
  const loaded = outboundImages(adapter.kind, images, (sha256) => media.getMedia(sha256));
  if (!loaded.ok) throw new AppError('BAD_INPUT', `${channelId}: ${loaded.why.replace(' Nothing was sent.', '')} Untick that channel or change the image.`);
}

/** Inside the enqueue transaction: the images this statement goes out with (a statement queued before without any keeps none). */
export function fixSendImages(media: OutboxMedia | undefined, statementId: string, images: readonly StatementImage[]): void {
  if (media && (images.length > 0 || media.sendImages(statementId).length > 0)) media.setSendImages(statementId, images);
}

/** At send: the images for this row's channel, or the refusal that fails the row (nothing is sent). */
export function imagesForSend(media: OutboxMedia | undefined, adapter: ChannelAdapter, row: OutboxRow): { images: readonly OutboundImage[] } | { refusal: ChannelError } {
  const queued = media?.sendImages(row.statementId) ?? [];
  if (!media || queued.length === 0) return { images: [] };
  const loaded = outboundImages(adapter.kind, queued, (sha256) => media.getMedia(sha256));
  return loaded.ok ? { images: loaded.images } : { refusal: new ChannelError({ kind: 'REJECTED', message: loaded.why }) };
}

/** Publishes with images only when there are some, so channels without images see the call they always did. */
export function publishWith(adapter: ChannelAdapter, row: OutboxRow, images: readonly OutboundImage[]): Promise<PublishResult> {
  const hint = `${row.statementId}-${row.channelId}`;
  return images.length > 0 ? adapter.publish(row.variant, hint, images) : adapter.publish(row.variant, hint);
}
