// Mastodon images: each image uploaded with POST /api/v2/media (masto waits while the instance
// processes it) with its alt text as the description, then attached to the status by media_ids.
// Read-back lists the status's media_attachments (ref: the attachment id); the bytes are fetched
// from the instance or its own files host (a subdomain, e.g. files.mastodon.social), nowhere else.
import type { mastodon } from 'masto';
import { realSleep } from '../../lib/sleep';
import { mimeFromUrl } from '../html-images';
import { ChannelError, type ObservedMedia, type OutboundImage } from '../types';
import { mediaAttachmentSchema, type MastodonStatus } from './schemas';

function attachment(value: unknown): { id: string; url?: string | null | undefined } {
  const parsed = mediaAttachmentSchema.safeParse(value);
  if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'Mastodon answered the image upload in an unexpected shape; nothing was posted.' });
  return parsed.data;
}

/** A status refuses attachments still processing (422): wait for the url, polling faster than masto's 1 s. */
const processingPolls = 120;
const processingPollMs = 250;

export async function uploadMastodonImage(client: mastodon.rest.Client, image: OutboundImage): Promise<string> {
  const file = new Blob([new Uint8Array(image.bytes)], { type: image.mime });
  let media = attachment(await client.v2.media.create({ file, description: image.alt, skipPolling: true }));
  for (let i = 0; !media.url && i < processingPolls; i++) {
    await realSleep(processingPollMs);
    media = attachment(await client.v1.media.$select(media.id).fetch());
  }
  if (!media.url) throw new ChannelError({ kind: 'UNAVAILABLE', message: 'Mastodon is still processing an image after 30 s; nothing was posted. Try again.' });
  return media.id;
}

export function observedMastodonMedia(status: MastodonStatus): ObservedMedia[] {
  return (status.mediaAttachments ?? []).map((m) => {
    const url = m.url ?? m.remoteUrl ?? null;
    return { ref: m.id, mime: m.type === 'image' && url ? mimeFromUrl(url) : null, alt: m.description ?? null, url };
  });
}

/** The hosts an attachment may be fetched from: the instance, its subdomains, and any configured. */
export function mediaHostsFor(instanceUrl: string, extra: readonly string[], url: string | null): string[] {
  const instance = new URL(instanceUrl);
  const hosts = [instance.host.toLowerCase(), ...extra.map((h) => h.toLowerCase())];
  let host = '';
  try {
    host = url ? new URL(url).host.toLowerCase() : '';
  } catch {
    return hosts;
  }
  const name = host.replace(/:\d+$/, '');
  if (name.endsWith(`.${instance.hostname.toLowerCase()}`)) hosts.push(host);
  return hosts;
}

/** Pairs each image sent with the attachment the status carries at its place (a replayed status keeps its first uploads). */
export function mastodonMediaRefs(images: readonly OutboundImage[], status: MastodonStatus, uploadedIds: readonly string[]): { sha256: string; ref: string }[] {
  const attached = (status.mediaAttachments ?? []).map((m) => m.id);
  const ids = attached.length === images.length ? attached : uploadedIds;
  return images.map((image, i) => ({ sha256: image.sha256, ref: ids[i] ?? '' }));
}
