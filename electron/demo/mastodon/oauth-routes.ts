// The demo Mastodon instance's OAuth endpoints, as the Mastodon API documentation describes them:
// POST /api/v1/apps (register an application with its redirect URIs and scopes), GET
// /oauth/authorize (the demo browser is signed in as the newsroom account and consents at once: a
// redirect back with a code, or an error page while client or redirect URI are unknown), POST
// /oauth/token (the authorization-code grant; the code is single use, 30 s, bound to client,
// redirect URI and the S256 challenge, whose verifier is checked). Unlike a real instance, PKCE is
// required here, so Control Room's client can never drop it unnoticed. The codes are the demo X
// server's (one implementation of RFC 6749 4.1 + RFC 7636 for both).
import type { mastodon } from 'masto';
import type { Clock } from '../../lib/clock';
import { DemoXAuthorizationCodes, secretsEqual } from '../x/authorization-codes';
import type { PageReply } from '../x/authorize-page';
import { escapeHtml } from '../wordpress/format';
import type { DemoMastodonInstance } from './instance-state';

export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}
export type OAuthReply = { readonly kind: 'json'; readonly reply: JsonReply } | { readonly kind: 'page'; readonly page: PageReply };

export interface DemoMastodonOAuthOptions {
  readonly instance: DemoMastodonInstance;
  readonly clock: Clock;
  /** The account the demo browser is signed in as. */
  readonly accountId: string;
  /** Tests: an instance that grants other scopes than were asked for. */
  readonly grantScopes?: readonly string[];
}

const knownScope = /^(read|write|follow|push|profile|admin:(read|write))(:[a-z_]+)?$/;
const json = (status: number, body: unknown): OAuthReply => ({ kind: 'json', reply: { status, body } });
const oauthError = (status: number, error: string, description: string): OAuthReply => json(status, { error, error_description: description });
const invalidGrant = 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

function page(status: number, heading: string, text: string): OAuthReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo Mastodon</title></head><body><p>Demo Mastodon instance: not a real one.</p><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'", 'x-frame-options': 'DENY' };
  return { kind: 'page', page: { status, headers, html } };
}

function redirect(to: string, params: Record<string, string>): OAuthReply {
  const target = new URL(to);
  for (const [k, v] of Object.entries(params)) target.searchParams.append(k, v);
  return { kind: 'page', page: { status: 302, headers: { location: target.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, html: null } };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const scopesOf = (v: unknown, fallback: string): string[] => [...new Set((str(v) ?? fallback).split(/[\s+]+/).filter((s) => s !== ''))];

function redirectUrisOf(v: unknown): string[] | null {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\s+/) : [];
  const uris = list.filter((u): u is string => typeof u === 'string' && u !== '');
  if (uris.length === 0) return null;
  for (const u of uris) {
    if (u === 'urn:ietf:wg:oauth:2.0:oob') continue;
    try {
      const parsed = new URL(u);
      if (parsed.hash !== '') return null;
    } catch {
      return null;
    }
  }
  return uris;
}

export function createDemoMastodonOAuth(options: DemoMastodonOAuthOptions) {
  const { instance } = options;
  const codes = new DemoXAuthorizationCodes(options.clock, (tokens) => instance.dropTokens(tokens));

  /** POST /api/v1/apps */
  const registerApp = (params: Record<string, unknown>): OAuthReply => {
    const name = str(params['client_name'])?.trim() ?? '';
    if (name === '') return json(422, { error: "Validation failed: Application name can't be blank" });
    const redirectUris = redirectUrisOf(params['redirect_uris']);
    if (!redirectUris) return json(422, { error: 'Validation failed: Redirect URI must be an absolute URI.' });
    const scopes = scopesOf(params['scopes'], 'read');
    if (scopes.some((s) => !knownScope.test(s))) return json(422, { error: 'Validation failed: Scopes are invalid' });
    const app = instance.registerApp(name, scopes, redirectUris);
    const body: mastodon.v1.Client = { name, website: str(params['website']) ?? null, scopes, redirectUris, clientId: app.clientId, clientSecret: app.clientSecret, vapidKey: '' };
    return json(200, body);
  };

  /** GET /oauth/authorize */
  const authorize = (query: URLSearchParams): OAuthReply => {
    const app = instance.apps.get(query.get('client_id') ?? '');
    if (!app) return page(401, 'An error has occurred', 'Client authentication failed due to unknown client.');
    const redirectUri = query.get('redirect_uri') ?? '';
    // Until the redirect URI is one the app registered, errors stay here: no open redirector.
    if (!app.redirectUris.includes(redirectUri) || redirectUri === 'urn:ietf:wg:oauth:2.0:oob') return page(400, 'An error has occurred', 'The redirect uri included is not valid.');
    const state = query.get('state');
    const fail = (error: string, description: string): OAuthReply => redirect(redirectUri, { error, error_description: description, ...(state ? { state } : {}) });
    if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'The authorization server does not support this response type.');
    const scopes = scopesOf(query.get('scope'), 'read');
    if (scopes.some((s) => !app.scopes.includes(s))) return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    const challenge = query.get('code_challenge') ?? '';
    if (query.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'The request is missing a required parameter: code_challenge with code_challenge_method S256.');
    const code = codes.issue({ clientId: app.clientId, redirectUri, codeChallenge: challenge, scope: scopes.join(' '), userId: options.accountId });
    return redirect(redirectUri, { code, ...(state ? { state } : {}) });
  };

  /** POST /oauth/token */
  const token = (params: Record<string, unknown>): OAuthReply => {
    if (str(params['grant_type']) !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    const app = instance.apps.get(str(params['client_id']) ?? '');
    if (!app || !secretsEqual(str(params['client_secret']) ?? '', app.clientSecret)) {
      return oauthError(401, 'invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.');
    }
    const redeemed = codes.redeem(app.clientId, str(params['code']) ?? '', str(params['redirect_uri']) ?? '', str(params['code_verifier']) ?? '');
    if (!redeemed.ok) return oauthError(400, 'invalid_grant', invalidGrant);
    const asked = str(params['scope']);
    if (asked !== undefined && scopesOf(asked, '').sort().join(' ') !== redeemed.grant.scope.split(' ').sort().join(' ')) {
      return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    }
    const scopes = options.grantScopes ?? redeemed.grant.scope.split(' ');
    const accessToken = instance.issueToken(app, redeemed.grant.userId, scopes);
    redeemed.recordTokens([accessToken]);
    return json(200, { access_token: accessToken, token_type: 'Bearer', scope: scopes.join(' '), created_at: Math.floor(options.clock.now().getTime() / 1000) });
  };

  return {
    /** The reply for an OAuth route, or null for every other request. */
    route(method: string, path: string, query: URLSearchParams, params: Record<string, unknown>): OAuthReply | null {
      if (method === 'POST' && path === '/api/v1/apps') return registerApp(params);
      if (method === 'GET' && path === '/oauth/authorize') return authorize(query);
      if (method === 'POST' && path === '/oauth/token') return token(params);
      return null;
    },
  };
}
