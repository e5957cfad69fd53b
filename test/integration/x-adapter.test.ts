// The X adapter through twitter-api-v2 against the demo X server (and a faulty server for the
// failures the demo will not produce): reads, posts, deletes, and every failure typed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwitterApi } from 'twitter-api-v2';
import { createXAdapter, type XCredentials } from '../../electron/channels/x/adapter';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import { createManualClock, systemClock } from '../../electron/lib/clock';
import { startDemoXServer, type DemoXServer } from '../../electron/demo/x/server';
import { startFaultyServer, type Fault, type FaultyServer } from '../helpers/faulty-server';
import { failureOf } from '../helpers/channel-failure';
import { expectImagesReadBack } from '../helpers/media-checks';
import { mediaAt, startHostileImageServer, twoImages } from '../helpers/test-images';

let x: DemoXServer;
beforeAll(async () => {
  x = await startDemoXServer();
});
afterAll(async () => {
  await x.close();
});

const oauth2 = (): XCredentials => ({ kind: 'oauth2', accessToken: x.credentials.bureau.oauth2.accessToken, refreshToken: null, clientId: null, clientSecret: null });
const oauth1 = (): XCredentials => ({ kind: 'oauth1', ...x.credentials.bureau.oauth1 });


describe.each([
  ['OAuth 2.0', oauth2],
  ['OAuth 1.0a', oauth1],
])('X adapter with %s', (_name, creds) => {
  it('posts, reads back since a cursor, and deletes', async () => {
    const adapter = createXAdapter({ credentials: creds(), baseUrl: x.url, clock: systemClock });
    const before = await adapter.readSince(null);
    const posted = await adapter.publish({ title: null, text: `Statement ${_name} ${Date.now()}`, html: null }, 'hint-1');
    expect(x.tweets().some((t) => t.id === posted.channelItemId && t.integration === 'bureau')).toBe(true);
    const after = await adapter.readSince(before.cursor);
    expect(after.items.map((i) => i.channelItemId)).toContain(posted.channelItemId);
    expect(after.items[0]?.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(after.cursor).toBe(posted.channelItemId);
    expect(await adapter.retract(posted.channelItemId)).toEqual({ kind: 'retracted', how: 'deleted' });
    expect(await adapter.retract(posted.channelItemId)).toEqual({ kind: 'already-gone' });
    const budgets = adapter.limits();
    expect(budgets.find((b) => b.endpoint === 'read')).toMatchObject({ limit: 900 });
    expect(budgets.find((b) => b.endpoint === 'retract')).toMatchObject({ limit: 50 });
  });
});

describe('X adapter on an account that was empty at the first read', () => {
  it('sees every tweet of a 120-tweet burst, not just the newest page', async () => {
    const server = await startDemoXServer({ limits: { create: 500 } });
    try {
      const adapter = createXAdapter({ credentials: { kind: 'oauth1', ...server.credentials.bureau.oauth1 }, baseUrl: server.url, clock: systemClock });
      const first = await adapter.readSince(null);
      expect(first.items).toEqual([]);
      const attacker = new TwitterApi(server.credentials.compromised.oauth1, { plugins: [createXBaseUrlPlugin(server.url)] });
      for (let i = 0; i < 120; i++) await attacker.v2.tweet(`burst ${i}`);
      const read = await adapter.readSince(first.cursor);
      expect(new Set(read.items.map((i) => i.text)).size).toBe(120);
    } finally {
      await server.close();
    }
  });
});

describe('X adapter failures', () => {
  let faulty: FaultyServer | null = null;
  afterEach(async () => {
    await faulty?.close();
    faulty = null;
  });

  it('sees the attacker posting through the compromised integration as an item like any other', async () => {
    const adapter = createXAdapter({ credentials: oauth2(), baseUrl: x.url, clock: systemClock });
    const start = await adapter.readSince(null);
    const attacker = new TwitterApi(x.credentials.compromised.oauth1, { plugins: [createXBaseUrlPlugin(x.url)] });
    const { data } = await attacker.v2.tweet(`test ${Date.now()}`);
    const read = await adapter.readSince(start.cursor);
    expect(read.items.map((i) => i.channelItemId)).toEqual([data.id]);
  });

  it('maps a revoked token to AUTH_REVOKED and reports the channel so', async () => {
    const server = await startDemoXServer();
    try {
      const adapter = createXAdapter({ credentials: { kind: 'oauth1', ...server.credentials.compromised.oauth1 }, baseUrl: server.url, clock: systemClock });
      await adapter.readSince(null);
      server.revokeIntegration('compromised');
      expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'AUTH_REVOKED' });
      expect(adapter.health().state).toBe('auth-revoked');
    } finally {
      await server.close();
    }
  });

  it('refreshes an expired OAuth 2.0 token once and hands the new pair to the vault', async () => {
    const clock = createManualClock(new Date());
    const server = await startDemoXServer({ clock, oauth2AccessTokenTtlMs: 60_000 });
    try {
      const c = server.credentials.bureau.oauth2;
      const stored: { accessToken: string; refreshToken: string }[] = [];
      const adapter = createXAdapter({
        credentials: { kind: 'oauth2', accessToken: c.accessToken, refreshToken: c.refreshToken, clientId: c.clientId, clientSecret: c.clientSecret },
        baseUrl: server.url,
        clock,
        onTokensRefreshed: async (t) => {
          stored.push(t);
        },
      });
      await adapter.readSince(null);
      clock.advance(120_000);
      await adapter.readSince(null);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.accessToken).not.toBe(c.accessToken);
    } finally {
      await server.close();
    }
  });

  it('maps 429 to RATE_LIMITED with the reset time from the headers', async () => {
    const clock = createManualClock(new Date());
    const server = await startDemoXServer({ clock, limits: { create: 1 } });
    try {
      const adapter = createXAdapter({ credentials: { kind: 'oauth1', ...server.credentials.bureau.oauth1 }, baseUrl: server.url, clock });
      await adapter.publish({ title: null, text: 'one', html: null }, 'h1');
      const f = await failureOf(adapter.publish({ title: null, text: 'two', html: null }, 'h2'));
      expect(f.kind).toBe('RATE_LIMITED');
      if (f.kind === 'RATE_LIMITED') expect(Date.parse(f.resetAt)).toBeGreaterThan(clock.now().getTime() + 14 * 60_000);
      expect(adapter.health().state).toBe('rate-limited');
    } finally {
      await server.close();
    }
  });

  it('maps a duplicate-content 403 to REJECTED', async () => {
    const adapter = createXAdapter({ credentials: oauth1(), baseUrl: x.url, clock: systemClock });
    const text = `dup ${Date.now()}`;
    await adapter.publish({ title: null, text, html: null }, 'a');
    expect(await failureOf(adapter.publish({ title: null, text, html: null }, 'b'))).toMatchObject({ kind: 'REJECTED', message: expect.stringContaining('duplicate') });
  });

  const withFault = async (fault: Fault) => {
    faulty = await startFaultyServer(fault);
    return createXAdapter({ credentials: oauth2(), baseUrl: faulty.url, clock: systemClock, timeoutMs: 300 });
  };

  it('maps 5xx: a read is UNAVAILABLE, a post is OUTCOME_UNKNOWN (never assumed failed)', async () => {
    const adapter = await withFault({ kind: 'reply', status: 503, body: '{"title":"Service Unavailable"}' });
    expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(await failureOf(adapter.publish({ title: null, text: 'x', html: null }, 'h'))).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
  });

  it('maps a timeout after sending a post to OUTCOME_UNKNOWN', async () => {
    const adapter = await withFault({ kind: 'hang' });
    expect(await failureOf(adapter.publish({ title: null, text: 'x', html: null }, 'h'))).toMatchObject({ kind: 'OUTCOME_UNKNOWN' });
  });

  it('maps a refused connection to UNAVAILABLE (nothing was sent)', async () => {
    const adapter = createXAdapter({ credentials: oauth2(), baseUrl: 'http://127.0.0.1:9', clock: systemClock, timeoutMs: 500 });
    expect(await failureOf(adapter.publish({ title: null, text: 'x', html: null }, 'h'))).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(adapter.health().state).toBe('offline');
  });

  it('rejects a malformed timeline with a clear error instead of passing it on', async () => {
    const adapter = await withFault({ kind: 'reply', status: 200, body: JSON.stringify({ data: { id: '1', username: 'a', name: 'b' } }) });
    await adapter.userId();
    faulty!.fault = { kind: 'reply', status: 200, body: JSON.stringify({ data: [{ id: 'not-a-number', text: 5 }] }) };
    expect(await failureOf(adapter.readSince(null))).toMatchObject({ kind: 'BAD_RESPONSE', message: expect.stringContaining('unexpected shape') });
  });

  it('maps 404 on delete to already gone', async () => {
    const adapter = await withFault({ kind: 'reply', status: 404, body: '{"title":"Not Found Error","detail":"Could not find tweet"}' });
    expect(await adapter.retract('123')).toEqual({ kind: 'already-gone' });
  });
});

