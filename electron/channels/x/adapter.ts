// The X channel: reads the account's own timeline, posts, deletes, through twitter-api-v2 with
// OAuth 2.0 (refreshing and storing new tokens) or OAuth 1.0a user context. Every answer is
// parsed; rate-limit headers are kept per endpoint so the monitor can pace itself.
import { TwitterApi, type TwitterRateLimit } from 'twitter-api-v2';
import type { Clock } from '../../lib/clock';
import { fetchMediaBytes, hostOf } from '../media-fetch';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type FreezeAction, type ObservedItem, type OutboundImage, type RateBudget, type ReadResult, type RetractOutcome, type Variant } from '../types';
import { createXBaseUrlPlugin } from './base-url-plugin';
import { toChannelError } from './errors';
import { observedXMedia, uploadXImage } from './media';
import { createdTweetSchema, deletedTweetSchema, timelineSchema, userSchema } from './schemas';

export type XCredentials =
  | { readonly kind: 'oauth2'; readonly accessToken: string; readonly refreshToken: string | null; readonly clientId: string | null; readonly clientSecret: string | null }
  | { readonly kind: 'oauth1'; readonly appKey: string; readonly appSecret: string; readonly accessToken: string; readonly accessSecret: string };

export interface XAdapterOptions {
  readonly credentials: XCredentials;
  /** Demo newsroom and tests: send requests here instead of api.x.com. */
  readonly baseUrl?: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** New OAuth 2.0 tokens after a refresh go back to the vault through this. */
  readonly onTokensRefreshed?: (tokens: { accessToken: string; refreshToken: string }) => Promise<void>;
}

type Endpoint = RateBudget['endpoint'] | 'me';
const pageSize = 100;

