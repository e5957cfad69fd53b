// Demo PDS sessions: HS256 JWTs shaped like the reference PDS's legacy sessions (scope
// com.atproto.access for the main password, com.atproto.appPass for an app password), refresh
// tokens tied to the app password that issued them, and revocation that kills refresh tokens
// while access tokens already issued keep working until they expire, as on the real PDS.
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../../lib/clock';

export const scopes = { access: 'com.atproto.access', appPass: 'com.atproto.appPass', refresh: 'com.atproto.refresh' } as const;

interface Grant {
  readonly did: string;
  readonly scope: string;
  /** The app password that opened the session (null: the main password). */
  readonly appPasswordName: string | null;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface DemoTokens {
  issue(grant: Grant): { accessJwt: string; refreshJwt: string };
  /** The grant behind a live access token, or why not. */
  access(jwt: string): Grant | 'expired' | 'invalid';
  /** Rotates a refresh token (it is single-use), or null if revoked or unknown. */
  refresh(jwt: string): { grant: Grant; accessJwt: string; refreshJwt: string } | null;
  endSession(refreshJwt: string): boolean;
  revokeAppPassword(did: string, name: string): void;
  /** Tests: every access token issued so far expires now (as two hours later would). */
  expireAccessTokens(): void;
}

export function createDemoTokens(clock: Clock, accessTtlMs = 2 * 60 * 60_000): DemoTokens {
  const secret = randomBytes(32);
  const accessTokens = new Map<string, Grant & { expiresAt: number }>();
  const refreshTokens = new Map<string, Grant>();
  const sign = (claims: Record<string, unknown>): string => {
    const head = `${b64({ typ: 'at+jwt', alg: 'HS256' })}.${b64(claims)}`;
    return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
  };
  const issue = (grant: Grant): { accessJwt: string; refreshJwt: string } => {
    const now = clock.now().getTime();
    const jti = randomBytes(12).toString('base64url');
    const accessJwt = sign({ scope: grant.scope, sub: grant.did, aud: 'did:web:demo-pds', iat: Math.floor(now / 1000), exp: Math.floor((now + accessTtlMs) / 1000), jti: `a-${jti}` });
    const refreshJwt = sign({ scope: scopes.refresh, sub: grant.did, aud: 'did:web:demo-pds', iat: Math.floor(now / 1000), jti });
    accessTokens.set(accessJwt, { ...grant, expiresAt: now + accessTtlMs });
    refreshTokens.set(refreshJwt, grant);
    return { accessJwt, refreshJwt };
  };
  return {
    issue,
    access(jwt) {
      const t = accessTokens.get(jwt);
      if (!t) return 'invalid';
      if (t.expiresAt <= clock.now().getTime()) return 'expired';
      return { did: t.did, scope: t.scope, appPasswordName: t.appPasswordName };
    },
    refresh(jwt) {
      const grant = refreshTokens.get(jwt);
      if (!grant) return null;
      refreshTokens.delete(jwt);
      return { grant, ...issue(grant) };
    },
    endSession: (jwt) => refreshTokens.delete(jwt),
    revokeAppPassword(did, name) {
      for (const [jwt, g] of refreshTokens) if (g.did === did && g.appPasswordName === name) refreshTokens.delete(jwt);
    },
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expiresAt = 0;
    },
  };
}
