// The Mastodon channel, through masto: reads the account's own statuses back, posts (public, with
// an optional content warning, deduplicated by Idempotency-Key), deletes, revokes its own token
// for Lock, and watches the streaming API's `user` stream so a new status is read at once.
// Every entity is parsed (schemas.ts) and every failure typed (errors.ts).
import { createHash } from 'node:crypto';
import { createOAuthAPIClient, createRestAPIClient, type mastodon } from 'masto';
import type { Clock } from '../../lib/clock';
import { realSleep } from '../../lib/sleep';
import { htmlToText } from '../html-text';
import { fetchMediaBytes } from '../media-fetch';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type FreezeAction, type ObservedItem, type OutboundImage, type RateBudget, type ReadResult, type RetractOutcome, type Variant } from '../types';
import { rateLimitReset, toChannelError, type MastodonAction } from './errors';
import { mastodonCharacterLimit, measureMastodon } from './length';
import { mastodonMediaRefs, mediaHostsFor, observedMastodonMedia, uploadMastodonImage } from './media';
import { accountSchema, applicationSchema, statusListSchema, statusSchema, type MastodonAccount, type MastodonStatus } from './schemas';
import { scopeProblem } from './scopes';
import { watchUserStream } from './watch';

export interface MastodonAdapterOptions {
  /** e.g. https://mastodon.social (the demo: its loopback URL). */
  readonly instanceUrl: string;
  readonly accessToken: string;
  /** The application's client key and secret: only POST /oauth/revoke (Lock) needs them. */
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** Hosts the instance serves media from besides itself and its subdomains (an S3 or CDN host). */
  readonly mediaHosts?: readonly string[];
}

export type MastodonAdapter = ChannelAdapter & { accountId(): Promise<string>; watch(onChange: (pushed?: readonly ObservedItem[]) => void, signal: AbortSignal): Promise<void> };

/** Mastodon's page size cap for account statuses. */
const pageSize = 40;

/** Snowflake ids as strings: longer is newer, then lexicographic. */
const newer = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/** Status HTML as a reader sees it. Link markup is dropped without spaces, because Mastodon splits
 *  long link texts into `invisible` spans that must join back into the URL. */
export function statusText(status: Pick<MastodonStatus, 'content' | 'spoilerText'>): string {
  const body = htmlToText(status.content.replace(/<\/?(a|span)\b[^>]*>/gi, ''));
  return status.spoilerText ? `${status.spoilerText}\n${body}` : body;
}

/** The Idempotency-Key for one outbox item: the same hint always sends the same key. */
export function idempotencyKey(hint: string): string {
  return `control-room-${createHash('sha256').update(hint).digest('hex').slice(0, 40)}`;
}

