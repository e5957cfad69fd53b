// The attacker's images, uploaded the way each channel's ordinary clients do it (twitter-api-v2's
// chunked upload, WordPress's media endpoint, masto, @atproto/api, nodemailer's inline parts), so
// quarantine and evidence can be tested on images nobody approved.
import type { AtpAgent } from '@atproto/api';
import type { mastodon } from 'masto';
import type { TwitterApi } from 'twitter-api-v2';

export interface AttackerImage {
  readonly bytes: Uint8Array;
  readonly mime: 'image/png' | 'image/jpeg' | 'image/webp';
  readonly alt?: string;
}

type TweetMediaIds = [string] | [string, string] | [string, string, string] | [string, string, string, string];

const ext = (mime: AttackerImage['mime']): string => (mime === 'image/jpeg' ? 'jpg' : mime.slice(6));

/** Uploaded media ids for a tweet (one to four), or null for none. */
export async function xMediaIds(x: TwitterApi, images: readonly AttackerImage[]): Promise<TweetMediaIds | null> {
  const ids: string[] = [];
  for (const image of images) {
    const id = await x.v2.uploadMedia(Buffer.from(image.bytes), { media_type: image.mime });
    if (image.alt) await x.v2.createMediaMetadata(id, { alt_text: { text: image.alt } });
    ids.push(id);
  }
  const [a, b, c, d] = ids;
  if (a === undefined) return null;
  if (ids.length > 4) throw new Error(`A tweet takes 1 to 4 images (got ${ids.length}).`);
  if (b === undefined) return [a];
  if (c === undefined) return [a, b];
  return d === undefined ? [a, b, c] : [a, b, c, d];
}

/** Uploads to the site's media library; the <img> tags to append to the post's content. */
export async function websiteFigures(site: string, auth: string, images: readonly AttackerImage[]): Promise<string> {
  let html = '';
  for (const [i, image] of images.entries()) {
    const res = await fetch(`${site}/wp-json/wp/v2/media?${new URLSearchParams({ alt_text: image.alt ?? '' }).toString()}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': image.mime, 'content-disposition': `attachment; filename="leak-${i + 1}.${ext(image.mime)}"` },
      body: new Uint8Array(image.bytes),
    });
    if (!res.ok) throw new Error(`website refused the image: HTTP ${res.status} ${await res.text()}`);
    const media = (await res.json()) as { id: number; source_url: string };
    html += `<figure class="wp-block-image"><img src="${media.source_url}" alt="${(image.alt ?? '').replace(/"/g, '&quot;')}" class="wp-image-${media.id}"/></figure>`;
  }
  return html;
}

export async function mastodonMediaIds(client: mastodon.rest.Client, images: readonly AttackerImage[]): Promise<string[]> {
  const ids: string[] = [];
  for (const image of images) {
    const media = await client.v2.media.create({ file: new Blob([new Uint8Array(image.bytes)], { type: image.mime }), description: image.alt ?? null, skipPolling: true });
    ids.push(media.id);
  }
  return ids;
}

export async function blueskyImagesEmbed(agent: AtpAgent, images: readonly AttackerImage[]): Promise<{ $type: 'app.bsky.embed.images'; images: { image: unknown; alt: string }[] } | null> {
  if (images.length === 0) return null;
  const out: { image: unknown; alt: string }[] = [];
  for (const image of images) {
    const res = await agent.com.atproto.repo.uploadBlob(image.bytes, { encoding: image.mime });
    out.push({ image: res.data.blob, alt: image.alt ?? '' });
  }
  return { $type: 'app.bsky.embed.images', images: out };
}

/** Inline parts for nodemailer and the HTML showing them, or null for none. */
export function emailImages(images: readonly AttackerImage[], html: string): { html: string; attachments: { cid: string; filename: string; content: Buffer; contentType: string }[] } | null {
  if (images.length === 0) return null;
  const attachments = images.map((image, i) => ({ cid: `leak${i + 1}@attacker.invalid`, filename: `leak-${i + 1}.${ext(image.mime)}`, content: Buffer.from(image.bytes), contentType: image.mime }));
  const tags = attachments.map((a, i) => `<img src="cid:${a.cid}" alt="${(images[i]?.alt ?? '').replace(/"/g, '&quot;')}">`).join('');
  return { html: html + tags, attachments };
}
