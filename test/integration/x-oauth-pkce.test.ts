// Connecting an X account with OAuth 2.0 authorization code + PKCE and a loopback redirect, end to
// end over real HTTP: the demo X server's consent page followed with fetch (form parsed and
// submitted like a browser would), the app's one-shot loopback listener, the code exchange, then
// the new token used by the X adapter. And the demo server's own refusals, request by request.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { createXAdapter } from '../../electron/channels/x/adapter';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import { defaultXScopes, startXAuthorization, type StartXAuthorizationOptions } from '../../electron/channels/x/oauth2-pkce';
import { createManualClock } from '../../electron/lib/clock';
import { startDemoXServer, type DemoXServer, type StartDemoXServerOptions } from '../../electron/demo/x/server';
import { failureOf } from '../helpers/consent';

const servers: DemoXServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(options: StartDemoXServerOptions = {}): Promise<DemoXServer> {
  const server = await startDemoXServer(options);
  servers.push(server);
  return server;
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#039;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attributes(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([a-z_-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', unescapeHtml(m[2] ?? '')]));
}

/** What a browser needs to submit the consent form: action, hidden fields, and the chosen button. */
function parseConsentForm(html: string, buttonLabel: string): { action: string; fields: URLSearchParams } {
  const form = /<form\b[^>]*>/.exec(html)?.[0];
  const action = form ? attributes(form).get('action') : undefined;
  if (!action) throw new Error('no form on the consent page');
  const fields = new URLSearchParams();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const attrs = attributes(tag);
    if (attrs.get('type') === 'hidden') fields.append(attrs.get('name') ?? '', attrs.get('value') ?? '');
  }
  const button = [...html.matchAll(/<button\b([^>]*)>([^<]*)<\/button>/g)].find((m) => m[2] === buttonLabel);
  if (!button) throw new Error(`no "${buttonLabel}" button`);
  const buttonAttrs = attributes(button[1] ?? '');
  fields.append(buttonAttrs.get('name') ?? '', buttonAttrs.get('value') ?? '');
  return { action, fields };
}

interface BrowserVisit {
  consentPage: string | null;
  /** Where X sent the browser back to (the app's loopback address). */
  redirectedTo: URL;
  /** What the app's loopback listener showed the user. */
  finalStatus: number;
  finalPage: string;
}

/** A browser, as far as this flow goes: open the authorize URL, click a button, follow the redirect. */
async function browse(url: string, buttonLabel: 'Authorize app' | 'Cancel' = 'Authorize app'): Promise<BrowserVisit> {
  let res = await fetch(url, { redirect: 'manual' });
  let consentPage: string | null = null;
  if (res.status === 200) {
    consentPage = await res.text();
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { action, fields } = parseConsentForm(consentPage, buttonLabel);
    const target = new URL(action, url);
    res = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: target.origin },
      body: fields.toString(),
    });
  }
  expect(res.status).toBe(302);
  const redirectedTo = new URL(res.headers.get('location') ?? '');
  await res.body?.cancel();
  const final = await fetch(redirectedTo);
  return { consentPage, redirectedTo, finalStatus: final.status, finalPage: await final.text() };
}

function flowOptions(server: DemoXServer, overrides: Partial<StartXAuthorizationOptions> = {}): StartXAuthorizationOptions {
  return {
    clientId: server.credentials.bureau.oauth2.clientId,
    apiBaseUrl: server.url,
    authorizeBaseUrl: server.authorizeBaseUrl,
    clock: createManualClock('2024-01-09T20:00:00Z'),
    openBrowser: async () => undefined,
    ...overrides,
  };
}

