// OAuth 2.0 authorization codes of the demo X server (RFC 6749 4.1 with PKCE, RFC 7636): single
// use, 30 seconds on the injected clock, bound to the client, the redirect URI and the S256
// challenge. And the token registry that turns a redeemed code into a grant the API routes accept,
// next to the grants the server starts with (refresh rotation and revocation work the same way).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import { newOAuth2TokenPair, type DemoXAccount, type DemoXIntegration, type DemoXPrincipal } from './credentials';
import { DemoXTokenRegistry, type RefreshedTokens } from './token-registry';

/** X: "This code will only be valid for 30 seconds." */
export const authorizationCodeLifetimeMs = 30_000;
/** Redeemed codes are remembered this long, so a replay can still be caught and punished. */
const redeemedMemoryMs = 10 * 60_000;
/** What X tells clients an access token lasts (two hours). */
const advertisedAccessTokenSeconds = 7200;

export interface AuthorizationRequestGrant {
  clientId: string;
  redirectUri: string;
  /** base64url(SHA-256(code_verifier)), 43 characters. */
  codeChallenge: string;
  scope: string;
  userId: string;
}

interface StoredCode extends AuthorizationRequestGrant {
  issuedAtMs: number;
  redeemed: boolean;
  /** Tokens issued from this code, revoked if the code is ever presented again. */
  issuedTokens: string[];
}

export type CodeRedemption =
  | { ok: true; grant: AuthorizationRequestGrant; recordTokens: (tokens: readonly string[]) => void }
  | { ok: false; reason: 'invalid-code' | 'redirect-mismatch' | 'verifier-mismatch' };

/** RFC 7636 4.1: 43 to 128 unreserved characters. */
const codeVerifierPattern = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256Challenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class DemoXAuthorizationCodes {
  private readonly codes = new Map<string, StoredCode>();

  constructor(
    private readonly clock: Clock,
    /** Called with the tokens of a code that was presented twice (RFC 6749 4.1.2). */
    private readonly revokeTokens: (tokens: readonly string[]) => void,
  ) {}

  issue(grant: AuthorizationRequestGrant): string {
    const now = this.clock.now().getTime();
    // Forget old codes as new ones come, so a long-running demo does not grow without bound.
    for (const [code, stored] of this.codes) if (now - stored.issuedAtMs > redeemedMemoryMs) this.codes.delete(code);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, issuedAtMs: now, redeemed: false, issuedTokens: [] });
    return code;
  }

  redeem(clientId: string, code: string, redirectUri: string, codeVerifier: string): CodeRedemption {
    const stored = this.codes.get(code);
    // A code only ever works for the client it was issued to.
    if (!stored || stored.clientId !== clientId) return { ok: false, reason: 'invalid-code' };
    if (stored.redeemed) {
      // A second use means the code leaked: the tokens it bought are revoked too (RFC 6749 4.1.2).
      this.revokeTokens(stored.issuedTokens);
      return { ok: false, reason: 'invalid-code' };
    }
    // Burnt by any attempt, failed or not: whoever holds a stolen code gets one guess at the verifier.
    stored.redeemed = true;
    if (this.clock.now().getTime() >= stored.issuedAtMs + authorizationCodeLifetimeMs) return { ok: false, reason: 'invalid-code' };
    // RFC 6749 4.1.3: the exchange must name the very redirect URI the code was sent to.
    if (stored.redirectUri !== redirectUri) return { ok: false, reason: 'redirect-mismatch' };
    // PKCE: only the app that started the flow knows the verifier behind the challenge.
    if (!codeVerifierPattern.test(codeVerifier) || !secretsEqual(s256Challenge(codeVerifier), stored.codeChallenge)) {
      return { ok: false, reason: 'verifier-mismatch' };
    }
    const { issuedAtMs: _at, redeemed: _r, issuedTokens: _t, ...grant } = stored;
    return { ok: true, grant, recordTokens: (tokens) => stored.issuedTokens.push(...tokens) };
  }
}

export interface IssuedTokens {
  accessToken: string;
  /** Only with the offline.access scope, as on X. */
  refreshToken: string | null;
  expiresInSeconds: number;
  scope: string;
}

