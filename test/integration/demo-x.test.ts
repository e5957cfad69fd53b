// The demo X server against the real twitter-api-v2 client (through the base-url plugin), with
// both OAuth 2.0 bearer and OAuth 1.0a user context: auth, posting and reading back, deleting,
// pagination, rate limits on the injected clock, X's error shapes, and fuzzed requests.
import { connect } from 'node:net';
import fc from 'fast-check';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { Agent as HttpAgent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import { createManualClock } from '../../electron/lib/clock';
import type { DemoXOAuth1Credentials } from '../../electron/demo/x/credentials';
import { startDemoXServer, type DemoXServer, type StartDemoXServerOptions } from '../../electron/demo/x/server';
import type { DemoXAcceptedEvent } from '../../electron/demo/x/store';

const servers: DemoXServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(options: StartDemoXServerOptions = {}): Promise<DemoXServer> {
  const server = await startDemoXServer({ host: '127.0.0.1', port: 0, ...options });
  servers.push(server);
  return server;
}

function bearerClient(server: DemoXServer, token = server.credentials.bureau.oauth2.accessToken): TwitterApi {
  return new TwitterApi(token, { plugins: [createXBaseUrlPlugin(server.url)] });
}

function oauth1Client(server: DemoXServer, keys: DemoXOAuth1Credentials = server.credentials.bureau.oauth1): TwitterApi {
  return new TwitterApi({ ...keys }, { plugins: [createXBaseUrlPlugin(server.url)] });
}

/** The failure twitter-api-v2 threw, so its status, body and rate limit can be checked. */
async function apiError(promise: Promise<unknown>): Promise<ApiResponseError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof ApiResponseError)) throw new Error(`expected an ApiResponseError, got ${String(outcome)}`);
  return outcome;
}