describe('connecting an X account (authorization code + PKCE, loopback redirect)', () => {
  it('is abandoned at once when the app shuts down, and its loopback listener closes', async () => {
    const server = await start({});
    const stop = new AbortController();
    let redirect = '';
    const pending = startXAuthorization(
      flowOptions(server, {
        clock: createManualClock(),
        signal: stop.signal,
        openBrowser: async (url) => {
          redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
        },
      }),
    );
    while (!redirect) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await expect(pending).rejects.toThrow(/abandoned/);
    await expect(fetch(redirect)).rejects.toThrow();
  });

  it('connects through the consent page, and the new token reads, posts and deletes through the X adapter', async () => {
    const clock = createManualClock('2024-01-09T20:00:00Z');
    const server = await start({ clock });
    let visit: Promise<BrowserVisit> | undefined;
    let authorizeUrl: URL | undefined;
    const connected = await startXAuthorization(
      flowOptions(server, {
        clock,
        openBrowser: async (url) => {
          authorizeUrl = new URL(url);
          visit = browse(url);
          await visit;
        },
      }),
    );
    expect(connected).toMatchObject({ userId: server.user.id, username: 'demo_newsroom', scopes: [...defaultXScopes], expiresAt: '2024-01-09T22:00:00.000Z' });
    expect(connected.refreshToken).toEqual(expect.any(String));

    // What the browser was asked to open: the demo's authorize page, PKCE S256, loopback redirect.
    expect(authorizeUrl?.origin + (authorizeUrl?.pathname ?? '')).toBe(`${server.url}/i/oauth2/authorize`);
    expect(authorizeUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl?.searchParams.get('scope')).toBe('tweet.read tweet.write users.read media.write offline.access');
    const redirectUri = new URL(authorizeUrl?.searchParams.get('redirect_uri') ?? '');
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(Number(redirectUri.port)).toBeGreaterThan(0);

    const seen = await visit;
    expect(seen?.consentPage).toContain('Control Room wants to access your X account');
    expect(seen?.consentPage).toContain('@demo_newsroom');
    expect(seen?.redirectedTo.searchParams.get('state')).toBe(authorizeUrl?.searchParams.get('state'));
    expect(seen?.finalStatus).toBe(200);
    expect(seen?.finalPage).toContain('You can close this window');
    // One-shot: the listener is gone once the answer is in.
    await expect(fetch(redirectUri)).rejects.toThrow();

    const adapter = createXAdapter({
      credentials: { kind: 'oauth2', accessToken: connected.accessToken, refreshToken: connected.refreshToken, clientId: server.credentials.bureau.oauth2.clientId, clientSecret: null },
      baseUrl: server.url,
      clock,
    });
    const before = await adapter.readSince(null);
    const posted = await adapter.publish({ title: null, text: 'Connected through OAuth 2.0 with PKCE', html: null }, 'pkce-1');
    expect(server.tweets().find((t) => t.id === posted.channelItemId)).toMatchObject({ integration: 'bureau', authorId: server.user.id });
    expect((await adapter.readSince(before.cursor)).items.map((i) => i.channelItemId)).toEqual([posted.channelItemId]);
    expect(await adapter.retract(posted.channelItemId)).toEqual({ kind: 'retracted', how: 'deleted' });

    // offline.access bought a refresh token that rotates like any other and keeps the granted scope.
    const app = new TwitterApi({ clientId: server.credentials.bureau.oauth2.clientId }, { plugins: [createXBaseUrlPlugin(server.url)] });
    const refreshed = await app.refreshOAuth2Token(connected.refreshToken ?? '');
    expect(refreshed.scope).toEqual([...defaultXScopes]);
    expect((await refreshed.client.v2.me()).data.id).toBe(server.user.id);
  });

  it('works as a confidential client (HTTP Basic) with fewer scopes, and then gets no refresh token', async () => {
    const server = await start({ autoApprove: true });
    const { clientId, clientSecret } = server.credentials.bureau.oauth2;
    const connected = await startXAuthorization(
      flowOptions(server, { clientSecret, scopes: ['tweet.read', 'users.read'], openBrowser: async (url) => void (await browse(url)) }),
    );
    expect(connected).toMatchObject({ refreshToken: null, scopes: ['tweet.read', 'users.read'], username: 'demo_newsroom' });
    const wrongSecret = await failureOf(startXAuthorization(flowOptions(server, { clientId, clientSecret: 'not-the-secret', openBrowser: async (url) => void (await browse(url)) })));
    expect(wrongSecret).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Client authentication failed') });
  });

  it('refuses a redirect whose state it did not send, and never spends the code', async () => {
    const server = await start({ autoApprove: true });
    let answer: Promise<Response> | undefined;
    let stolen: URL | undefined;
    const failure = await failureOf(
      startXAuthorization(
        flowOptions(server, {
          openBrowser: async (url) => {
            const res = await fetch(url, { redirect: 'manual' });
            stolen = new URL(res.headers.get('location') ?? '');
            const forged = new URL(stolen.href);
            forged.searchParams.set('state', 'forged-by-someone-else');
            answer = fetch(forged);
            await answer;
          },
        }),
      ),
    );
    expect(failure).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('state mismatch') });
    expect((await answer)?.status).toBe(400);
    // The code is still unspent: a wrong verifier is reported, not an already-used code.
    const redirectUri = `${stolen?.origin}${stolen?.pathname}`;
    const probe = await exchange(server, { grant_type: 'authorization_code', code: stolen?.searchParams.get('code') ?? '', redirect_uri: redirectUri, code_verifier: 'x'.repeat(43), client_id: server.credentials.bureau.oauth2.clientId });
    expect(probe.json).toEqual({ error: 'invalid_request', error_description: 'Value passed for the code verifier did not match the code challenge.' });
  });

  it('ignores stray requests to the loopback listener (other paths, another Host) and keeps waiting', async () => {
    const server = await start({ autoApprove: true });
    const strays: number[] = [];
    const connected = await startXAuthorization(
      flowOptions(server, {
        openBrowser: async (url) => {
          const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
          strays.push((await fetch(new URL('/favicon.ico', redirect))).status);
          strays.push(await statusWithHost(redirect, 'rebound.example'));
          await browse(url);
        },
      }),
    );
    expect(strays).toEqual([404, 400]);
    expect(connected.userId).toBe(server.user.id);
  });

  it('reports a refusal on X clearly, and connects nothing', async () => {
    const server = await start();
    let visit: Promise<BrowserVisit> | undefined;
    const failure = await failureOf(
      startXAuthorization(
        flowOptions(server, {
          openBrowser: async (url) => {
            visit = browse(url, 'Cancel');
            await visit;
          },
        }),
      ),
    );
    expect(failure).toMatchObject({ code: 'FORBIDDEN', message: 'Access was refused on X: nothing was connected' });
    const seen = await visit;
    expect(seen?.redirectedTo.searchParams.get('error')).toBe('access_denied');
    expect(seen?.redirectedTo.searchParams.has('code')).toBe(false);
    expect(seen?.finalPage).toContain('Access was refused');
  });

  it('gives up after the timeout with a clear message, and closes the listener', async () => {
    const server = await start();
    let redirectUri: string | undefined;
    const failure = await failureOf(
      startXAuthorization(
        flowOptions(server, {
          timeoutMs: 200,
          openBrowser: async (url) => {
            redirectUri = new URL(url).searchParams.get('redirect_uri') ?? undefined;
          },
        }),
      ),
    );
    expect(failure).toMatchObject({ code: 'UNAVAILABLE', message: 'X did not confirm the connection within 0.2 seconds: try again' });
    await expect(fetch(redirectUri ?? '')).rejects.toThrow();
  });

  it('reports a browser that cannot be opened', async () => {
    const server = await start();
    const failure = await failureOf(startXAuthorization(flowOptions(server, { openBrowser: async () => Promise.reject(new Error('no default browser')) })));
    expect(failure).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no default browser') });
  });
});