interface IssuedGrant {
  userId: string;
  clientId: string;
  appName: string;
  scope: string;
  accessToken: string;
  refreshToken: string | null;
  issuedAtMs: number;
  revoked: boolean;
}

/**
 * The server's token registry, plus grants issued through the authorization code flow. Kept as a
 * subclass so the start-up grants stay exactly as they were; lookups try both.
 */
export class DemoXIssuingTokenRegistry extends DemoXTokenRegistry {
  private readonly issuedByAccess = new Map<string, IssuedGrant>();
  private readonly issuedByRefresh = new Map<string, IssuedGrant>();
  private readonly appNames = new Map<string, string>();

  constructor(
    accounts: readonly DemoXAccount[],
    private readonly issueClock: Clock,
    private readonly issuedTtlMs?: number,
  ) {
    super(accounts, issueClock, issuedTtlMs);
    for (const { credentials } of accounts) this.appNames.set(credentials.bureau.oauth2.clientId, credentials.bureau.appName);
  }

  /** The app name a consent page shows for a client id; undefined for unknown clients. */
  appName(clientId: string): string | undefined {
    return this.appNames.get(clientId);
  }

  issue(clientId: string, userId: string, scope: string): IssuedTokens {
    const pair = newOAuth2TokenPair();
    const refreshToken = scope.split(' ').includes('offline.access') ? pair.refreshToken : null;
    this.addIssued({
      userId,
      clientId,
      appName: this.appNames.get(clientId) ?? 'Unknown app',
      scope,
      accessToken: pair.accessToken,
      refreshToken,
      issuedAtMs: this.issueClock.now().getTime(),
      revoked: false,
    });
    return { accessToken: pair.accessToken, refreshToken, expiresInSeconds: this.expiresInSeconds(), scope };
  }

  /** Ends the grants these tokens belong to (a replayed authorization code). */
  revokeIssued(tokens: readonly string[]): void {
    for (const token of tokens) {
      const grant = this.issuedByAccess.get(token) ?? this.issuedByRefresh.get(token);
      if (grant) grant.revoked = true;
    }
  }

  override principalForBearer(token: string): DemoXPrincipal | undefined {
    const base = super.principalForBearer(token);
    if (base) return base;
    const grant = this.issuedByAccess.get(token);
    if (!grant || grant.revoked || this.isIssuedExpired(grant)) return undefined;
    return { userId: grant.userId, integration: 'bureau', appName: grant.appName, method: 'oauth2' };
  }

  override refresh(clientId: string, refreshToken: string): (RefreshedTokens & { scope?: string }) | undefined {
    const grant = this.issuedByRefresh.get(refreshToken);
    if (!grant) return super.refresh(clientId, refreshToken);
    if (grant.revoked || grant.clientId !== clientId) return undefined;
    // Rotation, as for the start-up grants: the old pair dies as the new one is issued.
    grant.revoked = true;
    const pair = newOAuth2TokenPair();
    this.addIssued({ ...grant, ...pair, issuedAtMs: this.issueClock.now().getTime(), revoked: false });
    return { ...pair, expiresInSeconds: this.expiresInSeconds(), scope: grant.scope };
  }

  override revokeOAuth2Token(clientId: string, token: string): void {
    super.revokeOAuth2Token(clientId, token);
    const grant = this.issuedByAccess.get(token) ?? this.issuedByRefresh.get(token);
    if (grant && grant.clientId === clientId) grant.revoked = true;
  }

  override revokeIntegration(userId: string, integration: DemoXIntegration): void {
    super.revokeIntegration(userId, integration);
    if (integration !== 'bureau') return;
    for (const grant of this.issuedByAccess.values()) if (grant.userId === userId) grant.revoked = true;
  }

  private expiresInSeconds(): number {
    return this.issuedTtlMs === undefined ? advertisedAccessTokenSeconds : Math.floor(this.issuedTtlMs / 1000);
  }

  private isIssuedExpired(grant: IssuedGrant): boolean {
    return this.issuedTtlMs !== undefined && this.issueClock.now().getTime() >= grant.issuedAtMs + this.issuedTtlMs;
  }

  private addIssued(grant: IssuedGrant): void {
    this.issuedByAccess.set(grant.accessToken, grant);
    if (grant.refreshToken !== null) this.issuedByRefresh.set(grant.refreshToken, grant);
  }
}
