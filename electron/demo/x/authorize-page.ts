// The demo X server's authorization endpoint (RFC 6749 4.1.1 with PKCE): GET /i/oauth2/authorize
// checks the request and shows a consent page (or, with auto-approve, redirects at once); POST
// /i/oauth2/authorize/decision takes the user's answer and redirects back with a code or
// error=access_denied. Redirect URIs are loopback only (RFC 8252 7.3): the demo has no app registry.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Clock } from '../../lib/clock';
import { escapeHtml } from '../wordpress/format';
import { secretsEqual, type AuthorizationRequestGrant, type DemoXAuthorizationCodes, type DemoXIssuingTokenRegistry } from './authorization-codes';
import type { DemoXUser } from './credentials';
import { isFormBody } from './http-io';

/** An HTML page or a redirect: the authorization endpoint talks to a browser, not an API client. */
export interface PageReply {
  status: number;
  headers: Record<string, string>;
  html: string | null;
}

export interface AuthorizeContext {
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
  cookie: string | undefined;
  /** The Origin header, when the browser sent one. */
  requestOrigin: string | undefined;
  /** This server's origin as the browser reached it (from the Host header). */
  ownOrigin: string;
  registry: DemoXIssuingTokenRegistry;
  codes: DemoXAuthorizationCodes;
  pending: DemoXPendingAuthorizations;
  /** The demo browser is signed in as this account. */
  user: DemoXUser;
  autoApprove: boolean;
}

/** X's OAuth 2.0 scopes, with what the consent page says about each. */
const scopeDescriptions: Readonly<Record<string, string>> = {
  'tweet.read': 'See posts from your timeline, including protected posts.',
  'tweet.write': 'Post and repost for you, and delete your posts.',
  'tweet.moderate.write': 'Hide and unhide replies to your posts.',
  'users.read': 'See any account you can see, including protected accounts.',
  'follows.read': 'See who you follow and who follows you.',
  'follows.write': 'Follow and unfollow accounts for you.',
  'offline.access': 'Stay connected to your account until you revoke access.',
  'space.read': 'See all the Spaces you can see.',
  'mute.read': 'See accounts you have muted.',
  'mute.write': 'Mute and unmute accounts for you.',
  'like.read': 'See posts you have liked and likes you can see.',
  'like.write': 'Like and unlike posts for you.',
  'list.read': 'See lists, list members and followers of lists you can see.',
  'list.write': 'Create and manage lists for you.',
  'block.read': 'See accounts you have blocked.',
  'block.write': 'Block and unblock accounts for you.',
  'bookmark.read': 'See your bookmarks.',
  'bookmark.write': 'Bookmark and remove bookmarks for you.',
  'media.write': 'Upload media for you.',
  'dm.read': 'See your direct messages.',
  'dm.write': 'Send direct messages for you.',
};

const sessionCookie = 'demo_x_auth_session';
/** How long a consent page stays answerable, and how many may be open at once. */
const pendingLifetimeMs = 10 * 60_000;
const maxPending = 1000;

interface PendingAuthorization {
  requestId: string;
  csrfToken: string;
  sessionId: string;
  request: Omit<AuthorizationRequestGrant, 'userId'>;
  state: string;
  createdAtMs: number;
}

/** Consent pages shown and not yet answered, each bound to the browser session that saw it. */
export class DemoXPendingAuthorizations {
  private readonly byId = new Map<string, PendingAuthorization>();

  constructor(private readonly clock: Clock) {}

  add(sessionId: string, request: Omit<AuthorizationRequestGrant, 'userId'>, state: string): PendingAuthorization {
    const now = this.clock.now().getTime();
    for (const [id, p] of this.byId) if (now - p.createdAtMs > pendingLifetimeMs) this.byId.delete(id);
    // Oldest first out (Map keeps insertion order), so a page-reloading loop cannot fill memory.
    while (this.byId.size >= maxPending) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    const pending = { requestId: randomToken(), csrfToken: randomToken(), sessionId, request, state, createdAtMs: now };
    this.byId.set(pending.requestId, pending);
    return pending;
  }

