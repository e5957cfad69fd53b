// Connecting a Mastodon account through the instance's consent page, end to end over real HTTP:
// Control Room registers its application with the loopback redirect, the demo instance's
// /oauth/authorize is followed with fetch like a browser, the loopback listener catches the code,
// the code is exchanged with the PKCE verifier, and the token reads and posts through the adapter.
// And what must be refused: a wrong verifier, a state that is not ours, scopes beyond `read write`.
import { createHash, randomBytes } from 'node:crypto';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError, type mastodon } from 'masto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMastodonAdapter } from '../../electron/channels/mastodon/adapter';
import { startMastodonAuthorization } from '../../electron/channels/mastodon/oauth';
import { createManualClock, systemClock } from '../../electron/lib/clock';
import { startDemoMastodonServer, type DemoMastodonServer, type StartDemoMastodonOptions } from '../../electron/demo/mastodon/server';
import type { AppError } from '../../electron/shared/result';
import { failureOf } from '../helpers/consent';

const servers: DemoMastodonServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function start(options: StartDemoMastodonOptions = {}): Promise<DemoMastodonServer> {
  const s = await startDemoMastodonServer(options);
  servers.push(s);
  return s;
}

/** A browser that is signed in on the instance: open the consent URL, follow its redirect home. */
async function browse(url: string, rewrite: (back: URL) => URL = (u) => u): Promise<{ authorizeUrl: URL; back: URL; page: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = rewrite(new URL(res.headers.get('location') ?? ''));
  const final = await fetch(back);
  return { authorizeUrl: new URL(url), back, page: await final.text() };
}

/** A connection that must fail: the application it registered, and the failure. */
async function refused(m: DemoMastodonServer, rewrite?: (back: URL) => URL): Promise<{ clientId: string; failure: AppError }> {
  let clientId = '';
  const failure = await failureOf(
    startMastodonAuthorization({
      instanceUrl: m.url,
      openBrowser: async (url) => {
        clientId = new URL(url).searchParams.get('client_id') ?? '';
        await browse(url, rewrite);
      },
    }),
  );
  return { clientId, failure };
}

describe('connecting a Mastodon account (authorization code + PKCE, loopback redirect)', () => {
  it('registers the app with the loopback address, asks for "read write" only, and the token posts as the account', async () => {
    const m = await start();
    let seen: Awaited<ReturnType<typeof browse>> | null = null;
    const auth = await startMastodonAuthorization({ instanceUrl: m.url, openBrowser: async (url) => void (seen = await browse(url)) });
    expect(auth).toMatchObject({ scopes: ['read', 'write'], accountId: m.account.id, username: 'newsroom' });
    const q = seen!.authorizeUrl.searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ response_type: 'code', scope: 'read write', client_id: auth.clientId, code_challenge_method: 'S256' });
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(m.instance.apps.get(auth.clientId)).toMatchObject({ name: 'Control Room', scopes: ['read', 'write'], redirectUris: [q.get('redirect_uri')] });
    expect(seen!.page).toContain('You can close this window');
    // The listener is one-shot: it is gone once the connection is made.
    await expect(fetch(seen!.back)).rejects.toThrow();

    const adapter = createMastodonAdapter({ instanceUrl: m.url, accessToken: auth.accessToken, clientId: auth.clientId, clientSecret: auth.clientSecret, clock: systemClock });
    const posted = await adapter.publish({ title: null, text: 'Connected through the consent page.', html: null }, 'oauth-test');
    expect(m.instance.liveStatuses().map((s) => s.id)).toContain(posted.channelItemId);
    // Lock can revoke it: the application's key and secret came with the connection.
    expect(await adapter.runFreezeAction('revoke-own-token')).toMatchObject({ done: true });
    expect(m.instance.token(auth.accessToken)).toBeNull();
  });

  it('refuses a code exchanged with the wrong verifier, and the code is burnt', async () => {
    const m = await start({ clock: createManualClock('2026-01-01T10:00:00Z') });
    const redirectUri = 'http://127.0.0.1:9/callback';
    const app: mastodon.v1.Client = await createRestAPIClient({ url: m.url }).v1.apps.create({ clientName: 'Control Room', redirectUris: redirectUri, scopes: 'read write' });
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL('/oauth/authorize', m.url);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: app.clientId ?? '', redirect_uri: redirectUri, scope: 'read write', state: 's', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
    const res = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      createOAuthAPIClient({ url: m.url }).token.create({ grantType: 'authorization_code', clientId: app.clientId ?? '', clientSecret: app.clientSecret ?? '', redirectUri, code, scope: 'read write', ...{ codeVerifier } });
    const wrong = await exchange(randomBytes(32).toString('base64url')).catch((err: unknown) => err);
    expect(wrong).toBeInstanceOf(MastoHttpError);
    expect(wrong).toMatchObject({ statusCode: 400, message: 'invalid_grant' });
    // One guess only: the right verifier now finds the code used up.
    await expect(exchange(verifier)).rejects.toMatchObject({ statusCode: 400 });
    expect(m.instance.tokenCount(app.clientId ?? '')).toBe(0);
  });

  it('refuses a redirect whose state is not the one it sent, and never exchanges its code', async () => {
    const m = await start();
    const { clientId, failure } = await refused(m, (back) => {
      back.searchParams.set('state', 'forged-by-another-page');
      return back;
    });
    expect(failure).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('state mismatch') });
    expect(failure.message).toContain('Mastodon');
    expect(m.instance.tokenCount(clientId)).toBe(0);
  });

  it('refuses a token granted more than "read write", and revokes it', async () => {
    const m = await start({ grantScopes: ['read', 'write', 'admin:write'] });
    const { clientId, failure } = await refused(m);
    expect(failure).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('"admin:write read write" instead of "read write"') });
    expect(clientId).not.toBe('');
    expect(m.instance.tokenCount(clientId)).toBe(0);
  });

  it('says what to do when the instance cannot be reached or is not https, before any page opens', async () => {
    let opened = false;
    const unreachable = await failureOf(startMastodonAuthorization({ instanceUrl: 'http://127.0.0.1:9', openBrowser: async () => void (opened = true) }));
    expect(unreachable).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('Cannot reach the Mastodon instance while registering Control Room') });
    expect(opened).toBe(false);
    const plain = await failureOf(startMastodonAuthorization({ instanceUrl: 'http://mastodon.example', openBrowser: async () => undefined }));
    expect(plain).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('must use https') });
  });
});
