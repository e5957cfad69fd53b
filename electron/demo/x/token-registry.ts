// Which tokens are live right now, and whom they act for: OAuth 2.0 grants (access + refresh,
// rotated on refresh, ended on revoke, optionally expiring on the injected clock) and OAuth 1.0a
// user tokens (ended when the account owner disconnects the app).
import type { Clock } from '../../lib/clock';
import { newOAuth2TokenPair, type DemoXAccount, type DemoXIntegration, type DemoXPrincipal } from './credentials';

interface OAuth2Grant {
  userId: string;
  clientId: string;
  appName: string;
  accessToken: string;
  refreshToken: string;
  issuedAtMs: number;
  revoked: boolean;
}

interface OAuth1Token {
  userId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenSecret: string;
  integration: DemoXIntegration;
  appName: string;
  revoked: boolean;
}

export interface OAuth1Secrets {
  principal: DemoXPrincipal;
  consumerSecret: string;
  tokenSecret: string;
}

export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** What X tells clients an access token lasts (two hours). */
const advertisedAccessTokenSeconds = 7200;

export class DemoXTokenRegistry {
  private readonly grantsByAccess = new Map<string, OAuth2Grant>();
  private readonly grantsByRefresh = new Map<string, OAuth2Grant>();
  private readonly oauth1ByToken = new Map<string, OAuth1Token>();
  private readonly clientSecrets = new Map<string, string>();

  constructor(
    accounts: readonly DemoXAccount[],
    private readonly clock: Clock,
    /** Enforced only when set: a demo left running for hours should not need a refresh by surprise. */
    private readonly accessTokenTtlMs?: number,
  ) {
    for (const { user, credentials } of accounts) {
      const { oauth2, oauth1, appName } = credentials.bureau;
      const knownSecret = this.clientSecrets.get(oauth2.clientId);
      if (knownSecret !== undefined && knownSecret !== oauth2.clientSecret) throw new Error('One OAuth 2.0 client id, two secrets');
      this.clientSecrets.set(oauth2.clientId, oauth2.clientSecret);
      this.addGrant({
        userId: user.id,
        clientId: oauth2.clientId,
        appName,
        accessToken: oauth2.accessToken,
        refreshToken: oauth2.refreshToken,
        issuedAtMs: clock.now().getTime(),
        revoked: false,
      });
      this.addOAuth1(user.id, 'bureau', appName, oauth1);
      const c = credentials.compromised;
      this.addOAuth1(user.id, 'compromised', c.appName, c.oauth1);
    }
  }

  principalForBearer(token: string): DemoXPrincipal | undefined {
    const grant = this.grantsByAccess.get(token);
    if (!grant || grant.revoked || this.isExpired(grant)) return undefined;
    return { userId: grant.userId, integration: 'bureau', appName: grant.appName, method: 'oauth2' };
  }

  /** The secrets to check an OAuth 1.0a signature with; undefined for unknown or revoked tokens. */
  oauth1Secrets(consumerKey: string, accessToken: string): OAuth1Secrets | undefined {
    const token = this.oauth1ByToken.get(accessToken);
    if (!token || token.revoked || token.consumerKey !== consumerKey) return undefined;
    return {
      principal: { userId: token.userId, integration: token.integration, appName: token.appName, method: 'oauth1' },
      consumerSecret: token.consumerSecret,
      tokenSecret: token.tokenSecret,
    };
  }

  clientSecret(clientId: string): string | undefined {
    return this.clientSecrets.get(clientId);
  }

  /**
   * RFC 7009: revoking either token of a grant ends the whole grant, which is what a Lock
   * runbook wants; a token of another client, or an unknown one, is silently ignored.
   */
  revokeOAuth2Token(clientId: string, token: string): void {
    const grant = this.grantsByAccess.get(token) ?? this.grantsByRefresh.get(token);
    if (grant && grant.clientId === clientId) grant.revoked = true;
  }

  /** Refresh-token rotation: the old pair stops working the moment the new one is issued. */
  refresh(clientId: string, refreshToken: string): RefreshedTokens | undefined {
    const grant = this.grantsByRefresh.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== clientId) return undefined;
    grant.revoked = true;
    const pair = newOAuth2TokenPair();
    this.addGrant({ ...grant, ...pair, issuedAtMs: this.clock.now().getTime(), revoked: false });
    const ttl = this.accessTokenTtlMs;
    return { ...pair, expiresInSeconds: ttl === undefined ? advertisedAccessTokenSeconds : Math.floor(ttl / 1000) };
  }

  /** The account owner disconnects an app in X's settings: every token of that integration dies. */
  revokeIntegration(userId: string, integration: DemoXIntegration): void {
    for (const token of this.oauth1ByToken.values()) {
      if (token.userId === userId && token.integration === integration) token.revoked = true;
    }
    if (integration !== 'bureau') return;
    for (const grant of this.grantsByAccess.values()) {
      if (grant.userId === userId) grant.revoked = true;
    }
  }

  private isExpired(grant: OAuth2Grant): boolean {
    return this.accessTokenTtlMs !== undefined && this.clock.now().getTime() >= grant.issuedAtMs + this.accessTokenTtlMs;
  }

  private addGrant(grant: OAuth2Grant): void {
    this.grantsByAccess.set(grant.accessToken, grant);
    this.grantsByRefresh.set(grant.refreshToken, grant);
  }

  private addOAuth1(
    userId: string,
    integration: DemoXIntegration,
    appName: string,
    keys: { appKey: string; appSecret: string; accessToken: string; accessSecret: string },
  ): void {
    if (this.oauth1ByToken.has(keys.accessToken)) throw new Error('Two demo X integrations share an OAuth 1.0a access token');
    this.oauth1ByToken.set(keys.accessToken, {
      userId,
      consumerKey: keys.appKey,
      consumerSecret: keys.appSecret,
      tokenSecret: keys.accessSecret,
      integration,
      appName,
      revoked: false,
    });
  }
}
