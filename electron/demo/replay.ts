// Plays the incident script against the demo newsroom through the "compromised integration": the
// attacker's own credentials, straight to the channel servers, exactly as a hijacked newsroom tool
// would. Nothing here touches Control Room: the app has to notice by reading the channels.
import { createRestAPIClient } from 'masto';
import { AtpAgent } from '@atproto/api';
import { createTransport } from 'nodemailer';
import { TwitterApi } from 'twitter-api-v2';
import { createXBaseUrlPlugin } from '../channels/x/base-url-plugin';
import { realSleep, type Sleep } from '../lib/sleep';
import { defaultReplaySpeed, incidentScript, type ReplayChannel, type ReplayStep } from './incident-script';
import { blueskyImagesEmbed, emailImages, mastodonMediaIds, websiteFigures, xMediaIds, type AttackerImage } from './attacker-media';
import type { DemoInfo } from './newsroom';

export type { AttackerImage } from './attacker-media';

export interface ReplayedItem {
  readonly step: number;
  readonly channel: ReplayChannel;
  /** X tweet id, WordPress post id, Mastodon status id, or the email Message-ID. */
  readonly id: string;
  readonly text: string;
  readonly postedAt: string;
}

export interface ReplayOptions {
  readonly speed?: number;
  readonly script?: readonly ReplayStep[];
  readonly signal?: AbortSignal;
  readonly sleep?: Sleep;
  readonly onPosted?: (item: ReplayedItem) => void;
  readonly onError?: (step: number, error: Error) => void;
}

