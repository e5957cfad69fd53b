// The Bluesky adapter suite, run against any PDS target (the demo PDS, a real @atproto/pds):
// login refusals, publish with facets, read back, incremental reads, a record rewritten in place
// (putRecord), retract, push on the repo event stream, and a revoked app password turning into
// AUTH_REVOKED.
import type { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBlueskyAdapter } from '../../electron/channels/bluesky/adapter';
import { ChannelError } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { expectImagesReadBack } from './media-checks';
import { mediaAt, startHostileImageServer, twoImages } from './test-images';

export interface BlueskyTarget {
  readonly pdsUrl: string;
  readonly handle: string;
  readonly did: string;
  readonly appPassword: string;
  readonly mainPassword: string;
  /** Another account's handle on the same PDS, for a mention facet. */
  readonly otherHandle: string;
  /** Someone else with a session posts (the attacker's tool), returning the rkey. */
  postAsOther(text: string): Promise<string>;
  /** That other tool's session on the same account (it rewrites records with putRecord). */
  readonly otherAgent: AtpAgent;
  /** The account owner revokes Control Room's app password (with the main password). */
  revokeBureauAppPassword(): Promise<void>;
  /** Makes every access token issued so far unusable, as two hours would. Null: not possible. */
  readonly expireAccessTokens: (() => Promise<void>) | null;
  stop(): Promise<void>;
}

