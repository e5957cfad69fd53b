// The Bluesky channel: the bureau's own posts read back from its repo on the PDS
// (com.atproto.repo.listRecords, no AppView needed), posted with link and mention facets, deleted
// with deleteRecord, and watched through the PDS's repo event stream. The app password is the only
// secret; a main-password login is refused. A failed session refresh means the app password was
// revoked: AUTH_REVOKED, never a silent re-login.
import { RichText, type AppBskyFeedPost, type AppBskyRichtextFacet } from '@atproto/api';
import type { Clock } from '../../lib/clock';
import { realSleep } from '../../lib/sleep';
import { blueskyGraphemeLimit } from '../../shared/rules';
import { fetchMediaBytes, hostOf } from '../media-fetch';
import { ChannelError, type ChannelAdapter, type ChannelHealth, type FreezeAction, type ObservedItem, type OutboundImage, type RateBudget, type ReadResult, type RetractOutcome, type Variant } from '../types';
import { resetAtFrom, toChannelError, type BlueskyAction } from './errors';
import { postCollection, watchFirehose } from './firehose';
import { blobUrl, imagesEmbed, observedBlueskyMedia, uploadBlueskyImage, type UploadedBlob } from './media';
import { createdRecordSchema, listRecordsSchema, resolvedHandleSchema, rkeyOf } from './schemas';
import { defaultPdsUrl, loginWithAppPassword, type BlueskySession } from './session';

export interface BlueskyAdapterOptions {
  readonly handle: string;
  readonly appPassword: string;
  readonly pdsUrl?: string;
  readonly clock: Clock;
  readonly timeoutMs?: number;
}

const pageSize = 100;

export const lockSteps = {
  endSession: 'end-own-session',
  revokeAppPassword: 'revoke-app-password',
} as const;