export function createXAdapter(options: XAdapterOptions): ChannelAdapter & { userId(): Promise<string> } {
  const plugins = options.baseUrl ? [createXBaseUrlPlugin(options.baseUrl)] : [];
  let credentials = options.credentials;
  const makeClient = (): TwitterApi =>
    credentials.kind === 'oauth2'
      ? new TwitterApi(credentials.accessToken, { plugins })
      : new TwitterApi({ appKey: credentials.appKey, appSecret: credentials.appSecret, accessToken: credentials.accessToken, accessSecret: credentials.accessSecret }, { plugins });
  let client = makeClient();
  const timeout = options.timeoutMs ?? 15_000;
  const budgets = new Map<Endpoint, RateBudget>();
  let health: ChannelHealth = { state: 'ok' };
  let cachedUserId: string | null = null;
  let lastProfileAt = 0;
  let sawTweets = false;

  const remember = (endpoint: Endpoint, rl: TwitterRateLimit | undefined): void => {
    if (!rl) return;
    const resetAt = new Date(rl.reset * 1000).toISOString();
    budgets.set(endpoint, { endpoint: endpoint === 'me' ? 'read' : endpoint, limit: rl.limit, remaining: rl.remaining, resetAt });
  };

  /** One refresh attempt on 401 for OAuth 2.0 with a refresh token; then the error stands. */
  const withAuth = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      const mapped = toChannelError(err, 'read');
      if (mapped.failure.kind !== 'AUTH_REVOKED' || credentials.kind !== 'oauth2' || !credentials.refreshToken || !credentials.clientId) throw err;
      const refresher = new TwitterApi({ clientId: credentials.clientId, ...(credentials.clientSecret ? { clientSecret: credentials.clientSecret } : {}) }, { plugins });
      const refreshed = await refresher.refreshOAuth2Token(credentials.refreshToken);
      if (!refreshed.refreshToken) throw err;
      credentials = { ...credentials, accessToken: refreshed.accessToken, refreshToken: refreshed.refreshToken };
      client = makeClient();
      await options.onTokensRefreshed?.({ accessToken: refreshed.accessToken, refreshToken: refreshed.refreshToken });
      return fn();
    }
  };

  const track = async <T>(action: 'read' | 'publish' | 'retract', fn: () => Promise<T>): Promise<T> => {
    try {
      const out = await withAuth(fn);
      health = { state: 'ok' };
      return out;
    } catch (err) {
      const e = toChannelError(err, action);
      const f = e.failure;
      if (f.kind === 'AUTH_REVOKED') health = { state: 'auth-revoked', why: f.message };
      else if (f.kind === 'RATE_LIMITED') health = { state: 'rate-limited', until: f.resetAt };
      else if (f.kind === 'UNAVAILABLE') health = { state: 'offline', why: f.message };
      throw e;
    }
  };

  const fetchMe = async (): Promise<{ id: string; name: string; description: string | null }> => {
    const res = await client.v2.get('users/me', { 'user.fields': 'description,name' }, { fullResponse: true, timeout });
    remember('me', res.rateLimit);
    const parsed = userSchema.safeParse(res.data);
    if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'X sent a user record in an unexpected shape.' });
    cachedUserId = parsed.data.data.id;
    return { id: parsed.data.data.id, name: parsed.data.data.name, description: parsed.data.data.description ?? null };
  };

  const userId = async (): Promise<string> => cachedUserId ?? (await track('read', fetchMe)).id;

  const profileDue = (): boolean => {
    const me = budgets.get('me');
    const now = options.clock.now().getTime();
    // users/me has a small budget (75 per 15 minutes): check the profile at most every 20 s.
    return now - lastProfileAt >= 20_000 && (!me || me.remaining > 2 || Date.parse(me.resetAt) <= now);
  };

  return {
    kind: 'x',
    capabilities: { publish: true, retract: 'delete', freezeActions: true, profile: true },
    userId,

    renderedText: (variant) => variant.text,

    readSince: (cursor) =>
      track('read', async (): Promise<ReadResult> => {
        const id = await userId();
        const items: ObservedItem[] = [];
        let paginationToken: string | undefined;
        let newest: string | null = cursor;
        // Follow pages on incremental reads, and on every read until the account has shown a
        // tweet (an empty account has no since_id yet): a burst must not hide behind page one.
        // Full reads of a known account (for deletions) take one page.
        const pages = cursor !== null || !sawTweets ? 5 : 1;
        for (let page = 0; page < pages; page++) {
          const query: Record<string, string> = {
            max_results: String(pageSize),
            'tweet.fields': 'created_at,author_id,attachments',
            expansions: 'attachments.media_keys',
            'media.fields': 'url,type,alt_text',
          };
          if (cursor) query['since_id'] = cursor;
          if (paginationToken) query['pagination_token'] = paginationToken;
          const res = await client.v2.get(`users/${id}/tweets`, query, { fullResponse: true, timeout });
          remember('read', res.rateLimit);
          const parsed = timelineSchema.safeParse(res.data);
          if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'X sent a timeline in an unexpected shape; nothing from it was used.' });
          const included = new Map((parsed.data.includes?.media ?? []).map((m) => [m.media_key, m] as const));
          for (const t of parsed.data.data ?? []) {
            const media = observedXMedia(t.attachments?.media_keys, included);
            // The evidence keeps the tweet with the media entries it refers to.
            const raw = media.length > 0 ? { ...t, includes: { media: media.map((m) => included.get(m.ref)).filter((m) => m !== undefined) } } : t;
            items.push({ channelItemId: t.id, publishedAt: t.created_at ?? null, text: t.text, html: null, url: null, raw, ...(media.length > 0 ? { media } : {}) });
          }
          if (page === 0 && parsed.data.meta?.newest_id) {
            newest = parsed.data.meta.newest_id;
            sawTweets = true;
          }
          paginationToken = parsed.data.meta?.next_token;
          if (!paginationToken) break;
        }
        let profile: ReadResult['profile'] = null;
        if (!cursor && profileDue()) {
          lastProfileAt = options.clock.now().getTime();
          const me = await fetchMe();
          profile = { displayName: me.name, bio: me.description };
        }
        return {
          items,
          cursor: newest,
          visibleIds: cursor ? null : items.map((i) => i.channelItemId),
          windowComplete: !cursor && items.length < pageSize,
          profile,
        };
      }),

    publish: (variant: Variant, _hint: string, images: readonly OutboundImage[] = []) =>
      track('publish', async () => {
        // Uploads that fail before the tweet leave nothing public: a retry uploads again.
        const uploaded = [];
        for (const image of images) {
          try {
            uploaded.push({ sha256: image.sha256, ...(await uploadXImage(client, image, timeout)) });
          } catch (err) {
            const e = toChannelError(err, 'publish');
            // No tweet was sent yet, whatever became of the upload: nothing to settle by reading.
            if (e.failure.kind !== 'OUTCOME_UNKNOWN') throw e;
            throw new ChannelError({ kind: 'UNAVAILABLE', message: `X did not finish uploading an image (${e.message}); nothing was posted.` });
          }
        }
        const body = uploaded.length > 0 ? { text: variant.text, media: { media_ids: uploaded.map((u) => u.mediaId) } } : { text: variant.text };
        const res = await client.v2.post('tweets', body, { fullResponse: true, timeout });
        remember('publish', res.rateLimit);
        const parsed = createdTweetSchema.safeParse(res.data);
        // It was accepted (2xx) but the answer is unreadable: the post may exist.
        if (!parsed.success) throw new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: 'X accepted the post but its answer was unreadable.' });
        return {
          readBack: 'item-id' as const,
          channelItemId: parsed.data.data.id,
          url: null,
          publishedAt: null,
          ...(uploaded.length > 0 ? { mediaRefs: uploaded.map((u) => ({ sha256: u.sha256, ref: u.ref })) } : {}),
        };
      }),

    // Photos are public on X's media host (pbs.twimg.com); the demo serves them itself.
    fetchMedia: (media, maxBytes) =>
      fetchMediaBytes('X', media.url, { allowedHosts: options.baseUrl ? [hostOf(options.baseUrl)] : ['pbs.twimg.com'], maxBytes, timeoutMs: timeout }),

    retract: (itemId) =>
      track('retract', async (): Promise<RetractOutcome> => {
        try {
          const res = await client.v2.delete(`tweets/${encodeURIComponent(itemId)}`, undefined, { fullResponse: true, timeout });
          remember('retract', res.rateLimit);
          const parsed = deletedTweetSchema.safeParse(res.data);
          if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'X answered the delete in an unexpected shape.' });
          return parsed.data.data.deleted ? { kind: 'retracted', how: 'deleted' } : { kind: 'already-gone' };
        } catch (err) {
          const e = toChannelError(err, 'retract');
          if (err instanceof Error && 'rateLimit' in err) remember('retract', (err as { rateLimit?: TwitterRateLimit }).rateLimit);
          if (e.failure.kind === 'NOT_FOUND') return { kind: 'already-gone' };
          throw e;
        }
      }),

    freezeActions: async (): Promise<FreezeAction[]> => [
      ...(credentials.kind === 'oauth2' && credentials.clientId
        ? [{ id: 'revoke-own-token', label: "Revoke Control Room's X token", effect: 'Control Room can no longer post or delete on X until the account is reconnected.' }]
        : []),
      {
        id: 'disconnect-other-apps',
        label: 'Disconnect other apps from the X account',
        effect: 'At x.com → Settings → Security and account access → Apps and sessions → Connected apps, revoke every app except Control Room, then change the account password. X offers no API for this; confirm here once done.',
      },
    ],

    runFreezeAction: async (actionId) => {
      if (actionId === 'revoke-own-token' && credentials.kind === 'oauth2' && credentials.clientId) {
        const c = credentials;
        const revoker = new TwitterApi({ clientId: c.clientId as string, ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}) }, { plugins });
        try {
          await revoker.revokeOAuth2Token(c.accessToken, 'access_token');
        } catch (err) {
          throw toChannelError(err, 'revoke');
        }
        return { done: true, detail: 'X token revoked.' };
      }
      if (actionId === 'disconnect-other-apps') return { done: false, detail: 'A manual step: confirm it once done on x.com.' };
      throw new ChannelError({ kind: 'REJECTED', message: `Unknown freeze action ${actionId}.` });
    },

    health: () => health,
    limits: () => [...budgets.entries()].filter(([k]) => k !== 'me').map(([, v]) => v),
  };
}
