// Connecting an X account: OAuth 2.0 authorization code + PKCE (S256) with a loopback redirect
// (RFC 8252, the listener in ../oauth-loopback.ts, shared with Mastodon); the code is exchanged through twitter-api-v2 (with the base-url plugin for the demo), and the
// account is read back with the new token. Failures are AppErrors whose message says what to do.
import { Agent as HttpAgent } from 'node:http';
import { ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../shared/result';
import { authorizeThroughLoopback, checkedBase } from '../oauth-loopback';
import { createXBaseUrlPlugin } from './base-url-plugin';
import { userSchema } from './schemas';

/** media.write: X's v2 media upload refuses an OAuth 2.0 token without it (statements with images). */
export const defaultXScopes: readonly string[] = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];
export { defaultAuthorizationTimeoutMs } from '../oauth-loopback';

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
  const authorizeBase = checkedBase(options.authorizeBaseUrl ?? 'https://x.com', 'X', 'authorization');
  const apiBase = options.apiBaseUrl === undefined ? undefined : checkedBase(options.apiBaseUrl, 'X', 'API');
  const scopes = [...(options.scopes ?? defaultXScopes)];
  const httpAgent = new HttpAgent({ keepAlive: false });
  const plugins = apiBase ? [createXBaseUrlPlugin(apiBase, { httpAgent })] : [];
  const appClient = new TwitterApi({ clientId: options.clientId, ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }) }, { plugins });
  let codeVerifier = '';
  try {
    return await authorizeThroughLoopback(
      { provider: 'X', openBrowser: options.openBrowser, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }), ...(options.signal ? { signal: options.signal } : {}) },
      {
        authorizeUrl: async (redirectUri, state) => {
          const link = appClient.generateOAuth2AuthLink(redirectUri, { scope: scopes, state });
          codeVerifier = link.codeVerifier;
          // The link names x.com; the demo serves its own authorize page, so the same query goes there.
          const authorizeUrl = new URL(authorizeBase.href);
          authorizeUrl.pathname = authorizeBase.pathname.replace(/\/+$/, '') + '/i/oauth2/authorize';
          authorizeUrl.search = new URL(link.url).search;
          // RFC 7636 spells the method "S256"; twitter-api-v2 writes "s256".
          authorizeUrl.searchParams.set('code_challenge_method', 'S256');
          return authorizeUrl.href;
        },
        exchange: async (code, redirectUri) => {
          const login = await appClient.loginWithOAuth2({ code, codeVerifier, redirectUri }).catch((err: unknown) => {
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
        },
      },
    );
  } finally {
    httpAgent.destroy();
  }
}