// Images: chunked upload with alt text, media ids on the tweet, read back through the media
// expansion, the bytes fetched from the media URL unchanged; limits and hostile addresses refused.
describe.each([
  ['OAuth 2.0', oauth2],
  ['OAuth 1.0a', oauth1],
])('X images with %s', (name, creds) => {
  it('posts two images with alt text and reads them back byte for byte', async () => {
    const adapter = createXAdapter({ credentials: creds(), baseUrl: x.url, clock: systemClock });
    const images = await twoImages();
    const published = await adapter.publish({ title: null, text: `Appeal with images ${name}`, html: null }, 'hint', images);
    const tweet = x.tweets().find((t) => t.id === published.channelItemId);
    expect(tweet?.mediaKeys).toHaveLength(2);
    const read = await adapter.readSince(null);
    await expectImagesReadBack(adapter, read.items.find((i) => i.channelItemId === published.channelItemId), images, published);
    expect(read.items.find((i) => i.channelItemId === published.channelItemId)?.media?.map((m) => m.mime)).toEqual(['image/png', 'image/jpeg']);
  });
});

describe('X images, refusals', () => {
  it('a tweet naming an unknown upload is refused and nothing is posted', async () => {
    const attacker = new TwitterApi(x.credentials.compromised.oauth1, { plugins: [createXBaseUrlPlugin(x.url)] });
    const before = x.tweets().length;
    await expect(attacker.v2.tweet({ text: 'stolen media', media: { media_ids: ['12345'] } })).rejects.toThrow(/400/);
    expect(x.tweets().length).toBe(before);
  });

  it('does not fetch media from another host, nor follow a redirect off it', async () => {
    const hostile = await startHostileImageServer();
    try {
      const adapter = createXAdapter({ credentials: oauth1(), baseUrl: x.url, clock: systemClock });
      for (const url of [hostile.hugeUrl, hostile.redirectUrl, 'https://pbs.twimg.com.evil.example/media/1.png']) {
        const f = await failureOf(adapter.fetchMedia!(mediaAt(url), 1_000_000));
        expect(f.kind).toBe('BAD_RESPONSE');
      }
      expect(hostile.hits()).toBe(0);
    } finally {
      await hostile.close();
    }
  });
});
