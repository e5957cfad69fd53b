// X media for the adapter: uploading a statement's images through X API v2's chunked upload
// (initialize, append, finalize) with alt text through the metadata endpoint, and reading a
// tweet's photos from the `includes.media` of a timeline page.
import type { TwitterApi } from 'twitter-api-v2';
import { z } from 'zod';
import { ChannelError, type ObservedMedia, type OutboundImage } from '../types';
import type { IncludedMedia } from './schemas';

const uploadSchema = z.object({ data: z.object({ id: z.string().regex(/^\d{1,20}$/), media_key: z.string().optional() }) });


/** One chunk is enough for a photo: X's limit is 5 MB and twitter-api-v2 appends 1 MB by default. */
const chunkBytes = 5 * 1024 * 1024;

export interface UploadedMedia {
  readonly mediaId: string;
  readonly ref: string;
}

/** Uploads one image and sets its alt text; the media id goes in the tweet, the media key is its read-back ref. */
export async function uploadXImage(client: TwitterApi, image: OutboundImage, timeout: number): Promise<UploadedMedia> {
  const init = uploadSchema.safeParse(
    await client.v2.post('media/upload/initialize', { media_type: image.mime, total_bytes: image.bytes.byteLength, media_category: 'tweet_image' }, { timeout }),
  );
  if (!init.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'X answered the media upload in an unexpected shape; nothing was posted.' });
  const mediaId = init.data.data.id;
  for (let start = 0, segment = 0; start < image.bytes.byteLength; start += chunkBytes, segment++) {
    const media = Buffer.from(image.bytes.subarray(start, start + chunkBytes));
    await client.v2.post(`media/upload/${mediaId}/append`, { segment_index: segment, media }, { forceBodyMode: 'form-data', timeout });
  }
  const done = uploadSchema.safeParse(await client.v2.post(`media/upload/${mediaId}/finalize`, undefined, { timeout }));
  if (!done.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'X answered the media finalize in an unexpected shape; nothing was posted.' });
  await client.v2.post('media/metadata', { id: mediaId, metadata: { alt_text: { text: image.alt } } }, { timeout });
  // Photos are keyed `3_<id>` on X.
  return { mediaId, ref: done.data.data.media_key ?? init.data.data.media_key ?? `3_${mediaId}` };
}

const extensionMimes: Readonly<Record<string, string>> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** The tweet's photos in attachment order, from the page's `includes.media`. */
export function observedXMedia(keys: readonly string[] | undefined, included: ReadonlyMap<string, IncludedMedia>): ObservedMedia[] {
  return (keys ?? []).map((key) => {
    const m = included.get(key);
    const ext = m?.url ? /\.([a-z]{3,4})(?:[?#].*)?$/.exec(m.url)?.[1] : undefined;
    return { ref: key, mime: ext ? (extensionMimes[ext] ?? null) : null, alt: m?.alt_text ?? null, url: m?.url ?? null };
  });
}
