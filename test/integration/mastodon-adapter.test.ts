// The Mastodon adapter through masto against the demo Mastodon instance: connect (scopes checked),
// publish, read back, retract, the idempotent retry, every failure typed (401/404/422/429 with the
// reset from X-RateLimit-Reset), Lock's token revocation, and watch() over the streaming API.
import { createServer, type AddressInfo } from 'node:net';
import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMastodonAdapter, type MastodonAdapter } from '../../electron/channels/mastodon/adapter';
import { createManualClock, systemClock, type Clock } from '../../electron/lib/clock';
import { startDemoMastodonServer, type DemoMastodonServer } from '../../electron/demo/mastodon/server';
import { failureOf } from '../helpers/channel-failure';
import { startFaultyServer } from '../helpers/faulty-server';
import { expectImagesReadBack } from '../helpers/media-checks';
import { mediaAt, startHostileImageServer, twoImages } from '../helpers/test-images';

let m: DemoMastodonServer;
beforeAll(async () => {
  m = await startDemoMastodonServer();
});
afterAll(async () => {
  await m.close();
});

const adapterFor = (accessToken: string, clock: Clock = systemClock, extra: { clientId?: string; clientSecret?: string } = {}): MastodonAdapter =>
  createMastodonAdapter({ instanceUrl: m.url, accessToken, clock, ...extra });
const bureau = (): MastodonAdapter => adapterFor(m.credentials.bureau.accessToken);