function statusWithHost(url: URL, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function exchange(server: DemoXServer, fields: Record<string, string>, basic?: { id: string; secret: string }): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
  const res = await fetch(`${server.url}/2/oauth2/token`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  return { status: res.status, json: await res.json() };
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const loopback = 'http://127.0.0.1:45678/callback';

function authorizeUrl(server: DemoXServer, params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: server.credentials.bureau.oauth2.clientId,
    redirect_uri: loopback,
    scope: 'tweet.read users.read offline.access',
    state: 'state-123',
    code_challenge_method: 'S256',
    ...params,
  });
  return `${server.authorizeBaseUrl}/i/oauth2/authorize?${query.toString()}`;
}

/** Auto-approve server: the authorize GET answers 302 with the code at once. */
async function codeFor(server: DemoXServer, challenge: string, params: Record<string, string> = {}): Promise<string> {
  const res = await fetch(authorizeUrl(server, { code_challenge: challenge, ...params }), { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

describe('demo X server: authorization code grant', () => {
  const invalidCode = { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' };

  it('refuses redirect URIs that are not loopback http, with an error page and no redirect', async () => {
    const server = await start({ autoApprove: true });
    const { challenge } = pkce();
    for (const redirect of ['https://evil.example/cb', 'http://localhost:45678/cb', 'http://127.0.0.1.evil.example/cb', 'http://user@127.0.0.1:45678/cb', 'ftp://127.0.0.1/cb', 'not a url']) {
      const res = await fetch(authorizeUrl(server, { code_challenge: challenge, redirect_uri: redirect }), { redirect: 'manual' });
      expect(res.status, redirect).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri');
    }
    const unknownClient = await fetch(authorizeUrl(server, { code_challenge: challenge, client_id: 'someone-else' }), { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.get('location')).toBeNull();
    // Any port is fine (RFC 8252 7.3), and so is the IPv6 loopback.
    expect(await codeFor(server, challenge, { redirect_uri: 'http://[::1]:1/cb' })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sends other request errors back to a valid redirect URI, with the state', async () => {
    const server = await start({ autoApprove: true });
    const { challenge } = pkce();
    const cases: Array<[Record<string, string>, string]> = [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'too-short' }, 'invalid_request'],
      [{ scope: 'tweet.read admin.everything' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
    ];
    for (const [params, error] of cases) {
      const res = await fetch(authorizeUrl(server, { code_challenge: challenge, ...params }), { redirect: 'manual' });
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(loopback);
      expect(location.searchParams.get('error'), JSON.stringify(params)).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.has('code')).toBe(false);
    }
  });

  it('exchanges a code once: the token works, a replay is refused and revokes what the code bought', async () => {
    const server = await start({ autoApprove: true });
    const { clientId, clientSecret } = server.credentials.bureau.oauth2;
    const { verifier, challenge } = pkce();
    const code = await codeFor(server, challenge);
    const fields = { grant_type: 'authorization_code', code, redirect_uri: loopback, code_verifier: verifier, client_id: clientId };
    const first = await exchange(server, fields, { id: clientId, secret: clientSecret });
    expect(first).toMatchObject({
      status: 200,
      json: { token_type: 'bearer', expires_in: 7200, scope: 'tweet.read users.read offline.access', access_token: expect.any(String), refresh_token: expect.any(String) },
    });
    const token = (first.json as { access_token: string }).access_token;
    const me = await fetch(`${server.url}/2/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { data: { id: string } }).data.id).toBe(server.user.id);

    expect(await exchange(server, fields, { id: clientId, secret: clientSecret })).toEqual({ status: 400, json: invalidCode });
    expect((await fetch(`${server.url}/2/users/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('refuses a wrong verifier (and burns the code), a different redirect URI, an expired code and another client', async () => {
    const clock = createManualClock('2024-01-09T20:00:00Z');
    const server = await start({ autoApprove: true, clock, accounts: [{}, {}] });
    const clientId = server.credentials.bureau.oauth2.clientId;
    const base = { grant_type: 'authorization_code', redirect_uri: loopback, client_id: clientId };

    const a = pkce();
    const codeA = await codeFor(server, a.challenge);
    expect(await exchange(server, { ...base, code: codeA, code_verifier: pkce().verifier })).toEqual({
      status: 400,
      json: { error: 'invalid_request', error_description: 'Value passed for the code verifier did not match the code challenge.' },
    });
    expect((await exchange(server, { ...base, code: codeA, code_verifier: a.verifier })).json).toEqual(invalidCode);

    const b = pkce();
    const codeB = await codeFor(server, b.challenge);
    expect((await exchange(server, { ...base, code: codeB, code_verifier: b.verifier, redirect_uri: 'http://127.0.0.1:45679/callback' })).json).toEqual({
      error: 'invalid_request',
      error_description: 'Value passed for the redirect uri did not match the uri of the authorization code.',
    });

    const c = pkce();
    const codeC = await codeFor(server, c.challenge);
    clock.advance(30_000);
    expect((await exchange(server, { ...base, code: codeC, code_verifier: c.verifier })).json).toEqual(invalidCode);

    // A code is worth nothing to another client, and that client's attempt does not burn it.
    const d = pkce();
    const codeD = await codeFor(server, d.challenge, { scope: 'tweet.read users.read' });
    const other = server.accounts[1]?.credentials.bureau.oauth2.clientId ?? '';
    expect((await exchange(server, { ...base, client_id: other, code: codeD, code_verifier: d.verifier })).json).toEqual(invalidCode);
    const ok = await exchange(server, { ...base, code: codeD, code_verifier: d.verifier });
    expect(ok.status).toBe(200);
    expect(ok.json).not.toHaveProperty('refresh_token');
  });

  it('binds the consent decision to the browser session and its CSRF token, once', async () => {
    const server = await start({ accounts: [{ credentials: { bureau: { appName: '<b>Evil & "Co"</b>' } } }] });
    const { challenge } = pkce();
    const res = await fetch(authorizeUrl(server, { code_challenge: challenge }), { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('&lt;b&gt;Evil &amp; &quot;Co&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>Evil');
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Strict/);
    const { action, fields } = parseConsentForm(html, 'Authorize app');
    const target = new URL(action, server.url);
    const post = (body: URLSearchParams, headers: Record<string, string>) =>
      fetch(target, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: body.toString() });

    const wrongToken = new URLSearchParams(fields);
    wrongToken.set('csrf_token', 'guessed');
    expect((await post(wrongToken, { cookie })).status).toBe(403);
    expect((await post(fields, {})).status).toBe(403);
    expect((await post(fields, { cookie, origin: 'https://attacker.example' })).status).toBe(403);
    const approved = await post(fields, { cookie });
    expect(approved.status).toBe(302);
    expect(new URL(approved.headers.get('location') ?? '').searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await post(fields, { cookie })).status).toBe(403);
  });

  it('never answers 5xx to random authorize queries and decision bodies', async () => {
    const server = await start();
    const { challenge } = pkce();
    const names = fc.constantFrom('response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'x');
    const values = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(loopback, 'http://[::1]:0/', 'S256', 'code', server.credentials.bureau.oauth2.clientId, challenge));
    const query = fc.array(fc.tuple(names, values), { maxLength: 8 });
    const body = fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.tuple(fc.constantFrom('request_id', 'csrf_token', 'decision'), fc.string({ maxLength: 40 })), { maxLength: 4 }).map((p) => new URLSearchParams(p).toString()));
    await fc.assert(
      fc.asyncProperty(query, body, fc.string({ maxLength: 60 }), async (pairs, form, cookie) => {
        const get = await fetch(`${server.url}/i/oauth2/authorize?${new URLSearchParams(pairs).toString()}`, { redirect: 'manual' });
        expect(get.status).toBeLessThan(500);
        await get.body?.cancel();
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        if (/^[\x20-\x7e]*$/.test(cookie)) headers.cookie = cookie;
        const post = await fetch(`${server.url}/i/oauth2/authorize/decision`, { method: 'POST', redirect: 'manual', headers, body: form });
        expect(post.status).toBeLessThan(500);
        await post.body?.cancel();
      }),
      { numRuns: 200 },
    );
  });
});
