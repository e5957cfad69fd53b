// The website channel: a WordPress site's posts through the REST API with an application
// password. Reads what is published (newest change first), publishes, retracts by unpublishing
// (status=draft: gone from the site and its feed, kept in WordPress as evidence), and revokes the
// application passwords of integration users as a freeze action.
import type { Clock } from '../../lib/clock';
import { htmlToText } from '../html-text';
import { failureForStatus, httpRequest, parseJson, type HttpAction, type HttpAnswer } from '../http';
import { fetchMediaBytes, hostOf } from '../media-fetch';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type FreezeAction, type ObservedItem, type ObservedMedia, type OutboundImage, type ReadResult, type RetractOutcome, type Variant } from '../types';
import { revokeApplicationPassword } from './application-passwords';
import { contentWithFigures, observedWpMedia, uploadName, type UploadedWpImage } from './media';
import { applicationPasswordListSchema, deletedSchema, mediaSchema, postListSchema, postSchema, wpErrorSchema, type WpPost } from './schemas';

export interface WordPressAdapterOptions {
  readonly siteUrl: string;
  readonly username: string;
  readonly applicationPassword: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** WordPress user ids of other integrations (the newsroom tool) whose passwords Lock revokes. */
  readonly integrationUserIds?: readonly number[];
}

const service = 'WordPress';
const pageSize = 100;

/** WordPress dates without a zone are UTC when they come from *_gmt fields. */
const gmt = (d: string | null): string | null => (d ? `${d.replace(/Z$/, '')}Z` : null);

/** How a post reads in the columns and in the ledger: title, then the body as plain text. */
export function postText(titleHtml: string, bodyHtml: string): string {
  const title = htmlToText(titleHtml);
  const body = htmlToText(bodyHtml);
  return body ? `${title}\n${body}` : title;
}

export function toObservedItem(post: WpPost, media: readonly ObservedMedia[] = []): ObservedItem {
  return {
    channelItemId: String(post.id),
    publishedAt: gmt(post.date_gmt),
    text: postText(post.title.rendered, post.content.rendered),
    html: post.content.rendered,
    url: post.link,
    raw: post,
    ...(media.length > 0 ? { media } : {}),
  };
}

