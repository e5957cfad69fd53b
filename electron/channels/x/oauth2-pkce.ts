// Connecting an X account: OAuth 2.0 authorization code + PKCE (S256) with a loopback redirect
// (RFC 8252). A one-shot listener on 127.0.0.1 catches the browser's redirect, the state is checked,
// the code is exchanged through twitter-api-v2 (with the base-url plugin for the demo), and the
// account is read back with the new token. Failures are AppErrors whose message says what to do.
import { randomBytes } from 'node:crypto';
import { createServer, Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../shared/result';
import { createXBaseUrlPlugin } from './base-url-plugin';
import { userSchema } from './schemas';

/** media.write: X's v2 media upload refuses an OAuth 2.0 token without it (statements with images). */
export const defaultXScopes: readonly string[] = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];
export const defaultAuthorizationTimeoutMs = 5 * 60_000;
const callbackPath = '/callback';

export interface StartXAuthorizationOptions {
  clientId: string;
  /** Confidential clients only; a public (desktop) client leaves it out and relies on PKCE. */
  clientSecret?: string;
  scopes?: readonly string[];
  /** Demo newsroom and tests: the token call and users/me go here instead of api.x.com. */
  apiBaseUrl?: string;
  /** Where the authorize page lives; https://x.com unless the demo says otherwise. */
  authorizeBaseUrl?: string;
  /** The desktop app passes shell.openExternal; tests follow the URL with fetch. */
  openBrowser: (url: string) => Promise<void>;
  clock: Clock;
  timeoutMs?: number;
  /** Aborting (the app shutting down) abandons the wait and closes the loopback listener. */
  signal?: AbortSignal;
}

export interface XAuthorization {
  accessToken: string;
  /** Only when offline.access was granted. */
  refreshToken: string | null;
  /** ISO 8601, from the token answer's expires_in on the injected clock. */
  expiresAt: string;
  scopes: string[];
  userId: string;
  username: string;
}

type Callback = { kind: 'code'; code: string } | { kind: 'denied' } | { kind: 'error'; error: string };

/** https anywhere; plain http only to this machine, where nothing on the wire can read codes or tokens. */
function checkedBase(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('BAD_INPUT', `The X ${what} address is not a URL: ${value}`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError('BAD_INPUT', `The X ${what} address must use https (plain http only on this machine): ${value}`);
  }
  return url;
}

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  const seconds = Number((ms / 1000).toFixed(1));
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function browserPage(res: ServerResponse, status: number, heading: string, text: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Control Room</title></head><body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${heading}</h1><p>${text}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    // The request URL held the code: keep it out of caches and Referer headers; no scripts at all.
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(html);
}

interface LoopbackListener {
  redirectUri: string;
  callback: Promise<Callback>;
  close(): void;
}