export function createBlueskyAdapter(options: BlueskyAdapterOptions): ChannelAdapter & { did(): Promise<string> } {
  const pdsUrl = options.pdsUrl ?? defaultPdsUrl;
  const timeout = options.timeoutMs ?? 15_000;
  const budgets = new Map<RateBudget['endpoint'], RateBudget>();
  let health: ChannelHealth = { state: 'ok' };
  let session: Promise<BlueskySession> | null = null;
  let sessionEnded = false;

  const login = (): Promise<BlueskySession> => {
    if (sessionEnded) return Promise.reject(new ChannelError({ kind: 'AUTH_REVOKED', message: 'Control Room ended its Bluesky session (Lock). Reconnect the account in Settings with a new app password.' }));
    session ??= loginWithAppPassword(pdsUrl, options.handle, options.appPassword, timeout).catch((err: unknown) => {
      session = null; // A failed login is tried again on the next call, not cached.
      throw err;
    });
    return session;
  };

  const remember = (endpoint: RateBudget['endpoint'], headers: Readonly<Record<string, string | undefined>> | undefined): void => {
    const limit = Number(headers?.['ratelimit-limit']);
    const remaining = Number(headers?.['ratelimit-remaining']);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !headers?.['ratelimit-reset']) return;
    budgets.set(endpoint, { endpoint, limit, remaining, resetAt: resetAtFrom(headers, options.clock.now().getTime()) });
  };

  const track = async <T>(action: BlueskyAction, fn: (s: BlueskySession) => Promise<T>): Promise<T> => {
    try {
      const s = await login();
      try {
        const out = await fn(s);
        health = { state: 'ok' };
        return out;
      } catch (err) {
        // The library tried a refresh and it failed: the app password no longer holds.
        if (s.expired()) throw new ChannelError({ kind: 'AUTH_REVOKED', message: 'Bluesky refused to refresh the session: the app password was revoked. Reconnect the Bluesky account in Settings.' });
        throw err;
      }
    } catch (err) {
      const e = toChannelError(err, action, options.clock.now().getTime());
      const f = e.failure;
      if (f.kind === 'AUTH_REVOKED') health = { state: 'auth-revoked', why: f.message };
      else if (f.kind === 'RATE_LIMITED') health = { state: 'rate-limited', until: f.resetAt };
      else if (f.kind === 'UNAVAILABLE') health = { state: 'offline', why: f.message };
      throw e;
    }
  };

  const postUrl = (did: string, rkey: string): string => `https://bsky.app/profile/${did}/post/${rkey}`;

  /** Links from the text itself; mentions only when the PDS resolves the handle (else plain text). */
  const facetsFor = async (s: BlueskySession, text: string): Promise<AppBskyRichtextFacet.Main[] | undefined> => {
    const rt = new RichText({ text });
    rt.detectFacetsWithoutResolution();
    const out: AppBskyRichtextFacet.Main[] = [];
    for (const facet of rt.facets ?? []) {
      const features: AppBskyRichtextFacet.Main['features'] = [];
      for (const f of facet.features) {
        if (f.$type !== 'app.bsky.richtext.facet#mention') {
          features.push(f);
          continue;
        }
        const handle = (f as AppBskyRichtextFacet.Mention).did;
        const res = await s.agent.com.atproto.identity.resolveHandle({ handle }).catch(() => null);
        const parsed = resolvedHandleSchema.safeParse(res?.data);
        if (parsed.success) features.push({ $type: 'app.bsky.richtext.facet#mention', did: parsed.data.did });
      }
      if (features.length > 0) out.push({ ...facet, features });
    }
    return out.length > 0 ? out : undefined;
  };

  const listPage = async (s: BlueskySession, query: { cursor?: string; reverse?: boolean }) => {
    const res = await s.agent.com.atproto.repo.listRecords({ repo: s.did, collection: postCollection, limit: pageSize, ...query });
    remember('read', res.headers);
    const parsed = listRecordsSchema.safeParse(res.data);
    if (!parsed.success) throw new ChannelError({ kind: 'BAD_RESPONSE', message: 'The PDS listed the posts in an unexpected shape; nothing from it was used.' });
    return parsed.data;
  };

  /** The PDS that holds the repo (on bsky.social, the account's own PDS behind the entryway). */
  const repoHost = (s: BlueskySession): string => (s.agent.pdsUrl ?? new URL(pdsUrl)).toString();

  const toItem = (s: BlueskySession, r: { uri: string; cid: string; value: { text: string; createdAt: string } }): ObservedItem => {
    const rkey = rkeyOf(r.uri);
    const media = observedBlueskyMedia(r.value, (cid) => blobUrl(repoHost(s), s.did, cid));
    return { channelItemId: rkey, publishedAt: r.value.createdAt, text: r.value.text, html: null, url: postUrl(s.did, rkey), raw: r, ...(media.length > 0 ? { media } : {}) };
  };

  return {
    kind: 'bluesky',
    capabilities: { publish: true, retract: 'delete', freezeActions: true, profile: false },
    did: async () => (await login()).did,

    renderedText: (variant) => variant.text,

    readSince: (cursor) =>
      track('read', async (s): Promise<ReadResult> => {
        if (cursor === null) {
          // Newest first, one page: the recent window, for new posts and for deletions.
          const page = await listPage(s, {});
          const items = page.records.map((r) => toItem(s, r));
          return { items, cursor: items[0]?.channelItemId ?? null, visibleIds: items.map((i) => i.channelItemId), windowComplete: page.cursor === undefined || items.length < pageSize, profile: null };
        }
        // Incremental: oldest first after the newest rkey seen (rkeys are time-ordered TIDs).
        const items: ObservedItem[] = [];
        let after = cursor;
        for (let pages = 0; pages < 5; pages++) {
          const page = await listPage(s, { cursor: after, reverse: true });
          for (const r of page.records) items.push(toItem(s, r));
          const last = items[items.length - 1];
          if (!last || page.records.length < pageSize) break;
          after = last.channelItemId;
        }
        return { items: items.reverse(), cursor: items[0]?.channelItemId ?? cursor, visibleIds: null, windowComplete: false, profile: null };
      }),

    publish: (variant: Variant, _hint: string, images: readonly OutboundImage[] = []) =>
      track('publish', async (s) => {
        const rt = new RichText({ text: variant.text });
        if (rt.graphemeLength > blueskyGraphemeLimit) throw new ChannelError({ kind: 'REJECTED', message: `Bluesky allows ${blueskyGraphemeLimit} characters; this text has ${rt.graphemeLength}. Shorten the Bluesky variant.` });
        const facets = await facetsFor(s, variant.text);
        // Blobs first: an upload that fails leaves no post, and an unreferenced blob is dropped by the PDS.
        const uploaded: UploadedBlob[] = [];
        for (const image of images) {
          try {
            uploaded.push(await uploadBlueskyImage(s, image));
          } catch (err) {
            const e = toChannelError(err, 'publish');
            if (e.failure.kind !== 'OUTCOME_UNKNOWN') throw e;
            throw new ChannelError({ kind: 'UNAVAILABLE', message: `Bluesky did not finish uploading an image (${e.message}); nothing was posted.` });
          }
        }
        const record: AppBskyFeedPost.Record = {
          $type: postCollection,
          text: variant.text,
          createdAt: options.clock.now().toISOString(),
          ...(facets ? { facets } : {}),
          ...(uploaded.length > 0 ? { embed: imagesEmbed(uploaded) } : {}),
        };
        // No client-chosen rkey: a made-up TID would sort the post out of time order. An unknown
        // outcome is settled by the outbox reading the repo for the content hash, never by resending.
        const res = await s.agent.com.atproto.repo.createRecord({ repo: s.did, collection: postCollection, record });
        remember('publish', res.headers);
        const parsed = createdRecordSchema.safeParse(res.data);
        if (!parsed.success) throw new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: 'The PDS accepted the post but its answer was unreadable.' });
        const rkey = rkeyOf(parsed.data.uri);
        return {
          readBack: 'item-id' as const,
          channelItemId: rkey,
          url: postUrl(s.did, rkey),
          publishedAt: record.createdAt,
          ...(uploaded.length > 0 ? { mediaRefs: uploaded.map((u) => ({ sha256: u.sha256, ref: u.cid })) } : {}),
        };
      }),

    // Blobs come from the PDS itself (the entryway signed in to, or the account's own PDS).
    fetchMedia: (media, maxBytes) =>
      track('read', async (s) => fetchMediaBytes('Bluesky', media.url, { allowedHosts: [...new Set([hostOf(pdsUrl), hostOf(repoHost(s))])], maxBytes, timeoutMs: timeout })),

    retract: (itemId) =>
      track('retract', async (s): Promise<RetractOutcome> => {
        // deleteRecord succeeds on a record that is not there: look first, so "already gone" is true.
        const existing = await s.agent.com.atproto.repo.getRecord({ repo: s.did, collection: postCollection, rkey: itemId }).catch((err: unknown) => {
          const e = toChannelError(err, 'retract');
          if (e.failure.kind === 'NOT_FOUND' || (e.failure.kind === 'REJECTED' && /not found/i.test(e.failure.message))) return null;
          throw err;
        });
        if (existing === null) return { kind: 'already-gone' };
        const res = await s.agent.com.atproto.repo.deleteRecord({ repo: s.did, collection: postCollection, rkey: itemId });
        remember('retract', res.headers);
        return { kind: 'retracted', how: 'deleted' };
      }),

    freezeActions: async (): Promise<FreezeAction[]> => [
      {
        id: lockSteps.endSession,
        label: "End Control Room's Bluesky session",
        effect: 'Control Room signs its session out (its refresh token stops working). An access token already issued keeps working until it expires, about 2 hours; Control Room can no longer read or post on Bluesky until reconnected.',
      },
      {
        id: lockSteps.revokeAppPassword,
        label: 'Revoke the app passwords on the Bluesky account',
        effect: 'Revoking an app password needs the account\u2019s main password, which Control Room never holds. At bsky.app \u2192 Settings \u2192 Privacy and security \u2192 App passwords, delete every app password (Control Room\u2019s too), then change the main password. Access tokens already issued keep working until they expire, about 2 hours. Confirm here once done.',
      },
    ],

    runFreezeAction: async (actionId) => {
      if (actionId === lockSteps.endSession) {
        const s = await login();
        await s.agent.logout().catch((err: unknown) => {
          throw toChannelError(err, 'revoke');
        });
        sessionEnded = true;
        health = { state: 'auth-revoked', why: 'Control Room ended its own Bluesky session (Lock).' };
        return { done: true, detail: 'Session ended: the refresh token is revoked. An access token already issued keeps working until it expires (about 2 hours).' };
      }
      if (actionId === lockSteps.revokeAppPassword) return { done: false, detail: 'A manual step (it needs the main password): confirm it once done on bsky.app. Tokens already issued keep working for up to about 2 hours.' };
      throw new ChannelError({ kind: 'REJECTED', message: `Unknown freeze action ${actionId}.` });
    },

    watch: async (onChange, signal) => {
      // The stream comes from the host that holds the repo: on bsky.social that is the account's
      // own PDS named in its DID document (the agent follows it), not the entryway signed in to.
      const host = async (): Promise<{ did: string; url: string }> => {
        const s = await login();
        return { did: s.did, url: (s.agent.pdsUrl ?? new URL(pdsUrl)).toString() };
      };
      await watchFirehose({ host, onChange, signal, sleep: realSleep });
    },

    health: () => health,
    limits: () => [...budgets.values()],
  };
}