  get(requestId: string): PendingAuthorization | undefined {
    const p = this.byId.get(requestId);
    return p && this.clock.now().getTime() - p.createdAtMs <= pendingLifetimeMs ? p : undefined;
  }

  delete(requestId: string): void {
    this.byId.delete(requestId);
  }
}

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

const securityHeaders: Readonly<Record<string, string>> = {
  // Codes and tokens must never sit in a cache.
  'cache-control': 'no-store',
  // The page's URL carries the request; no link or resource may leak it in a Referer.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function page(status: number, html: string, extra: Record<string, string> = {}): PageReply {
  return {
    status,
    headers: {
      ...securityHeaders,
      'content-type': 'text/html; charset=utf-8',
      // No scripts at all, and no framing: a consent button inside someone else's frame is clickjacking.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      ...extra,
    },
    html,
  };
}

function redirectTo(redirectUri: string, params: Record<string, string>): PageReply {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) target.searchParams.append(name, value);
  return { status: 302, headers: { ...securityHeaders, location: target.href }, html: null };
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} / X (demo)</title>
<style>body{font-family:system-ui,sans-serif;background:#f7f9f9;color:#0f1419;margin:0}main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:16px;padding:2rem}
.demo{font-size:.8rem;color:#536471;border-bottom:1px solid #eff3f4;padding-bottom:.5rem}button{display:block;width:100%;margin:.5rem 0;padding:.7rem;border-radius:999px;font-weight:700;font-size:1rem;border:1px solid #cfd9de;background:#fff}
button[value=allow]{background:#0f1419;color:#fff;border-color:#0f1419}code{word-break:break-all}</style></head>
<body><main><p class="demo">Demo X server: not the real x.com. Nothing here reaches X.</p>
${body}
</main></body></html>`;
}

function errorPage(status: number, message: string): PageReply {
  return page(status, layout('Something went wrong', `<h1>Something went wrong</h1>\n<p>${escapeHtml(message)}</p>`));
}

function consentPage(ctx: AuthorizeContext, pending: PendingAuthorization, newSession: boolean): PageReply {
  const appName = ctx.registry.appName(pending.request.clientId) ?? 'An app';
  const scopes = pending.request.scope.split(' ').map((s) => `<li>${escapeHtml(scopeDescriptions[s] ?? s)}</li>`);
  const body = `<h1>${escapeHtml(appName)} wants to access your X account</h1>
<p>Signed in as <strong>@${escapeHtml(ctx.user.username)}</strong> (${escapeHtml(ctx.user.name)}).</p>
<h2>Things this app will be able to do</h2>
<ul>${scopes.join('')}</ul>
<p>You will be sent back to <code>${escapeHtml(new URL(pending.request.redirectUri).origin)}</code>.</p>
<form method="post" action="/i/oauth2/authorize/decision">
<input type="hidden" name="request_id" value="${escapeHtml(pending.requestId)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(pending.csrfToken)}">
<button type="submit" name="decision" value="allow">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`;
  // HttpOnly: no script reads it; SameSite=Strict: no other site's form can send it along.
  const cookie = `${sessionCookie}=${pending.sessionId}; Path=/i/oauth2; HttpOnly; SameSite=Strict`;
  return page(200, layout(`Authorize ${appName}`, body), newSession ? { 'set-cookie': cookie } : {});
}

/** RFC 8252 7.3: a loopback IP literal over plain http, any port; `localhost` can be re-pointed (8.3). */
function isLoopbackRedirect(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return url.protocol === 'http:' && loopback && url.username === '' && url.password === '' && url.hash === '';
}

/** RFC 6749 3.1: a parameter sent twice is as bad as a missing one. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function approve(ctx: AuthorizeContext, request: Omit<AuthorizationRequestGrant, 'userId'>, state: string): PageReply {
  const code = ctx.codes.issue({ ...request, userId: ctx.user.id });
  return redirectTo(request.redirectUri, { code, state });
}

/** GET /i/oauth2/authorize */
export function showAuthorizePage(ctx: AuthorizeContext): PageReply {
  const { query } = ctx;
  const clientId = single(query, 'client_id');
  const redirectUri = single(query, 'redirect_uri');
  // Until client and redirect URI check out, errors stay on this page: redirecting to an
  // unverified address would make the demo an open redirector (RFC 6749 4.1.2.1).
  if (clientId === undefined || ctx.registry.clientSecret(clientId) === undefined) {
    return errorPage(400, 'This app is not known to X (client_id). Check the app settings and try again.');
  }
  if (redirectUri === undefined || !isLoopbackRedirect(redirectUri)) {
    return errorPage(400, 'The app asked to be sent back to an address X does not accept (redirect_uri): only http://127.0.0.1:<port>/ or http://[::1]:<port>/ are allowed here.');
  }
  const state = single(query, 'state');
  const fail = (error: string, description: string): PageReply =>
    redirectTo(redirectUri, { error, error_description: description, ...(state === undefined ? {} : { state }) });
  if (single(query, 'response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
  // The state is the app's own CSRF defence for its redirect; X requires one.
  if (state === undefined || state === '' || state.length > 500) return fail('invalid_request', 'Missing or invalid parameter [state].');
  // S256 only: a "plain" challenge is the verifier itself, worthless once the URL leaks. twitter-api-v2 writes "s256".
  if (single(query, 'code_challenge_method')?.toUpperCase() !== 'S256') return fail('invalid_request', 'Missing or invalid parameter [code_challenge_method].');
  const codeChallenge = single(query, 'code_challenge');
  if (codeChallenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return fail('invalid_request', 'Missing or invalid parameter [code_challenge].');
  const scopes = (single(query, 'scope') ?? '').split(' ').filter((s) => s !== '');
  if (scopes.length === 0 || scopes.some((s) => !Object.hasOwn(scopeDescriptions, s))) return fail('invalid_scope', 'Missing or invalid parameter [scope].');

  const request = { clientId, redirectUri, codeChallenge, scope: [...new Set(scopes)].join(' ') };
  if (ctx.autoApprove) return approve(ctx, request, state);
  const knownSession = readCookie(ctx.cookie, sessionCookie);
  const sessionId = knownSession !== undefined && /^[A-Za-z0-9_-]{32}$/.test(knownSession) ? knownSession : randomToken();
  return consentPage(ctx, ctx.pending.add(sessionId, request, state), sessionId !== knownSession);
}

/** POST /i/oauth2/authorize/decision */
export function decideAuthorization(ctx: AuthorizeContext): PageReply {
  const stale = 'This authorization page has expired or was opened in another browser. Go back to the app and connect again.';
  // A cross-site form post is the classic CSRF: when the browser names the origin, it must be ours.
  if (ctx.requestOrigin !== undefined && ctx.requestOrigin !== ctx.ownOrigin) return errorPage(403, stale);
  if (!isFormBody(ctx.contentType)) return errorPage(400, stale);
  const fields = new URLSearchParams(ctx.body);
  const pending = ctx.pending.get(fields.get('request_id') ?? '');
  if (!pending) return errorPage(403, stale);
  // The answer must come from the browser session that was shown this very page, with its token.
  const session = readCookie(ctx.cookie, sessionCookie) ?? '';
  if (!secretsEqual(session, pending.sessionId) || !secretsEqual(fields.get('csrf_token') ?? '', pending.csrfToken)) return errorPage(403, stale);
  const decision = fields.get('decision');
  if (decision !== 'allow' && decision !== 'deny') return errorPage(400, 'Choose "Authorize app" or "Cancel".');
  // One answer per page: a replayed form post finds nothing.
  ctx.pending.delete(pending.requestId);
  if (decision === 'deny') return redirectTo(pending.request.redirectUri, { error: 'access_denied', state: pending.state });
  return approve(ctx, pending.request, pending.state);
}

export function writePage(res: ServerResponse, reply: PageReply): void {
  if (res.headersSent || res.destroyed) return;
  const payload = reply.html ?? '';
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}