/** Listens on 127.0.0.1 only (never 0.0.0.0: no other machine may answer), port chosen by the OS. */
async function listenForRedirect(expectedState: string, timeoutMs: number): Promise<LoopbackListener> {
  let settle: (outcome: { ok: true; value: Callback } | { ok: false; error: AppError }) => void = () => undefined;
  const callback = new Promise<Callback>((resolve, reject) => {
    settle = (outcome) => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
  });
  // Whoever awaits it sees the failure; a flow that failed before awaiting must not crash the process.
  callback.catch(() => undefined);
  let done = false;
  const finish = (outcome: { ok: true; value: Callback } | { ok: false; error: AppError }): void => {
    if (done) return;
    done = true;
    settle(outcome);
  };
  let port = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A DNS-rebinding page reaches this port under its own host name: answer only to our address.
    if (req.headers.host !== `127.0.0.1:${port}`) return browserPage(res, 400, 'Wrong address', 'This page only answers at 127.0.0.1.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // Anything but the redirect itself (a favicon request) is ignored and the wait goes on.
    if (req.method !== 'GET' || url.pathname !== callbackPath) return browserPage(res, 404, 'Not found', 'Nothing here.');
    if (done) return browserPage(res, 410, 'Already answered', 'This connection attempt is over. You can close this window.');
    const state = url.searchParams.get('state');
    // CSRF: a redirect that does not carry our state was not started by us; its code is never used.
    if (state !== expectedState) {
      browserPage(res, 400, 'Connection refused', 'This answer does not belong to the connection Control Room started. Nothing was connected; start again from Control Room.');
      return finish({ ok: false, error: new AppError('FORBIDDEN', 'X sent back an answer Control Room did not ask for (state mismatch): nothing was connected. Try again.') });
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error === 'access_denied') {
      browserPage(res, 200, 'Not connected', 'Access was refused. You can close this window.');
      return finish({ ok: true, value: { kind: 'denied' } });
    }
    if (error !== null || code === null || code === '') {
      browserPage(res, 400, 'Not connected', 'X did not grant access. You can close this window and try again from Control Room.');
      return finish({ ok: true, value: { kind: 'error', error: error ?? 'no code' } });
    }
    browserPage(res, 200, 'Connected', 'Control Room has its answer from X. You can close this window.');
    finish({ ok: true, value: { kind: 'code', code } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const timer = setTimeout(
    () => finish({ ok: false, error: new AppError('UNAVAILABLE', `X did not confirm the connection within ${describeDuration(timeoutMs)}: try again`) }),
    timeoutMs,
  );
  let closed = false;
  return {
    redirectUri: `http://127.0.0.1:${port}${callbackPath}`,
    callback,
    close: () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      finish({ ok: false, error: new AppError('UNAVAILABLE', 'The X connection was abandoned: try again') });
      // Let the last page reach the browser, then drop every socket: the listener is one-shot.
      server.close();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    },
  };
}

function exchangeFailure(err: unknown): AppError {
  if (err instanceof ApiResponseError) {
    const data = err.data as { error_description?: unknown; detail?: unknown };
    const why = typeof data.error_description === 'string' ? data.error_description : typeof data.detail === 'string' ? data.detail : `HTTP ${err.code}`;
    return new AppError('UNAUTHENTICATED', `X refused to complete the connection (${why}): nothing was connected. Try again.`);
  }
  if (err instanceof ApiRequestError) return new AppError('UNAVAILABLE', `Cannot reach X to complete the connection (${err.message}). Check the network and try again.`);
  if (err instanceof AppError) return err;
  return new AppError('UNAVAILABLE', `X sent an unexpected answer while connecting (${err instanceof Error ? err.message : String(err)}). Try again.`);
}

/** Runs the whole connection: browser consent, redirect, code exchange, account read-back. */
export async function startXAuthorization(options: StartXAuthorizationOptions): Promise<XAuthorization> {
  const authorizeBase = checkedBase(options.authorizeBaseUrl ?? 'https://x.com', 'authorization');
  const apiBase = options.apiBaseUrl === undefined ? undefined : checkedBase(options.apiBaseUrl, 'API');
  const scopes = [...(options.scopes ?? defaultXScopes)];
  const timeoutMs = options.timeoutMs ?? defaultAuthorizationTimeoutMs;
  const httpAgent = new HttpAgent({ keepAlive: false });
  const plugins = apiBase ? [createXBaseUrlPlugin(apiBase, { httpAgent })] : [];
  const appClient = new TwitterApi({ clientId: options.clientId, ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }) }, { plugins });

  // 256 random bits, known before the listener answers anything.
  const state = randomBytes(32).toString('base64url');
  const listener = await listenForRedirect(state, timeoutMs);
  const abandon = (): void => listener.close();
  if (options.signal?.aborted) abandon();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    const link = appClient.generateOAuth2AuthLink(listener.redirectUri, { scope: scopes, state });
    // The link names x.com; the demo serves its own authorize page, so the same query goes there.
    const authorizeUrl = new URL(authorizeBase.href);
    authorizeUrl.pathname = authorizeBase.pathname.replace(/\/+$/, '') + '/i/oauth2/authorize';
    authorizeUrl.search = new URL(link.url).search;
    // RFC 7636 spells the method "S256"; twitter-api-v2 writes "s256".
    authorizeUrl.searchParams.set('code_challenge_method', 'S256');

    const opened = options.openBrowser(authorizeUrl.href).then(
      () => listener.callback,
      (err: unknown) => {
        throw new AppError('UNAVAILABLE', `Could not open the browser to connect X (${err instanceof Error ? err.message : String(err)}).`);
      },
    );
    const outcome = await Promise.race([listener.callback, opened]);
    listener.close();
    if (outcome.kind === 'denied') throw new AppError('FORBIDDEN', 'Access was refused on X: nothing was connected');
    if (outcome.kind === 'error') throw new AppError('FORBIDDEN', `X did not grant access (${outcome.error}): nothing was connected. Try again.`);

    const login = await appClient.loginWithOAuth2({ code: outcome.code, codeVerifier: link.codeVerifier, redirectUri: listener.redirectUri }).catch((err: unknown) => {
      throw exchangeFailure(err);
    });
    const me = await login.client.v2.get('users/me').catch((err: unknown) => {
      throw exchangeFailure(err);
    });
    const user = userSchema.safeParse(me);
    if (!user.success) throw new AppError('UNAVAILABLE', 'X sent the connected account in an unexpected shape: nothing was connected. Try again.');
    return {
      accessToken: login.accessToken,
      refreshToken: login.refreshToken ?? null,
      expiresAt: new Date(options.clock.now().getTime() + login.expiresIn * 1000).toISOString(),
      scopes: login.scope,
      userId: user.data.data.id,
      username: user.data.data.username,
    };
  } finally {
    options.signal?.removeEventListener('abort', abandon);
    listener.close();
    httpAgent.destroy();
  }
}