async function raw(server: DemoXServer, method: string, path: string, init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {}) {
  const res = await fetch(server.url + path, { method, headers: init.headers ?? {}, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json };
}

const unauthorizedBody = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

describe('demo X server: authentication', () => {
  let server: DemoXServer;
  beforeAll(async () => {
    server = await start({ accounts: [{}, {}] });
  });

  it('answers the bureau over OAuth 2.0 and OAuth 1.0a, and the compromised integration as the same user', async () => {
    const viaBearer = await bearerClient(server).v2.me({ 'user.fields': ['created_at', 'verified'] });
    expect(viaBearer.data).toEqual({ id: server.user.id, username: 'demo_newsroom', name: 'Demo Newsroom Police', created_at: server.user.createdAt, verified: true });
    expect((await oauth1Client(server).v2.me()).data.id).toBe(server.user.id);
    expect((await oauth1Client(server, server.credentials.compromised.oauth1).v2.me()).data.id).toBe(server.user.id);
    const second = server.accounts[1];
    expect(second && (await oauth1Client(server, second.credentials.bureau.oauth1).v2.me()).data.username).toBe('demo_newsroom_2');
  });

  it('refuses a missing, unknown or malformed credential with X 401 problem', async () => {
    const none = await raw(server, 'GET', '/2/users/me');
    expect(none).toMatchObject({ status: 401, json: unauthorizedBody });
    expect(none.headers.get('x-rate-limit-limit')).toBeNull();
    const wrong = await apiError(bearerClient(server, 'not-a-token').v2.me());
    expect(wrong.code).toBe(401);
    expect(wrong.data).toEqual(unauthorizedBody);
    for (const authorization of ['Bearer', 'Basic Zm9vOmJhcg==', 'OAuth garbage', 'OAuth oauth_token="x"']) {
      expect((await raw(server, 'GET', '/2/users/me', { headers: { authorization } })).status).toBe(401);
    }
  });

  it('verifies OAuth 1.0a signatures: wrong secrets, another user token, tampered query and replays fail', async () => {
    const keys = server.credentials.bureau.oauth1;
    expect((await apiError(oauth1Client(server, { ...keys, appSecret: 'wrong' }).v2.me())).code).toBe(401);
    expect((await apiError(oauth1Client(server, { ...keys, accessSecret: 'wrong' }).v2.me())).code).toBe(401);
    const other = server.accounts[1]?.credentials.bureau.oauth1;
    if (!other) throw new Error('second account missing');
    // The right token with another app's consumer key must not pass either.
    expect((await apiError(oauth1Client(server, { ...keys, appKey: other.appKey, appSecret: other.appSecret }).v2.me())).code).toBe(401);

    // Capture a correctly signed request, then send it altered and replayed.
    const captured: Array<{ url: string; authorization: string }> = [];
    const recorder: ITwitterApiClientPlugin = {
      onBeforeRequest: ({ computedParams }) => {
        captured.push({ url: computedParams.url.href, authorization: computedParams.headers.Authorization ?? '' });
      },
    };
    const client = new TwitterApi({ ...keys }, { plugins: [createXBaseUrlPlugin(server.url), recorder] });
    await client.v2.userTimeline(server.user.id, { max_results: 5, 'tweet.fields': ['created_at', 'author_id'] });
    const signed = captured[0];
    if (!signed) throw new Error('nothing captured');
    const path = new URL(signed.url).pathname + new URL(signed.url).search;
    expect((await raw(server, 'GET', path.replace('max_results=5', 'max_results=6'), { headers: { authorization: signed.authorization } })).status).toBe(401);
    expect((await raw(server, 'GET', path, { headers: { authorization: signed.authorization } })).status).toBe(401);
  });

  it('accepts signatures over X public URL from a client that rewrites the host after signing', async () => {
    const agent = new HttpAgent();
    const target = new URL(server.url);
    const rewriteAfterSigning: ITwitterApiClientPlugin = {
      onBeforeRequest: ({ computedParams, requestOptions }) => {
        computedParams.url.protocol = 'http:';
        computedParams.url.host = target.host;
        requestOptions.agent = agent;
      },
    };
    const client = new TwitterApi({ ...server.credentials.bureau.oauth1 }, { plugins: [rewriteAfterSigning] });
    expect((await client.v2.userTimeline(server.user.id, { since_id: '1' })).meta.result_count).toBe(0);
    agent.destroy();
  });

  it('revokes: an OAuth 2.0 token through /2/oauth2/revoke, and a disconnected integration', async () => {
    const local = await start();
    const { oauth2 } = local.credentials.bureau;
    const appClient = new TwitterApi({ clientId: oauth2.clientId, clientSecret: oauth2.clientSecret }, { plugins: [createXBaseUrlPlugin(local.url)] });
    // Refresh rotates the pair: the new token works, the old one and its refresh token are dead.
    const refreshed = await appClient.refreshOAuth2Token(oauth2.refreshToken);
    expect((await refreshed.client.v2.me()).data.id).toBe(local.user.id);
    expect((await apiError(bearerClient(local).v2.me())).code).toBe(401);
    expect((await apiError(appClient.refreshOAuth2Token(oauth2.refreshToken))).code).toBe(400);

    expect(await appClient.revokeOAuth2Token(refreshed.accessToken, 'access_token')).toEqual({ revoked: true });
    expect((await apiError(refreshed.client.v2.me())).data).toEqual(unauthorizedBody);
    // RFC 7009 form body, as other clients send it; an unknown client is refused.
    const form = await raw(local, 'POST', '/2/oauth2/revoke', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=whatever&client_id=${encodeURIComponent('someone-else')}`,
    });
    expect(form).toMatchObject({ status: 401, json: { error: 'invalid_client' } });

    const attacker = oauth1Client(local, local.credentials.compromised.oauth1);
    await attacker.v2.me();
    local.revokeIntegration('compromised');
    expect((await apiError(attacker.v2.me())).code).toBe(401);
    expect((await oauth1Client(local).v2.me()).data.id).toBe(local.user.id);
  });
});

describe('demo X server: tweets', () => {
  let server: DemoXServer;
  const clock = createManualClock('2019-07-19T22:00:00Z');
  const accepted: DemoXAcceptedEvent[] = [];
  beforeAll(async () => {
    server = await start({ clock, accounts: [{}, {}] });
    server.onAccepted((event) => accepted.push(event));
  });

  it('posts over both auth methods and reads the tweets back with since_id, newest first', async () => {
    const bureau = bearerClient(server);
    const before = await bureau.v2.userTimeline(server.user.id, { max_results: 5 });
    expect(before.meta.result_count).toBe(0);
    const seed = await bureau.v2.tweet('Road closure on Whitehall until 18:00.');
    expect(seed.data).toEqual({ id: seed.data.id, text: 'Road closure on Whitehall until 18:00.', edit_history_tweet_ids: [seed.data.id] });
    clock.advance(60_000);
    const viaOAuth1 = await oauth1Client(server).v2.tweet('Appeal for witnesses: Camden, 21:40.');
    clock.advance(60_000);
    const attack = await oauth1Client(server, server.credentials.compromised.oauth1).v2.tweet('test');
    expect(BigInt(attack.data.id) > BigInt(viaOAuth1.data.id) && BigInt(viaOAuth1.data.id) > BigInt(seed.data.id)).toBe(true);

    // OAuth 1.0a with several query parameters (a comma included) must verify too.
    const since = await oauth1Client(server).v2.userTimeline(server.user.id, { since_id: seed.data.id, 'tweet.fields': ['created_at', 'author_id'] });
    expect(since.tweets).toEqual([
      { id: attack.data.id, text: 'test', edit_history_tweet_ids: [attack.data.id], author_id: server.user.id, created_at: '2019-07-19T22:02:00.000Z' },
      { id: viaOAuth1.data.id, text: 'Appeal for witnesses: Camden, 21:40.', edit_history_tweet_ids: [viaOAuth1.data.id], author_id: server.user.id, created_at: '2019-07-19T22:01:00.000Z' },
    ]);
    expect(since.meta).toMatchObject({ result_count: 2, newest_id: attack.data.id, oldest_id: viaOAuth1.data.id });
    expect(accepted.map((e) => [e.id, e.integration, e.acceptedAt.toISOString()])).toEqual([
      [seed.data.id, 'bureau', '2019-07-19T22:00:00.000Z'],
      [viaOAuth1.data.id, 'bureau', '2019-07-19T22:01:00.000Z'],
      [attack.data.id, 'compromised', '2019-07-19T22:02:00.000Z'],
    ]);
    expect(server.tweets().map((t) => t.id)).toEqual([attack.data.id, viaOAuth1.data.id, seed.data.id]);
  });

  it('deletes only the author tweets, and answers an unknown or gone id with the not-found problem', async () => {
    const bureau = bearerClient(server);
    const posted = await bureau.v2.tweet('To be retracted.');
    const otherUser = server.accounts[1]?.credentials.bureau.oauth1;
    if (!otherUser) throw new Error('second account missing');
    const forbidden = await apiError(oauth1Client(server, otherUser).v2.deleteTweet(posted.data.id));
    expect(forbidden.code).toBe(403);
    expect(await bureau.v2.deleteTweet(posted.data.id)).toEqual({ data: { deleted: true } });
    expect(server.deletedIds()).toContain(posted.data.id);
    expect(server.tweets().some((t) => t.id === posted.data.id)).toBe(false);
    const again = await apiError(bureau.v2.deleteTweet(posted.data.id));
    expect(again.code).toBe(404);
    expect(again.data).toMatchObject({
      title: 'Not Found Error',
      type: 'https://api.twitter.com/2/problems/resource-not-found',
      detail: `Could not find tweet with id: [${posted.data.id}].`,
    });
    const bad = await apiError(bureau.v2.deleteTweet('abc'));
    expect(bad.code).toBe(400);
    expect(bad.data).toMatchObject({ title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
  });

  it('refuses a duplicate of a live tweet with 403, and allows it again once deleted', async () => {
    const bureau = bearerClient(server);
    const first = await bureau.v2.tweet('Statement: the account was compromised.');
    const dup = await apiError(bureau.v2.tweet('Statement: the account was compromised.'));
    expect(dup.code).toBe(403);
    expect(dup.data).toEqual({ detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 });
    // Another user may post the same words.
    const otherUser = server.accounts[1]?.credentials.bureau.oauth1;
    if (!otherUser) throw new Error('second account missing');
    await oauth1Client(server, otherUser).v2.tweet('Statement: the account was compromised.');
    await bureau.v2.deleteTweet(first.data.id);
    await bureau.v2.tweet('Statement: the account was compromised.');
  });

  it('pages through the timeline with pagination_token, forwards and back', async () => {
    const userId = server.accounts[1]?.user.id ?? '';
    const client = oauth1Client(server, server.accounts[1]?.credentials.bureau.oauth1);
    const posted: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      clock.advance(1000);
      posted.push((await client.v2.tweet(`Update ${i}`)).data.id);
    }
    const timeline = await client.v2.userTimeline(userId, { max_results: 10 });
    const firstPage = timeline.tweets.map((t) => t.id);
    const nextToken = timeline.meta.next_token;
    expect(firstPage).toEqual(posted.slice(-10).reverse());
    await timeline.fetchLast(100);
    const ids = timeline.tweets.map((t) => t.id);
    // 23 updates plus the statement this user posted in the duplicate test.
    expect(ids.slice(0, 23)).toEqual([...posted].reverse());
    expect(new Set(ids).size).toBe(ids.length);
    expect(timeline.meta.next_token).toBeUndefined();

    // Forwards with next_token, then back with that page's previous_token.
    const bearer = bearerClient(server, server.accounts[1]?.credentials.bureau.oauth2.accessToken);
    const page2 = await bearer.v2.get<{ data: Array<{ id: string }>; meta: { previous_token?: string; next_token?: string } }>(`users/${userId}/tweets`, {
      max_results: 10,
      pagination_token: nextToken,
    });
    expect(page2.data.map((t) => t.id)).toEqual(posted.slice(3, 13).reverse());
    expect(page2.meta.next_token).toBeTruthy();
    const back = await bearer.v2.get<{ data: Array<{ id: string }> }>(`users/${userId}/tweets`, { max_results: 10, pagination_token: page2.meta.previous_token });
    expect(back.data.map((t) => t.id)).toEqual(firstPage);
  });

  it('answers X shapes for bad input: malformed JSON, missing text, wrong type, too long, unknown route and user', async () => {
    const headers = { authorization: `Bearer ${server.credentials.bureau.oauth2.accessToken}`, 'content-type': 'application/json' };
    const invalid = { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' };
    const malformed = await raw(server, 'POST', '/2/tweets', { headers, body: '{"text": ' });
    expect(malformed).toMatchObject({ status: 400, json: { ...invalid, errors: [{ message: expect.any(String) as unknown }] } });
    expect((await raw(server, 'POST', '/2/tweets', { headers, body: '{}' })).json).toMatchObject({ errors: [{ message: '$.text: is missing but it is required' }] });
    expect((await raw(server, 'POST', '/2/tweets', { headers, body: '{"text": 5}' })).json).toMatchObject({ errors: [{ message: '$.text: integer found, string expected' }] });
    expect((await raw(server, 'POST', '/2/tweets', { headers, body: '{"text":"x","poll":{}}' })).status).toBe(400);
    expect((await raw(server, 'POST', '/2/tweets', { headers: { ...headers, 'content-type': 'text/plain' }, body: '{"text":"x"}' })).status).toBe(400);
    const bureau = bearerClient(server);
    expect((await apiError(bureau.v2.tweet('a'.repeat(281)))).data).toMatchObject({ title: 'Forbidden', status: 403 });
    await bureau.v2.tweet('b'.repeat(280));
    // CJK counts double: 141 characters weigh 282.
    expect((await apiError(bureau.v2.tweet('警'.repeat(141)))).code).toBe(403);
    const query = await apiError(bureau.v2.userTimeline(server.user.id, { max_results: 3 }));
    expect(query.data).toMatchObject({ ...invalid, errors: [{ parameters: { max_results: ['3'] }, message: 'The `max_results` query parameter value [3] is not between 5 and 100' }] });
    expect((await apiError(bureau.v2.userTimeline(server.user.id, { pagination_token: 'bogus' }))).code).toBe(400);
    expect((await raw(server, 'GET', '/2/nothing-here', { headers })).json).toEqual({ errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
    const unknownUser = await raw(server, 'GET', '/2/users/42/tweets', { headers });
    expect(unknownUser).toMatchObject({ status: 200, json: { errors: [{ title: 'Not Found Error', resource_type: 'user', value: '42' }] } });
  });
});

describe('demo X server: rate limits', () => {
  it('sends X defaults in x-rate-limit-* headers on every answer', async () => {
    const server = await start();
    const client = bearerClient(server);
    const created = await client.v2.post('tweets', { text: 'hello' }, { fullResponse: true });
    expect(created.rateLimit).toMatchObject({ limit: 100, remaining: 99 });
    const me = await client.v2.get('users/me', {}, { fullResponse: true });
    expect(me.rateLimit).toMatchObject({ limit: 75, remaining: 74 });
    const timeline = await client.v2.get(`users/${server.user.id}/tweets`, {}, { fullResponse: true });
    expect(timeline.rateLimit).toMatchObject({ limit: 900, remaining: 899 });
    const gone = await apiError(client.v2.deleteTweet('1'));
    expect(gone.rateLimit).toMatchObject({ limit: 50, remaining: 49 });
    expect((await apiError(client.v2.tweet('hello'))).rateLimit).toMatchObject({ limit: 100, remaining: 98 });
  });

  it('refuses past the limit per user and endpoint with 429, and resets 15 minutes after the first request', async () => {
    const clock = createManualClock('2019-07-19T22:00:00Z');
    const server = await start({ clock, limits: { create: 3, delete: 2 }, accounts: [{}, {}] });
    const bureau = bearerClient(server);
    const remaining: number[] = [];
    for (const text of ['one', 'two', 'three']) {
      remaining.push((await bureau.v2.post('tweets', { text }, { fullResponse: true })).rateLimit?.remaining ?? -1);
      clock.advance(60_000);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const limited = await apiError(bureau.v2.tweet('four'));
    expect(limited.code).toBe(429);
    expect(limited.data).toEqual({ title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 });
    const reset = Date.parse('2019-07-19T22:15:00Z') / 1000;
    expect(limited.rateLimit).toEqual({ limit: 3, remaining: 0, reset });
    // The limit is the user's: the compromised integration shares it; another user and endpoint do not.
    expect((await apiError(oauth1Client(server, server.credentials.compromised.oauth1).v2.tweet('five'))).code).toBe(429);
    await oauth1Client(server, server.accounts[1]?.credentials.bureau.oauth1).v2.tweet('other user');
    await bureau.v2.me();
    expect(server.tweets()).toHaveLength(4);

    clock.set(new Date(reset * 1000 - 1));
    expect((await apiError(bureau.v2.tweet('still early'))).code).toBe(429);
    clock.advance(1);
    const after = await bureau.v2.post('tweets', { text: 'after the window' }, { fullResponse: true });
    expect(after.rateLimit).toEqual({ limit: 3, remaining: 2, reset: reset + 15 * 60 });
  });
});

describe('demo X server: fuzzing', () => {
  let server: DemoXServer;
  beforeAll(async () => {
    server = await start({ limits: { create: 1e9, delete: 1e9, timeline: 1e9, me: 1e9 } });
  });

  it('never answers 5xx to random methods, paths, queries, headers and bodies', async () => {
    const segment = fc.string({ maxLength: 30 }).map(encodeURIComponent);
    const path = fc.oneof(
      fc.constant('/2/tweets'),
      segment.map((s) => `/2/tweets/${s}`),
      fc.constant('/2/users/me'),
      fc.oneof(segment, fc.constant(server.user.id)).map((s) => `/2/users/${s}/tweets`),
      fc.constantFrom('/2/oauth2/revoke', '/2/oauth2/token', '/', '/2', '/1.1/statuses/update.json'),
      segment.map((s) => `/${s}`),
    );
    const query = fc
      .array(fc.tuple(fc.constantFrom('max_results', 'since_id', 'until_id', 'pagination_token', 'tweet.fields', 'user.fields', 'start_time', 'expansions', 'x'), fc.string({ maxLength: 20 })), { maxLength: 4 })
      .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.record({ text: fc.oneof(fc.string({ maxLength: 400 }), fc.integer(), fc.constant(null)) }).map((o) => JSON.stringify(o)),
      fc.record({ token: fc.string(), client_id: fc.string(), grant_type: fc.string(), refresh_token: fc.string() }).map((o) => new URLSearchParams(o).toString()),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array(bytes)),
    );
    const auth = fc.constantFrom<string | undefined>(undefined, `Bearer ${server.credentials.bureau.oauth2.accessToken}`, 'Bearer junk', 'OAuth oauth_consumer_key="a"', 'Basic !!!');
    const contentType = fc.constantFrom<string | undefined>(undefined, 'application/json', 'application/x-www-form-urlencoded', 'text/plain');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'), path, query, body, auth, contentType, async (method, p, q, b, authorization, type) => {
        const headers: Record<string, string> = {};
        if (authorization) headers.authorization = authorization;
        if (type) headers['content-type'] = type;
        const res = await raw(server, method, p + q, method === 'GET' ? { headers } : { headers, body: b });
        expect(res.status).toBeLessThan(500);
        expect(res.json).toBeDefined();
      }),
      { numRuns: 400 },
    );
    expect((await bearerClient(server).v2.me()).data.id).toBe(server.user.id);
  });

  it('survives bytes that are not HTTP at all', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1', () => socket.write('\u0000\u0001 NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toContain('400');
    expect((await bearerClient(server).v2.me()).data.id).toBe(server.user.id);
  });
});
