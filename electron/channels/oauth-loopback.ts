// The OAuth 2.0 authorization-code flow with a loopback redirect (RFC 8252), for every channel that
// connects through a consent page (X, Mastodon): a one-shot listener on 127.0.0.1 catches the
// browser's redirect, the state is checked (CSRF), and the provider's own steps build the consent
// URL and exchange the code. Failures are AppErrors whose message names the provider and says what
// to do. PKCE (RFC 7636, S256) pairs for providers whose client library does not make them.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../shared/result';

export const defaultAuthorizationTimeoutMs = 5 * 60_000;
const callbackPath = '/callback';

export interface LoopbackConsentOptions {
  /** Named in every message: "X", "Mastodon". */
  readonly provider: string;
  /** The desktop app passes shell.openExternal; tests follow the URL with fetch. */
  readonly openBrowser: (url: string) => Promise<void>;
  readonly timeoutMs?: number;
  /** Aborting (the app shutting down) abandons the wait and closes the loopback listener. */
  readonly signal?: AbortSignal;
}

export interface LoopbackConsentSteps<T> {
  /** Everything before the browser opens (registering the app, making the PKCE pair): the consent page's URL. */
  authorizeUrl(redirectUri: string, state: string): Promise<string>;
  /** The code came back with our state: exchange it (and read the account back). */
  exchange(code: string, redirectUri: string): Promise<T>;
}

type Callback = { kind: 'code'; code: string } | { kind: 'denied' } | { kind: 'error'; error: string };

export interface PkcePair {
  /** 256 random bits, base64url: 43 characters. */
  readonly verifier: string;
  /** base64url(SHA-256(verifier)). */
  readonly challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

/** https anywhere; plain http only to this machine, where nothing on the wire can read codes or tokens. */
export function checkedBase(value: string, provider: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('BAD_INPUT', `The ${provider} ${what} address is not a URL: ${value}`);
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new AppError('BAD_INPUT', `The ${provider} ${what} address must use https (plain http only on this machine): ${value}`);
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

type Outcome = { ok: true; value: Callback } | { ok: false; error: AppError };

/** Listens on 127.0.0.1 only (never 0.0.0.0: no other machine may answer), port chosen by the OS. */
async function listenForRedirect(provider: string, expectedState: string, timeoutMs: number): Promise<LoopbackListener> {
  let settle: (outcome: Outcome) => void = () => undefined;
  const callback = new Promise<Callback>((resolve, reject) => {
    settle = (outcome) => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
  });
  // Whoever awaits it sees the failure; a flow that failed before awaiting must not crash the process.
  callback.catch(() => undefined);
  let done = false;
  const finish = (outcome: Outcome): void => {
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
      return finish({ ok: false, error: new AppError('FORBIDDEN', `${provider} sent back an answer Control Room did not ask for (state mismatch): nothing was connected. Try again.`) });
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error === 'access_denied') {
      browserPage(res, 200, 'Not connected', 'Access was refused. You can close this window.');
      return finish({ ok: true, value: { kind: 'denied' } });
    }
    if (error !== null || code === null || code === '') {
      browserPage(res, 400, 'Not connected', `${provider} did not grant access. You can close this window and try again from Control Room.`);
      return finish({ ok: true, value: { kind: 'error', error: error ?? 'no code' } });
    }
    browserPage(res, 200, 'Connected', `Control Room has its answer from ${provider}. You can close this window.`);
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
    () => finish({ ok: false, error: new AppError('UNAVAILABLE', `${provider} did not confirm the connection within ${describeDuration(timeoutMs)}: try again`) }),
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
      finish({ ok: false, error: new AppError('UNAVAILABLE', `The ${provider} connection was abandoned: try again`) });
      // Let the last page reach the browser, then drop every socket: the listener is one-shot.
      server.close();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
    },
  };
}

/** Runs the whole consent: listener, consent page in the browser, redirect with our state, exchange. */
export async function authorizeThroughLoopback<T>(options: LoopbackConsentOptions, steps: LoopbackConsentSteps<T>): Promise<T> {
  const { provider } = options;
  // 256 random bits, known before the listener answers anything.
  const state = randomBytes(32).toString('base64url');
  const listener = await listenForRedirect(provider, state, options.timeoutMs ?? defaultAuthorizationTimeoutMs);
  const abandon = (): void => listener.close();
  if (options.signal?.aborted) abandon();
  options.signal?.addEventListener('abort', abandon, { once: true });
  try {
    // Registering the app (Mastodon) may take a while: an abandoned or timed-out wait wins the race.
    const url = await Promise.race([steps.authorizeUrl(listener.redirectUri, state), listener.callback.then(() => null)]);
    if (url === null) throw new AppError('FORBIDDEN', `${provider} answered before Control Room opened its consent page: nothing was connected. Try again.`);
    const opened = options.openBrowser(url).then(
      () => listener.callback,
      (err: unknown) => {
        throw new AppError('UNAVAILABLE', `Could not open the browser to connect ${provider} (${err instanceof Error ? err.message : String(err)}).`);
      },
    );
    const outcome = await Promise.race([listener.callback, opened]);
    listener.close();
    if (outcome.kind === 'denied') throw new AppError('FORBIDDEN', `Access was refused on ${provider}: nothing was connected`);
    if (outcome.kind === 'error') throw new AppError('FORBIDDEN', `${provider} did not grant access (${outcome.error}): nothing was connected. Try again.`);
    return await steps.exchange(outcome.code, listener.redirectUri);
  } finally {
    options.signal?.removeEventListener('abort', abandon);
    listener.close();
  }
}