const failureOf = async (p: Promise<unknown>): Promise<ChannelError['failure']> => {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(err)}`);
  return err.failure;
};

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`never happened: ${what}`);
};

export function blueskyAdapterSuite(start: () => Promise<BlueskyTarget>): void {
  let t: BlueskyTarget;
  beforeAll(async () => {
    t = await start();
  }, 60_000);
  afterAll(async () => t?.stop());
  const adapter = (password = t.appPassword) => createBlueskyAdapter({ handle: t.handle, appPassword: password, pdsUrl: t.pdsUrl, clock: systemClock, timeoutMs: 5000 });

  it('refuses the main password with a message naming app passwords', async () => {
    const f = await failureOf(adapter(t.mainPassword).readSince(null));
    expect(f.kind).toBe('REJECTED');
    expect(f.message).toMatch(/main password.*app password/i);
  });

  it('calls a wrong app password wrong credentials', async () => {
    expect((await failureOf(adapter('aaaa-bbbb-cccc-dddd').readSince(null))).kind).toBe('AUTH_REVOKED');
  });

  it('publishes with link and mention facets and reads the post back from the repo', async () => {
    const a = adapter();
    const text = `Road closed on the A40. Details https://met.example/a40 cc @${t.otherHandle}`;
    const sent = await a.publish({ title: null, text, html: null }, 'st-1-bsky');
    expect(sent.readBack).toBe('item-id');
    const read = await a.readSince(null);
    const item = read.items.find((i) => i.channelItemId === sent.channelItemId);
    expect(item?.text).toBe(text);
    expect(read.visibleIds).toContain(sent.channelItemId);
    const record = (item?.raw as { value: { facets?: { features: { $type: string; uri?: string; did?: string }[] }[]; createdAt: string } }).value;
    const features = (record.facets ?? []).flatMap((f) => f.features);
    expect(features).toContainEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://met.example/a40' });
    expect(features.some((f) => f.$type === 'app.bsky.richtext.facet#mention' && f.did?.startsWith('did:'))).toBe(true);
    expect(Date.parse(record.createdAt)).not.toBeNaN();
  });

  it('posts two images as blobs with alt text and aspect ratio; they read back byte for byte', async () => {
    const a = adapter();
    const images = await twoImages();
    const sent = await a.publish({ title: null, text: 'Appeal: have you seen her?', html: null }, 'st-img-bsky', images);
    const read = await a.readSince(null);
    const item = read.items.find((i) => i.channelItemId === sent.channelItemId);
    await expectImagesReadBack(a, item, images, sent);
    const embed = (item?.raw as { value: { embed?: { $type: string; images: { aspectRatio?: { width: number; height: number } }[] } } }).value.embed;
    expect(embed?.$type).toBe('app.bsky.embed.images');
    expect(embed?.images.map((i) => i.aspectRatio)).toEqual(images.map((i) => ({ width: i.width, height: i.height })));
    const hostile = await startHostileImageServer();
    try {
      for (const url of [hostile.hugeUrl, hostile.redirectUrl]) expect((await failureOf(a.fetchMedia!(mediaAt(url), 1_000_000))).kind).toBe('BAD_RESPONSE');
      expect(hostile.hits()).toBe(0);
    } finally {
      await hostile.close();
    }
  });

  it('reads only newer posts after a cursor, and sees posts made by other tools', async () => {
    const a = adapter();
    const first = await a.readSince(null);
    const rkey = await t.postAsOther('posted by the scheduler');
    const next = await a.readSince(first.cursor);
    expect(next.items.map((i) => i.channelItemId)).toEqual([rkey]);
    expect(next.visibleIds).toBeNull();
  });

  it('reads a post rewritten in place by another tool (putRecord on its rkey) under the same id with the new text; a stale swapRecord is refused', async () => {
    const a = adapter();
    const sent = await a.publish({ title: null, text: 'The A40 is open again.', html: null }, 'st-put-bsky');
    const where = { repo: t.did, collection: 'app.bsky.feed.post', rkey: sent.channelItemId };
    const before = (await t.otherAgent.com.atproto.repo.getRecord(where)).data;
    const put = await t.otherAgent.com.atproto.repo.putRecord({ ...where, record: { ...before.value, text: 'The A40 is closed for good.' }, swapRecord: before.cid ?? null });
    expect(put.data.uri).toBe(before.uri);
    expect(put.data.cid).not.toBe(before.cid);
    const read = await a.readSince(null);
    expect(read.items.filter((i) => i.channelItemId === sent.channelItemId).map((i) => i.text)).toEqual(['The A40 is closed for good.']);
    // The record is no longer at the CID read before: a write swapping on it is refused.
    const stale = await t.otherAgent.com.atproto.repo.putRecord({ ...where, record: { ...before.value, text: 'late' }, swapRecord: before.cid ?? null }).then(() => null, (e: unknown) => e);
    expect(stale).toMatchObject({ error: 'InvalidSwap', message: `Record was at ${put.data.cid}` });
  });

  it('refuses a post over 300 graphemes before sending it', async () => {
    const f = await failureOf(adapter().publish({ title: null, text: 'é'.repeat(301), html: null }, 'st-long'));
    expect(f.kind).toBe('REJECTED');
    expect(f.message).toMatch(/300/);
  });

  it('retracts by deleting the record, and says already-gone the second time', async () => {
    const a = adapter();
    const sent = await a.publish({ title: null, text: 'to be retracted', html: null }, 'st-2-bsky');
    expect(await a.retract(sent.channelItemId)).toEqual({ kind: 'retracted', how: 'deleted' });
    expect(await a.retract(sent.channelItemId)).toEqual({ kind: 'already-gone' });
    expect((await a.readSince(null)).visibleIds).not.toContain(sent.channelItemId);
  });

  it('pushes: watch() calls onChange for a post of its own DID', async () => {
    const a = adapter();
    const abort = new AbortController();
    let changes = 0;
    const watching = a.watch!(() => changes++, abort.signal);
    // The stream is live once a commit made now is announced.
    await until(() => {
      void t.postAsOther(`ping ${changes}`);
      return changes > 0;
    }, 'a commit announced on subscribeRepos');
    const before = changes;
    await t.postAsOther('one more');
    await until(() => changes > before, 'the next commit announced');
    abort.abort();
    await watching;
  });

  it('Lock: ends its own session for real, and says what needs the main password and that tokens live ~2 h', async () => {
    const a = adapter();
    await a.readSince(null);
    const actions = await a.freezeActions();
    expect(actions.map((x) => x.id)).toEqual(['end-own-session', 'revoke-app-password']);
    expect(actions[1]?.effect).toMatch(/main password/);
    for (const x of actions) expect(x.effect).toMatch(/2 hours/);
    const manual = await a.runFreezeAction('revoke-app-password');
    expect(manual.done).toBe(false);
    const ended = await a.runFreezeAction('end-own-session');
    expect(ended).toMatchObject({ done: true, detail: expect.stringMatching(/2 hours/) });
    expect((await failureOf(a.readSince(null))).kind).toBe('AUTH_REVOKED');
    expect(a.health().state).toBe('auth-revoked');
  });

  it('after the app password is revoked: no new session, the issued token lives on, a failed refresh is AUTH_REVOKED', async () => {
    const a = adapter();
    await a.readSince(null);
    await t.revokeBureauAppPassword();
    expect((await failureOf(adapter().readSince(null))).kind).toBe('AUTH_REVOKED');
    // What Lock must say: an access token already issued keeps working until it expires (~2 h).
    await expect(a.publish({ title: null, text: 'still possible with the issued token', html: null }, 'st-3')).resolves.toMatchObject({ readBack: 'item-id' });
    if (!t.expireAccessTokens) return;
    await t.expireAccessTokens();
    const f = await failureOf(a.publish({ title: null, text: 'after expiry', html: null }, 'st-4'));
    expect(f.kind).toBe('AUTH_REVOKED');
    expect(a.health().state).toBe('auth-revoked');
  });
}