describe('Mastodon adapter against the demo instance', () => {
  it('publishes publicly with a content warning, reads back since a cursor, and retracts', async () => {
    const adapter = bureau();
    const before = await adapter.readSince(null);
    expect(before.profile?.displayName).toBe('Newsroom press office (demo)');
    const text = `Road closed on the A1 until 18:00.\nDetails: https://news.example/a1-closure-with-a-very-long-path ${Date.now()}`;
    const posted = await adapter.publish({ title: 'Road closure', text, html: null }, 'outbox-1');
    const stored = m.instance.liveStatuses().find((s) => s.id === posted.channelItemId);
    expect(stored).toMatchObject({ visibility: 'public', spoilerText: 'Road closure' });
    const after = await adapter.readSince(before.cursor);
    const item = after.items.find((i) => i.channelItemId === posted.channelItemId);
    expect(item?.text).toBe(adapter.renderedText({ title: 'Road closure', text, html: null }));
    expect(after.cursor).toBe(posted.channelItemId);
    expect((await adapter.readSince(null)).visibleIds).toContain(posted.channelItemId);
    expect(await adapter.retract(posted.channelItemId)).toEqual({ kind: 'retracted', how: 'deleted' });
    expect(await adapter.retract(posted.channelItemId)).toEqual({ kind: 'already-gone' });
    expect(adapter.limits().find((b) => b.endpoint === 'read')).toMatchObject({ limit: 300 });
    expect(adapter.limits().find((b) => b.endpoint === 'retract')).toMatchObject({ limit: 30 });
  });

  it('a retry with the same outbox hint is deduplicated by the instance (Idempotency-Key)', async () => {
    const adapter = bureau();
    const variant = { title: null, text: `Appeal for witnesses ${Date.now()}`, html: null };
    const first = await adapter.publish(variant, 'outbox-retry');
    const second = await adapter.publish(variant, 'outbox-retry');
    expect(second.channelItemId).toBe(first.channelItemId);
    expect(m.instance.liveStatuses().filter((s) => s.content.includes(variant.text))).toHaveLength(1);
    const other = await adapter.publish(variant, 'outbox-other');
    expect(other.channelItemId).not.toBe(first.channelItemId);
  });

  it('posts two images with descriptions; they read back byte for byte, and a retry attaches them once', async () => {
    const adapter = bureau();
    const images = await twoImages();
    const variant = { title: null, text: `Appeal with photos ${Date.now()}`, html: null };
    const posted = await adapter.publish(variant, 'outbox-images', images);
    const item = (await adapter.readSince(null)).items.find((i) => i.channelItemId === posted.channelItemId);
    await expectImagesReadBack(adapter, item, images, posted);
    // The retry uploads again, but the instance answers with the first status and its first uploads.
    const again = await adapter.publish(variant, 'outbox-images', images);
    expect(again.channelItemId).toBe(posted.channelItemId);
    expect(again.mediaRefs).toEqual(posted.mediaRefs);
    expect(m.instance.liveStatuses().filter((s) => s.content.includes(variant.text))).toHaveLength(1);
    expect(m.instance.liveStatuses().find((s) => s.id === posted.channelItemId)?.mediaAttachments).toHaveLength(2);
  });

  it('fetches media only from the instance and its own subdomains', async () => {
    const hostile = await startHostileImageServer();
    try {
      for (const url of [hostile.hugeUrl, hostile.redirectUrl, 'https://files.mastodon.social.evil.example/x.png']) {
        expect((await failureOf(bureau().fetchMedia!(mediaAt(url), 1_000_000))).kind).toBe('BAD_RESPONSE');
      }
      expect(hostile.hits()).toBe(0);
    } finally {
      await hostile.close();
    }
  });

  it('pages forward through a burst larger than one page', async () => {
    const adapter = bureau();
    const start = await adapter.readSince(null);
    const attacker = createRestAPIClient({ url: m.url, accessToken: m.credentials.compromised.accessToken });
    for (let i = 0; i < 45; i++) await attacker.v1.statuses.create({ status: `burst ${i}` });
    const read = await adapter.readSince(start.cursor);
    expect(read.items.filter((i) => i.text.startsWith('burst '))).toHaveLength(45);
  });

  it('maps 401 to AUTH_REVOKED, 404 to NOT_FOUND (retract: already gone), 422 to REJECTED', async () => {
    expect(await failureOf(adapterFor('not-a-token').readSince(null))).toMatchObject({ kind: 'AUTH_REVOKED' });
    const adapter = bureau();
    expect(await adapter.retract('123456789')).toEqual({ kind: 'already-gone' });
    expect(await failureOf(adapter.publish({ title: null, text: '   ', html: null }, 'blank'))).toMatchObject({ kind: 'REJECTED', message: expect.stringContaining("can't be blank") });
  });

  it('refuses a text over 500 characters (links count 23) before sending, and accepts 500 exactly', async () => {
    const adapter = bureau();
    const link = `https://news.met.police.uk/${'p'.repeat(200)}`;
    const fits = `${'a'.repeat(476)} ${link}`;
    await expect(adapter.publish({ title: null, text: fits, html: null }, 'fits')).resolves.toMatchObject({ readBack: 'item-id' });
    expect(await failureOf(adapter.publish({ title: null, text: `b${fits}`, html: null }, 'too-long'))).toMatchObject({ kind: 'REJECTED' });
  });

  it('refuses a token with admin scopes, or one that cannot write, with a clear message', async () => {
    const admin = await failureOf(adapterFor(m.issueToken(['read', 'write', 'admin:read'])).readSince(null));
    expect(admin).toMatchObject({ kind: 'REJECTED', message: expect.stringContaining('admin scopes (admin:read)') });
    expect(await failureOf(adapterFor(m.issueToken(['read'])).readSince(null))).toMatchObject({ kind: 'REJECTED', message: expect.stringContaining('cannot post or delete') });
    await expect(adapterFor(m.issueToken(['read:statuses', 'read:accounts', 'write:statuses'])).readSince(null)).resolves.toBeDefined();
  });

  it('Lock revokes its own token with POST /oauth/revoke; the next read is AUTH_REVOKED', async () => {
    const { clientId, clientSecret } = m.credentials.bureau;
    const token = m.instance.issueToken(m.instance.apps.get(clientId)!, m.account.id);
    const adapter = adapterFor(token, systemClock, { clientId, clientSecret });
    await adapter.readSince(null);
    expect((await adapter.freezeActions()).map((a) => a.id)).toEqual(['revoke-own-token', 'revoke-other-apps']);
    expect(await adapter.runFreezeAction('revoke-own-token')).toEqual({ done: true, detail: 'Mastodon token revoked.' });
    expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'AUTH_REVOKED' });
    expect(adapter.health()).toMatchObject({ state: 'auth-revoked' });
    // Without the client key and secret the runbook says what is needed instead.
    const manual = await adapterFor(m.credentials.bureau.accessToken).freezeActions();
    expect(manual.map((a) => a.id)).toEqual(['revoke-other-apps']);
    expect(manual[0]?.effect).toContain('client key and secret');
  });
});

describe('Mastodon rate limits', () => {
  it('answers 429 with the reset from X-RateLimit-Reset, and works again after it', async () => {
    const clock = createManualClock('2026-01-01T10:00:00Z');
    const small = await startDemoMastodonServer({ clock, limits: { requests: 6, deletes: 1 } });
    try {
      const adapter = createMastodonAdapter({ instanceUrl: small.url, accessToken: small.credentials.bureau.accessToken, clock });
      const a = await adapter.publish({ title: null, text: 'one', html: null }, 'r1');
      const b = await adapter.publish({ title: null, text: 'two', html: null }, 'r2');
      await adapter.retract(a.channelItemId);
      const deletes = await failureOf(adapter.retract(b.channelItemId));
      expect(deletes).toEqual({ kind: 'RATE_LIMITED', resetAt: '2026-01-01T10:30:00.000Z', message: expect.any(String) });
      let failure = await failureOf((async () => { for (;;) await adapter.readSince(null); })());
      expect(failure).toMatchObject({ kind: 'RATE_LIMITED', resetAt: '2026-01-01T10:05:00.000Z' });
      expect(adapter.health()).toEqual({ state: 'rate-limited', until: '2026-01-01T10:05:00.000Z' });
      clock.advance(5 * 60_000);
      await expect(adapter.readSince(null)).resolves.toBeDefined();
      failure = await failureOf(adapter.retract(b.channelItemId));
      expect(failure.kind).toBe('RATE_LIMITED');
      clock.advance(25 * 60_000);
      expect(await adapter.retract(b.channelItemId)).toEqual({ kind: 'retracted', how: 'deleted' });
    } finally {
      await small.close();
    }
  });
});