export function createWordPressAdapter(options: WordPressAdapterOptions): ChannelAdapter {
  const site = options.siteUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${options.username}:${options.applicationPassword.replace(/\s+/g, '')}`).toString('base64')}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let health: ChannelHealth = { state: 'ok' };
  let sawPosts = false;

  /** Featured images by attachment id: looked up once, they rarely change. */
  const featuredCache = new Map<number, ObservedMedia | null>();

  const call = async (
    path: string,
    action: HttpAction,
    init: { method?: string; body?: unknown; file?: { bytes: Uint8Array; mime: string; name: string } } = {},
  ): Promise<{ answer: HttpAnswer; json: unknown }> => {
    const json = init.body !== undefined;
    try {
      const answer = await httpRequest(service, `${site}/wp-json/wp/v2${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: auth,
          accept: 'application/json',
          ...(json ? { 'content-type': 'application/json' } : {}),
          ...(init.file ? { 'content-type': init.file.mime, 'content-disposition': `attachment; filename="${init.file.name}"` } : {}),
        },
        ...(json ? { body: JSON.stringify(init.body) } : init.file ? { body: init.file.bytes } : {}),
        timeoutMs,
        action,
      });
      if (answer.status >= 200 && answer.status < 300) {
        health = { state: 'ok' };
        return { answer, json: parseJson(service, answer) };
      }
      const err = wpErrorSchema.safeParse(safeJson(answer.text));
      const detail = err.success ? `${err.data.code}: ${err.data.message}` : `HTTP ${answer.status}`;
      throw new ChannelError(failureForStatus(service, answer, action, detail, options.clock.now()));
    } catch (e) {
      if (e instanceof ChannelError) {
        const f = e.failure;
        if (f.kind === 'AUTH_REVOKED') health = { state: 'auth-revoked', why: f.message };
        else if (f.kind === 'UNAVAILABLE') health = { state: 'offline', why: f.message };
        else if (f.kind === 'RATE_LIMITED') health = { state: 'rate-limited', until: f.resetAt };
      }
      throw e;
    }
  };

  const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, json: unknown, what: string): T => {
    const r = schema.safeParse(json);
    if (!r.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: `${service} sent ${what} in an unexpected shape; nothing from it was used.` });
    return r.data;
  };

  const upload = async (image: OutboundImage, index: number): Promise<UploadedWpImage> => {
    const query = new URLSearchParams({ alt_text: image.alt });
    try {
      const { json } = await call(`/media?${query.toString()}`, 'publish', { method: 'POST', file: { bytes: image.bytes, mime: image.mime, name: uploadName(image, index) } });
      const media = parse(mediaSchema, json, 'the uploaded image');
      return { id: media.id, sourceUrl: media.source_url, alt: image.alt, sha256: image.sha256 };
    } catch (e) {
      // No post was sent yet: an upload without an answer is not an unknown post.
      if (e instanceof ChannelError && e.failure.kind === 'OUTCOME_UNKNOWN') {
        throw new ChannelError({ kind: 'UNAVAILABLE', message: `${service} did not finish uploading image ${index + 1} (${e.message}); nothing was posted.` });
      }
      throw e;
    }
  };

  const featured = async (id: number): Promise<ObservedMedia | null> => {
    if (featuredCache.has(id)) return featuredCache.get(id) ?? null;
    let found: ObservedMedia | null = null;
    try {
      const { json } = await call(`/media/${id}`, 'read');
      const media = parse(mediaSchema, json, 'a featured image');
      found = { ref: String(media.id), mime: media.mime_type, alt: media.alt_text, url: media.source_url };
    } catch (e) {
      // A featured image that is gone or not readable is simply not listed; the read goes on.
      if (!(e instanceof ChannelError && (e.failure.kind === 'NOT_FOUND' || e.failure.kind === 'REJECTED'))) throw e;
    }
    featuredCache.set(id, found);
    return found;
  };

  return {
    kind: 'wordpress',
    capabilities: { publish: true, retract: 'unpublish', freezeActions: true, profile: false },

    // WordPress renders the title with entities escaped; plain text reads the same either way.
    renderedText: (variant) => postText(variant.title ?? '', variant.html ?? variant.text),

    async readSince(cursor): Promise<ReadResult> {
      // Ordered by last change, so a post published late with a back-dated date is still seen.
      // The cursor overlaps by a second (modified_after is exclusive, to the second): the monitor
      // ignores ids it has already stored.
      const q = new URLSearchParams({ context: 'edit', status: 'publish', orderby: 'modified', order: 'desc', per_page: String(pageSize) });
      if (cursor) q.set('modified_after', new Date(Date.parse(cursor) - 1000).toISOString().replace(/\.\d{3}Z$/, ''));
      // Follow pages on incremental reads and until the site has shown a post (no cursor yet):
      // a burst must not hide behind page one. Full reads of a known site (for deletions) take one.
      const maxPages = cursor !== null || !sawPosts ? 5 : 1;
      const posts: WpPost[] = [];
      let total = 0;
      for (let page = 1; page <= maxPages; page++) {
        q.set('page', String(page));
        const { answer, json } = await call(`/posts?${q.toString()}`, 'read');
        posts.push(...parse(postListSchema, json, 'a post list'));
        total = Number(answer.headers.get('x-wp-total') ?? posts.length);
        // Asking past the last page is a 400 on WordPress: stop at X-WP-TotalPages.
        if (page >= Number(answer.headers.get('x-wp-totalpages') ?? 1)) break;
      }
      if (posts.length > 0) sawPosts = true;
      const items: ObservedItem[] = [];
      for (const post of posts) items.push(toObservedItem(post, await observedWpMedia(post, featured)));
      const newest = posts.reduce<string | null>((m, p) => (m === null || gmt(p.modified_gmt)! > m ? gmt(p.modified_gmt) : m), cursor);
      return {
        items,
        cursor: newest,
        visibleIds: cursor ? null : items.map((i) => i.channelItemId),
        windowComplete: !cursor && total <= posts.length,
        profile: null,
      };
    },

    async publish(variant: Variant, _hint: string, images: readonly OutboundImage[] = []) {
      // Uploads come first; one that fails leaves no post (an unused attachment at most), so the error stands as it is.
      const uploaded: UploadedWpImage[] = [];
      for (const [index, image] of images.entries()) uploaded.push(await upload(image, index));
      const content = contentWithFigures(variant.html ?? variant.text, uploaded);
      const { json } = await call('/posts', 'publish', { method: 'POST', body: { title: variant.title ?? '', content, status: 'publish' } });
      const post = parse(postSchema, json, 'the new post');
      return {
        readBack: 'item-id' as const,
        channelItemId: String(post.id),
        url: post.link,
        publishedAt: gmt(post.date_gmt),
        ...(uploaded.length > 0 ? { mediaRefs: uploaded.map((u) => ({ sha256: u.sha256, ref: String(u.id) })) } : {}),
      };
    },

    // Uploads are public files of the site itself; nothing is fetched from anywhere else.
    fetchMedia: (media, maxBytes) => fetchMediaBytes(service, media.url, { allowedHosts: [hostOf(site)], maxBytes, timeoutMs }),

    async retract(itemId): Promise<RetractOutcome> {
      if (!/^\d+$/.test(itemId)) throw new ChannelError({ kind: 'REJECTED', message: `Not a WordPress post id: ${itemId}.` });
      try {
        // Look first: a post already unpublished or trashed is reported as gone, not "retracted".
        const { json: current } = await call(`/posts/${itemId}?context=edit`, 'retract');
        if (parse(postSchema, current, 'the post').status !== 'publish') return { kind: 'already-gone' };
        const { json } = await call(`/posts/${itemId}`, 'retract', { method: 'POST', body: { status: 'draft' } });
        parse(postSchema, json, 'the unpublished post');
        return { kind: 'retracted', how: 'unpublished' };
      } catch (e) {
        if (e instanceof ChannelError && e.failure.kind === 'NOT_FOUND') return { kind: 'already-gone' };
        throw e;
      }
    },

    async freezeActions(): Promise<FreezeAction[]> {
      return (options.integrationUserIds ?? []).map((id) => ({
        id: `revoke-application-passwords:${id}`,
        label: `Revoke every application password of WordPress user ${id}`,
        effect: 'Tools using those passwords (the newsroom tool) can no longer publish to the site. Needs an administrator connection.',
      }));
    },

    async runFreezeAction(actionId) {
      // One desk's own application password (team mode), revoked by uuid with this desk's login:
      // its own, or another desk's of the same WordPress user while that desk is offline.
      const one = /^revoke-application-password:([\w-]{1,64})$/.exec(actionId);
      if (one) {
        const login = { siteUrl: site, username: options.username, applicationPassword: options.applicationPassword };
        const { name } = await revokeApplicationPassword(login, one[1]!, options.clock);
        return { done: true, detail: `Revoked the application password "${name}".` };
      }
      const m = /^revoke-application-passwords:(\d+)$/.exec(actionId);
      if (!m) throw new ChannelError({ kind: 'REJECTED', message: `Unknown freeze action ${actionId}.` });
      const userId = m[1]!;
      const { json: list } = await call(`/users/${userId}/application-passwords`, 'revoke');
      const passwords = parse(applicationPasswordListSchema, list, 'the application password list');
      const { json } = await call(`/users/${userId}/application-passwords`, 'revoke', { method: 'DELETE' });
      parse(deletedSchema.pick({ deleted: true }), json, 'the revocation answer');
      return { done: true, detail: `Revoked ${passwords.length} application password(s) of WordPress user ${userId}.` };
    },

    health: () => health,
    limits: () => [],
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
