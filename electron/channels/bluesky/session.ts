// The Bluesky login: handle + app password through createSession. A session made with the main
// account password is refused (and ended at once): its access token carries the scope
// com.atproto.access, an app password's carries com.atproto.appPass (or ...appPassPrivileged).
import { AtpAgent } from '@atproto/api';
import { ChannelError } from '../types';
import { toChannelError } from './errors';
import { accessClaimsSchema } from './schemas';

export const defaultPdsUrl = 'https://bsky.social';

/** The scope claim of a legacy access JWT, or null when it is not readable as one. */
export function accessScope(accessJwt: string): string | null {
  const payload = accessJwt.split('.')[1];
  if (!payload) return null;
  try {
    const claims = accessClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claims.success ? claims.data.scope : null;
  } catch {
    return null;
  }
}

export const mainPasswordRefusal =
  'This is the account\u2019s main password. Control Room only accepts an app password: create one at bsky.app \u2192 Settings \u2192 Privacy and security \u2192 App passwords, and paste that instead.';

/** Every request gets a deadline: a PDS that never answers must not hold a read or a post forever. */
function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}

export interface BlueskySession {
  readonly agent: AtpAgent;
  readonly did: string;
  readonly handle: string;
  /** True once a refresh failed: the app password was revoked or the session ended. */
  expired(): boolean;
}

export async function loginWithAppPassword(pdsUrl: string, identifier: string, appPassword: string, timeoutMs: number): Promise<BlueskySession> {
  let expired = false;
  const agent = new AtpAgent({
    service: pdsUrl,
    fetch: timedFetch(timeoutMs),
    persistSession: (event) => {
      if (event === 'expired') expired = true;
    },
  });
  const res = await agent.login({ identifier, password: appPassword }).catch((err: unknown) => {
    throw toChannelError(err, 'login');
  });
  const scope = accessScope(res.data.accessJwt);
  if (scope === null || !scope.startsWith('com.atproto.appPass')) {
    // Ending the session keeps the main password's tokens from lingering anywhere.
    await agent.logout().catch(() => undefined);
    throw new ChannelError({ kind: 'REJECTED', message: scope === null ? 'Bluesky answered with a session Control Room cannot check for app-password scope; use an app password on a standard PDS.' : mainPasswordRefusal });
  }
  return { agent, did: res.data.did, handle: res.data.handle, expired: () => expired };
}