export function attackerClients(info: DemoInfo) {
  const x = new TwitterApi({ ...info.x.attacker }, { plugins: [createXBaseUrlPlugin(info.x.url)] });
  const mail = createTransport({
    host: info.email.smtp.host,
    port: info.email.smtp.port,
    secure: false,
    ignoreTLS: true,
    auth: { user: info.email.attacker.username, pass: info.email.attacker.password },
  });
  const mastodon = createRestAPIClient({ url: info.mastodon.url, accessToken: info.mastodon.attacker.accessToken });
  // The scheduling tool's session, opened on its first post with the app password it was given.
  let bsky: Promise<AtpAgent> | null = null;
  const bluesky = (): Promise<AtpAgent> =>
    (bsky ??= (async () => {
      const agent = new AtpAgent({ service: info.bluesky.url });
      await agent.login({ identifier: info.bluesky.attacker.handle, password: info.bluesky.attacker.appPassword });
      return agent;
    })());
  const wpAuth = `Basic ${Buffer.from(`${info.website.attacker.username}:${info.website.attacker.applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;

  return {
    /**
     * Posts one item as the attacker; `html` (website content, the bulletin's HTML part) defaults to
     * the text; `images` go up the way each channel's own clients send them.
     */
    async post(step: Pick<ReplayStep, 'channel' | 'title' | 'text'> & { readonly html?: string; readonly images?: readonly AttackerImage[] }): Promise<string> {
      const images = step.images ?? [];
      switch (step.channel) {
        case 'x': {
          const media = await xMediaIds(x, images);
          const { data } = await x.v2.tweet(step.text, media ? { media: { media_ids: media } } : {});
          return data.id;
        }
        case 'website': {
          const res = await fetch(`${info.website.url}/wp-json/wp/v2/posts`, {
            method: 'POST',
            headers: { authorization: wpAuth, 'content-type': 'application/json' },
            body: JSON.stringify({ title: step.title ?? step.text, content: (step.html ?? `<p>${step.text}</p>`) + (await websiteFigures(info.website.url, wpAuth, images)), status: 'publish' }),
          });
          if (!res.ok) throw new Error(`website refused the post: HTTP ${res.status} ${await res.text()}`);
          return String(((await res.json()) as { id: number }).id);
        }
        case 'mastodon': {
          const mediaIds = await mastodonMediaIds(mastodon, images);
          return (await mastodon.v1.statuses.create({ status: step.text, visibility: 'public', ...(mediaIds.length > 0 ? { mediaIds } : {}) })).id;
        }
        case 'email': {
          const attached = emailImages(images, step.html ?? `<p>${step.text}</p>`);
          const html = attached ? { html: attached.html, attachments: attached.attachments } : step.html === undefined ? {} : { html: step.html };
          const sent = await mail.sendMail({ from: info.email.from, to: [...info.email.subscribers], subject: step.title ?? step.text, text: step.text, ...html });
          return sent.messageId;
        }
        case 'bluesky': {
          const agent = await bluesky();
          const embed = await blueskyImagesEmbed(agent, images);
          const record = { $type: 'app.bsky.feed.post', text: step.text, createdAt: new Date().toISOString(), ...(embed ? { embed } : {}) };
          const res = await agent.com.atproto.repo.createRecord({ repo: info.bluesky.did, collection: 'app.bsky.feed.post', record });
          return res.data.uri.slice(res.data.uri.lastIndexOf('/') + 1);
        }
      }
    },
    /**
     * Rewrites an item already published (the bureau's own, approved one too) in place, as each
     * channel's own clients do: the website's POST /wp/v2/posts/<id>, Mastodon's PUT
     * /api/v1/statuses/<id>, Bluesky's com.atproto.repo.putRecord on the post's rkey (its date and
     * images kept, its facets dropped: their offsets were into the old text). Same id, new content.
     */
    async edit(step: { readonly channel: 'website' | 'mastodon' | 'bluesky'; readonly id: string; readonly title?: string; readonly text: string; readonly html?: string }): Promise<void> {
      if (step.channel === 'mastodon') {
        await mastodon.v1.statuses.$select(step.id).update({ status: step.text });
        return;
      }
      if (step.channel === 'bluesky') {
        const agent = await bluesky();
        const where = { repo: info.bluesky.did, collection: 'app.bsky.feed.post', rkey: step.id };
        const { data } = await agent.com.atproto.repo.getRecord(where);
        const { facets: _stale, ...kept } = data.value as { facets?: unknown };
        // swapRecord: rewrite the post as it was read, not one changed in between.
        await agent.com.atproto.repo.putRecord({ ...where, record: { ...kept, text: step.text }, ...(data.cid ? { swapRecord: data.cid } : {}) });
        return;
      }
      const res = await fetch(`${info.website.url}/wp-json/wp/v2/posts/${encodeURIComponent(step.id)}`, {
        method: 'POST',
        headers: { authorization: wpAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ ...(step.title !== undefined ? { title: step.title } : {}), content: step.html ?? `<p>${step.text}</p>` }),
      });
      if (!res.ok) throw new Error(`website refused the edit of post ${step.id}: HTTP ${res.status} ${await res.text()}`);
    },
    close: () => mail.close(),
  };
}

/** Runs the script; resolves with every item posted (a failed step is reported and skipped). */
export async function runReplay(info: DemoInfo, options: ReplayOptions = {}): Promise<ReplayedItem[]> {
  const speed = options.speed ?? defaultReplaySpeed;
  if (!(speed > 0)) throw new Error(`--speed must be a positive number (got ${speed})`);
  const script = options.script ?? incidentScript;
  const sleep = options.sleep ?? realSleep;
  const clients = attackerClients(info);
  const posted: ReplayedItem[] = [];
  let elapsed = 0;
  try {
    for (const [i, step] of script.entries()) {
      if (options.signal?.aborted) break;
      const wait = ((step.at - elapsed) * 1000) / speed;
      if (wait > 0) await sleep(wait, options.signal);
      elapsed = step.at;
      if (options.signal?.aborted) break;
      try {
        const id = await clients.post(step);
        const item: ReplayedItem = { step: i, channel: step.channel, id, text: step.title ? `${step.title}\n${step.text}` : step.text, postedAt: new Date().toISOString() };
        posted.push(item);
        options.onPosted?.(item);
      } catch (err) {
        options.onError?.(i, err as Error);
      }
    }
  } finally {
    clients.close();
  }
  return posted;
}