describe('Mastodon watch() over the streaming API', () => {
  it("fires on the account's own new status (handing the status over as the item), its edit and its deletion, and stops on abort", async () => {
    const adapter = bureau();
    await adapter.readSince(null);
    const abort = new AbortController();
    const changes: string[] = [];
    let wake: (() => void) | null = null;
    const next = (): Promise<void> => new Promise((r) => (wake = r));
    let connected = next();
    const watching = adapter.watch((pushed) => {
      changes.push(pushed ? pushed.map((i) => `item ${i.channelItemId}: ${i.text}`).join() : 'change');
      wake?.();
    }, abort.signal);
    await connected; // the first open calls onChange (the gap-filling read)
    const attacker = createRestAPIClient({ url: m.url, accessToken: m.credentials.compromised.accessToken });
    let fired = next();
    const status = await attacker.v1.statuses.create({ status: 'pushed at once' });
    await fired;
    // An edit in place (PUT /api/v1/statuses/:id): status.update asks for a read, which shows the new text under the same id.
    fired = next();
    const edited = await attacker.v1.statuses.$select(status.id).update({ status: 'pushed, then edited' });
    expect([edited.id, edited.editedAt !== null]).toEqual([status.id, true]);
    await fired;
    expect((await adapter.readSince(null)).items.find((i) => i.channelItemId === status.id)?.text).toBe('pushed, then edited');
    fired = next();
    await attacker.v1.statuses.$select(status.id).remove();
    await fired;
    // The new status arrives as the item itself (no read needed); the edit and the deletion ask for a read.
    expect(changes).toEqual(['change', `item ${status.id}: pushed at once`, 'change', 'change']);
    abort.abort();
    await expect(watching).resolves.toBeUndefined();
    connected = Promise.resolve();
    await attacker.v1.statuses.create({ status: 'after the watch stopped' });
    await adapter.readSince(null); // a full round trip: a stray event would have arrived by now
    expect(changes).toHaveLength(4);
  });
});

describe('Mastodon watch() after the stream drops', () => {
  it('reconnects, calls onChange for the gap-filling read, and fires on the next post', async () => {
    const adapter = bureau();
    const abort = new AbortController();
    let changes = 0;
    let wake: (() => void) | null = null;
    const next = (): Promise<void> => new Promise((r) => (wake = r));
    let step = next();
    const watching = adapter.watch(() => {
      changes++;
      wake?.();
    }, abort.signal);
    await step;
    step = next();
    m.dropStreams();
    await step; // reopened
    expect(changes).toBe(2);
    step = next();
    await createRestAPIClient({ url: m.url, accessToken: m.credentials.compromised.accessToken }).v1.statuses.create({ status: 'after the reconnect' });
    await step;
    expect(changes).toBe(3);
    abort.abort();
    await watching;
  });

  it('a refused token never throws out of watch(); it returns on abort', async () => {
    const abort = new AbortController();
    const watching = adapterFor('revoked-token').watch(() => undefined, abort.signal);
    abort.abort();
    await expect(watching).resolves.toBeUndefined();
  });
});

describe('Mastodon failures the demo will not produce on demand', () => {
  it('a post with no answer, a 5xx or an HTML error page is OUTCOME_UNKNOWN; a refused connection is UNAVAILABLE', async () => {
    const faulty = await startFaultyServer({ kind: 'hang' });
    try {
      const adapter = createMastodonAdapter({ instanceUrl: faulty.url, accessToken: 't', clock: systemClock, timeoutMs: 300 });
      const post = (): Promise<unknown> => adapter.publish({ title: null, text: 'statement', html: null }, 'unknown-1');
      expect(await failureOf(post())).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
      faulty.fault = { kind: 'reply', status: 503, body: '{"error":"busy"}' };
      expect(await failureOf(post())).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
      faulty.fault = { kind: 'reply', status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } };
      expect(await failureOf(post())).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
      faulty.fault = { kind: 'reply', status: 503, body: '{"error":"busy"}' };
      expect(await failureOf(adapter.retract('1'))).toMatchObject({ kind: 'UNAVAILABLE' });
      expect(faulty.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
    } finally {
      await faulty.close();
    }
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const gone = createMastodonAdapter({ instanceUrl: `http://127.0.0.1:${port}`, accessToken: 't', clock: systemClock });
    expect(await failureOf(gone.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });
  });
});