export function createMastodonAdapter(options: MastodonAdapterOptions): MastodonAdapter {
  const instanceUrl = options.instanceUrl.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 15_000;
  const client = createRestAPIClient({ url: instanceUrl, accessToken: options.accessToken, timeout });
  const budgets = new Map<'read' | 'publish' | 'retract', RateBudget>();
  let health: ChannelHealth = { state: 'ok' };
  let account: MastodonAccount | null = null;
  let lastProfileAt = 0;
  /** Ids of the account's statuses seen so far: a streamed `delete` carries the id only. */
  const ownIds = new Set<string>();

  const remember = (endpoint: 'read' | 'publish' | 'retract', headers: Headers | undefined): void => {
    const limit = Number(headers?.get('x-ratelimit-limit'));
    const remaining = Number(headers?.get('x-ratelimit-remaining'));
    const resetAt = rateLimitReset(headers);
    if (Number.isFinite(limit) && Number.isFinite(remaining) && resetAt) budgets.set(endpoint, { endpoint, limit, remaining, resetAt });
  };

  const track = async <T>(action: MastodonAction, fn: () => Promise<T>): Promise<T> => {
    try {
      const out = await fn();
      health = { state: 'ok' };
      return out;
    } catch (err) {
      const e = toChannelError(err, action, options.clock.now());
      const f = e.failure;
      if (f.kind === 'AUTH_REVOKED') health = { state: 'auth-revoked', why: f.message };
      else if (f.kind === 'RATE_LIMITED') health = { state: 'rate-limited', until: f.resetAt };
      else if (f.kind === 'UNAVAILABLE') health = { state: 'offline', why: f.message };
      throw e;
    }
  };

  const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: `Mastodon sent ${what} in an unexpected shape; nothing from it was used.` });
    return parsed.data;
  };

  /** verify_credentials, and on first contact the token's scopes: broader than `read write` is refused. */
  const fetchAccount = async (): Promise<MastodonAccount> => {
    const res = await client.v1.accounts.verifyCredentials.$raw();
    remember('read', res.headers);
    const me = parse(accountSchema, res.data, 'the account');
    if (account === null) {
      const app = parse(applicationSchema, await client.v1.apps.verifyCredentials(), 'the application');
      const problem = scopeProblem(app.scopes ?? null);
      if (problem) throw new ChannelError({ kind: 'REJECTED', message: problem });
    }
    account = me;
    return me;
  };

  const accountId = async (): Promise<string> => (account ?? (await track('read', fetchAccount))).id;

  const toItem = (s: MastodonStatus): ObservedItem => {
    ownIds.add(s.id);
    const media = observedMastodonMedia(s);
    return { channelItemId: s.id, publishedAt: s.createdAt, text: statusText(s), html: s.content, url: s.url ?? null, raw: s, ...(media.length > 0 ? { media } : {}) };
  };

  const listPage = async (id: string, minId: string | null): Promise<MastodonStatus[]> => {
    const res = await client.v1.accounts.$select(id).statuses.list.$raw({ limit: pageSize, ...(minId ? { minId } : {}) });
    remember('read', res.headers);
    return parse(statusListSchema, res.data, 'a status list');
  };

  return {
    kind: 'mastodon',
    capabilities: { publish: true, retract: 'delete', freezeActions: true, profile: true },
    accountId,

    renderedText: (variant) => (variant.title ? `${variant.title}\n${variant.text}` : variant.text),

    readSince: (cursor) =>
      track('read', async (): Promise<ReadResult> => {
        const id = await accountId();
        const items: ObservedItem[] = [];
        let newest = cursor;
        if (cursor === null) {
          for (const s of await listPage(id, null)) items.push(toItem(s));
        } else {
          // min_id pages forward from the cursor; a burst of up to 200 statuses is read in one go.
          for (let page = 0; page < 5; page++) {
            const statuses = await listPage(id, newest);
            for (const s of statuses) items.push(toItem(s));
            const top = statuses.reduce<string | null>((best, s) => (best === null || newer(s.id, best) ? s.id : best), null);
            if (top !== null) newest = top;
            if (statuses.length < pageSize) break;
          }
        }
        for (const item of items) if (newest === null || newer(item.channelItemId, newest)) newest = item.channelItemId;
        let profile: ReadResult['profile'] = null;
        const now = options.clock.now().getTime();
        if (cursor === null && now - lastProfileAt >= 20_000) {
          lastProfileAt = now;
          const me = await fetchAccount();
          profile = { displayName: me.displayName ?? me.username, bio: me.note ? htmlToText(me.note) : null };
        }
        return { items, cursor: newest, visibleIds: cursor === null ? items.map((i) => i.channelItemId) : null, windowComplete: cursor === null && items.length < pageSize, profile };
      }),

    publish: (variant: Variant, hint: string, images: readonly OutboundImage[] = []) =>
      track('publish', async () => {
        const length = measureMastodon(variant.text) + (variant.title ? measureMastodon(variant.title) : 0);
        if (length > mastodonCharacterLimit) throw new ChannelError({ kind: 'REJECTED', message: `Mastodon: ${length} of ${mastodonCharacterLimit} characters (links count 23). Shorten the Mastodon variant.` });
        // Uploads first. A retry uploads again; the Idempotency-Key still makes the instance answer
        // with the status it created the first time, with the first uploads attached, never a second status.
        const mediaIds: string[] = [];
        for (const image of images) {
          try {
            mediaIds.push(await uploadMastodonImage(client, image));
          } catch (err) {
            const e = toChannelError(err, 'publish', options.clock.now());
            if (e.failure.kind !== 'OUTCOME_UNKNOWN') throw e;
            throw new ChannelError({ kind: 'UNAVAILABLE', message: `Mastodon did not finish uploading an image (${e.message}); nothing was posted.` });
          }
        }
        const params: mastodon.rest.v1.CreateStatusParams = {
          status: variant.text,
          visibility: 'public',
          ...(variant.title ? { spoilerText: variant.title } : {}),
          ...(mediaIds.length > 0 ? { mediaIds } : {}),
        };
        // The same key on a retry makes Mastodon answer with the status it already created.
        const res = await client.v1.statuses.create.$raw(params, { requestInit: { headers: { 'Idempotency-Key': idempotencyKey(hint) } } });
        remember('publish', res.headers);
        const parsed = statusSchema.safeParse(res.data);
        // Accepted (2xx) but unreadable: the status may exist.
        if (!parsed.success) throw new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: 'Mastodon accepted the post but its answer was unreadable.' });
        ownIds.add(parsed.data.id);
        return {
          readBack: 'item-id' as const,
          channelItemId: parsed.data.id,
          url: parsed.data.url ?? null,
          publishedAt: parsed.data.createdAt,
          ...(images.length > 0 ? { mediaRefs: mastodonMediaRefs(images, parsed.data, mediaIds) } : {}),
        };
      }),

    fetchMedia: (media, maxBytes) => fetchMediaBytes('Mastodon', media.url, { allowedHosts: mediaHostsFor(instanceUrl, options.mediaHosts ?? [], media.url), maxBytes, timeoutMs: timeout }),

    retract: (itemId) =>
      track('retract', async (): Promise<RetractOutcome> => {
        try {
          const res = await client.v1.statuses.$select(itemId).remove.$raw();
          remember('retract', res.headers);
          return { kind: 'retracted', how: 'deleted' };
        } catch (err) {
          const e = toChannelError(err, 'retract', options.clock.now());
          if (e.failure.kind === 'NOT_FOUND') return { kind: 'already-gone' };
          throw e;
        }
      }),

    freezeActions: async (): Promise<FreezeAction[]> => [
      ...(options.clientId && options.clientSecret
        ? [{ id: 'revoke-own-token', label: "Revoke Control Room's Mastodon token", effect: 'Control Room can no longer post or delete on Mastodon until the account is reconnected with a new token.' }]
        : []),
      {
        id: 'revoke-other-apps',
        label: 'Revoke other apps on the Mastodon account',
        effect: `On ${instanceUrl} → Preferences → Account → Authorized apps, revoke every app except Control Room; under Development, delete applications you do not recognise (that revokes their tokens); then change the password. ${options.clientId && options.clientSecret ? '' : "Control Room's own token can only be revoked there too: it was connected without the application's client key and secret, which POST /oauth/revoke needs. "}Confirm here once done.`,
      },
    ],

    runFreezeAction: async (actionId) => {
      if (actionId === 'revoke-own-token' && options.clientId && options.clientSecret) {
        const oauth = createOAuthAPIClient({ url: instanceUrl, timeout });
        try {
          await oauth.revoke({ clientId: options.clientId, clientSecret: options.clientSecret, token: options.accessToken });
        } catch (err) {
          throw toChannelError(err, 'revoke', options.clock.now());
        }
        return { done: true, detail: 'Mastodon token revoked.' };
      }
      if (actionId === 'revoke-other-apps') return { done: false, detail: 'A manual step: confirm it once done on the Mastodon instance.' };
      throw new ChannelError({ kind: 'REJECTED', message: `Unknown freeze action ${actionId}.` });
    },

    // Never throws: until the account is known (offline, token refused) it retries with backoff,
    // and polling carries on meanwhile.
    watch: async (onChange, signal) => {
      for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, 30_000)) {
        const own = await accountId().catch(() => null);
        if (own !== null) return watchUserStream({
            instanceUrl,
            accessToken: options.accessToken,
            ownAccountId: own,
            ownIds,
            onChange,
            signal,
            // The streamed status is the same entity a read returns: parsed the same way, it is the item.
            toItem: (value) => {
              const status = statusSchema.safeParse(value);
              return status.success ? toItem(status.data) : null;
            },
          });
        await realSleep(delay, signal);
      }
    },

    health: () => health,
    limits: () => [...budgets.values()],
  };
}
