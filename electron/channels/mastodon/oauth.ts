// Connecting a Mastodon account through the instance's consent page: OAuth 2.0 authorization code
// with PKCE (S256; Mastodon 4.3+) and the loopback redirect shared with X (../oauth-loopback.ts).
// Control Room registers its own application on the instance (POST /api/v1/apps, redirect URI =
// this run's loopback address, scopes `read write`), opens /oauth/authorize, and exchanges the code
// with its verifier (POST /oauth/token). A token granted anything but exactly `read write` is
// revoked at once and refused. Everything goes through masto.
import { MastoHttpError, createOAuthAPIClient, createRestAPIClient, type mastodon } from 'masto';
import { z } from 'zod';
import { AppError } from '../../shared/result';
import { authorizeThroughLoopback, checkedBase, pkcePair } from '../oauth-loopback';
import { accountSchema } from './schemas';

/** The only scopes Control Room asks for, and the only ones it accepts back. */
export const mastodonOAuthScopes = 'read write';
const appName = 'Control Room';

export interface StartMastodonAuthorizationOptions {
  /** e.g. https://mastodon.social (the demo: its loopback URL). */
  readonly instanceUrl: string;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly requestTimeoutMs?: number;
}

export interface MastodonAuthorization {
  readonly accessToken: string;
  /** The application registered for this connection: Lock revokes the token with them. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
  readonly accountId: string;
  readonly username: string;
}

const registeredSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });
const tokenSchema = z.object({ accessToken: z.string().min(1), scope: z.string() });

/** Masto's failures in words for the person connecting. */
function failure(err: unknown, step: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof MastoHttpError) {
    const why = (err.description ?? err.message) || `HTTP ${err.statusCode}`;
    if (err.statusCode === 404) return new AppError('BAD_INPUT', `This address does not answer like a Mastodon instance while ${step} (${why}). Check the instance address.`);
    return new AppError('UNAUTHENTICATED', `The Mastodon instance refused ${step} (${why}): nothing was connected. Try again.`);
  }
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  return new AppError('UNAVAILABLE', `Cannot reach the Mastodon instance while ${step} (${cause ?? (err instanceof Error ? err.message : String(err))}). Check the address and the network, then try again.`);
}

/** Exactly `read write`, in any order, nothing more: granular or broader grants are refused. */
export function grantedScopeProblem(scope: string): string | null {
  const granted = [...new Set(scope.split(/\s+/).filter((s) => s !== ''))].sort();
  if (granted.join(' ') === 'read write') return null;
  return `The Mastodon instance granted the scopes "${granted.join(' ') || 'none'}" instead of "read write": Control Room accepts "read write" only, so nothing was connected and the token was revoked. Ask the instance's admins why, or connect with an access token from an application with "read write" only.`;
}

/** Best effort: a token that will not be kept (the keychain refused it) must not stay valid. */
export async function revokeMastodonAuthorization(instanceUrl: string, auth: MastodonAuthorization): Promise<void> {
  const oauth = createOAuthAPIClient({ url: instanceUrl.replace(/\/+$/, ''), timeout: 15_000 });
  await oauth.revoke({ clientId: auth.clientId, clientSecret: auth.clientSecret, token: auth.accessToken }).catch(() => undefined);
}

/** Runs the whole connection: register the app, consent page, redirect, code exchange, account read-back. */
export async function startMastodonAuthorization(options: StartMastodonAuthorizationOptions): Promise<MastodonAuthorization> {
  const instance = checkedBase(options.instanceUrl, 'Mastodon', 'instance');
  const url = instance.href.replace(/\/+$/, '');
  const timeout = options.requestTimeoutMs ?? 15_000;
  const pkce = pkcePair();
  let app: z.infer<typeof registeredSchema> | null = null;
  return authorizeThroughLoopback(
    { provider: 'Mastodon', openBrowser: options.openBrowser, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }), ...(options.signal ? { signal: options.signal } : {}) },
    {
      authorizeUrl: async (redirectUri, state) => {
        const registered = await createRestAPIClient({ url, timeout })
          .v1.apps.create({ clientName: appName, redirectUris: redirectUri, scopes: mastodonOAuthScopes })
          .catch((err: unknown) => {
            throw failure(err, 'registering Control Room as an application');
          });
        const parsed = registeredSchema.safeParse(registered);
        if (!parsed.success) throw new AppError('UNAVAILABLE', 'The Mastodon instance registered Control Room without a client key and secret: nothing was connected. Check the instance address.');
        app = parsed.data;
        const consent = new URL(`${url}/oauth/authorize`);
        consent.search = new URLSearchParams({
          response_type: 'code',
          client_id: app.clientId,
          redirect_uri: redirectUri,
          scope: mastodonOAuthScopes,
          state,
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
        }).toString();
        return consent.href;
      },
      exchange: async (code, redirectUri) => {
        if (app === null) throw new AppError('UNAVAILABLE', 'The Mastodon connection lost its application registration: try again.');
        const { clientId, clientSecret } = app;
        const oauth = createOAuthAPIClient({ url, timeout });
        // masto's parameter type predates PKCE (Mastodon 4.3): code_verifier travels as one more
        // field, serialised like the others.
        const params: mastodon.oauth.CreateTokenWithAuthorizationCodeParams & { readonly codeVerifier: string } = {
          grantType: 'authorization_code',
          clientId,
          clientSecret,
          redirectUri,
          code,
          scope: mastodonOAuthScopes,
          codeVerifier: pkce.verifier,
        };
        const token = tokenSchema.safeParse(
          await oauth.token.create(params).catch((err: unknown) => {
            throw failure(err, 'completing the connection');
          }),
        );
        if (!token.success) throw new AppError('UNAVAILABLE', 'The Mastodon instance sent its token in an unexpected shape: nothing was connected. Try again.');
        const problem = grantedScopeProblem(token.data.scope);
        if (problem) {
          // Never keep a token broader than asked for: revoke it before saying no.
          await oauth.revoke({ clientId, clientSecret, token: token.data.accessToken }).catch(() => undefined);
          throw new AppError('FORBIDDEN', problem);
        }
        const me = accountSchema.safeParse(
          await createRestAPIClient({ url, accessToken: token.data.accessToken, timeout })
            .v1.accounts.verifyCredentials()
            .catch((err: unknown) => {
              throw failure(err, 'reading the connected account');
            }),
        );
        if (!me.success) throw new AppError('UNAVAILABLE', 'The Mastodon instance sent the connected account in an unexpected shape: nothing was connected. Try again.');
        return { accessToken: token.data.accessToken, clientId, clientSecret, scopes: token.data.scope.split(/\s+/), accountId: me.data.id, username: me.data.username };
      },
    },
  );
}
