// The demo X accounts and every credential that can act for them: the bureau's own integration
// (OAuth 2.0 user token + refresh token, and OAuth 1.0a keys) and the "compromised integration",
// a third-party publishing tool holding OAuth 1.0a user tokens for the same account, as the
// newsroom tool did in the 2019 incident. Secrets are random per server unless passed in.
import { randomBytes } from 'node:crypto';

/** Which integration made a call: the bureau's own app, or the third-party tool an attacker holds. */
export type DemoXIntegration = 'bureau' | 'compromised';

/** Named as twitter-api-v2's `TwitterApiTokens`, so they can be passed to `new TwitterApi(...)` as they are. */
export interface DemoXOAuth1Credentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface DemoXOAuth2Credentials {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
}

export interface DemoXBureauCredentials {
  appName: string;
  oauth2: DemoXOAuth2Credentials;
  oauth1: DemoXOAuth1Credentials;
}

export interface DemoXCompromisedCredentials {
  appName: string;
  oauth1: DemoXOAuth1Credentials;
}

export interface DemoXCredentials {
  bureau: DemoXBureauCredentials;
  compromised: DemoXCompromisedCredentials;
}

export interface DemoXUser {
  id: string;
  username: string;
  name: string;
  description: string;
  location: string;
  url: string;
  profileImageUrl: string;
  /** ISO 8601, when the account was created. */
  createdAt: string;
  protected: boolean;
  verified: boolean;
}

export interface DemoXAccount {
  user: DemoXUser;
  /** As issued at start; a refresh rotates the OAuth 2.0 pair and the new one is only in the token answer. */
  credentials: DemoXCredentials;
}

export interface DemoXAccountOptions {
  user?: Partial<DemoXUser>;
  credentials?: {
    bureau?: { appName?: string; oauth2?: Partial<DemoXOAuth2Credentials>; oauth1?: Partial<DemoXOAuth1Credentials> };
    compromised?: { appName?: string; oauth1?: Partial<DemoXOAuth1Credentials> };
  };
}

/** Who a request acts as, once its credential checks out. */
export interface DemoXPrincipal {
  userId: string;
  integration: DemoXIntegration;
  appName: string;
  method: 'oauth2' | 'oauth1';
}

const firstUserId = 1500000000000000001n;

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Alphanumeric, like X's consumer keys and secrets. */
function randomAlnum(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length] ?? 'A';
  return out;
}

function defaultUser(index: number): DemoXUser {
  const suffix = index === 0 ? '' : `_${index + 1}`;
  return {
    id: (firstUserId + BigInt(index)).toString(),
    username: `demo_newsroom${suffix}`,
    name: index === 0 ? 'Demo Newsroom Police' : `Demo Newsroom ${index + 1}`,
    description: 'Official news from the Demo Newsroom Police press bureau. Not monitored 24/7.',
    location: 'London',
    url: 'https://news.demo-newsroom.test',
    profileImageUrl: 'https://pbs.twimg.test/profile_images/demo_newsroom_normal.png',
    createdAt: '2009-03-18T09:00:00.000Z',
    protected: false,
    verified: true,
  };
}

function oauth1For(userId: string, given: Partial<DemoXOAuth1Credentials> | undefined): DemoXOAuth1Credentials {
  return {
    appKey: given?.appKey ?? randomAlnum(25),
    appSecret: given?.appSecret ?? randomAlnum(50),
    // X access tokens start with the user id they act for.
    accessToken: given?.accessToken ?? `${userId}-${randomAlnum(40)}`,
    accessSecret: given?.accessSecret ?? randomAlnum(45),
  };
}

export function createDemoXAccounts(options: readonly DemoXAccountOptions[] | undefined): DemoXAccount[] {
  const list = options && options.length > 0 ? options : [{}];
  const accounts = list.map((opts, index): DemoXAccount => {
    const user: DemoXUser = { ...defaultUser(index), ...opts.user };
    const bureau = opts.credentials?.bureau;
    const compromised = opts.credentials?.compromised;
    return {
      user,
      credentials: {
        bureau: {
          appName: bureau?.appName ?? 'Control Room',
          oauth2: {
            clientId: bureau?.oauth2?.clientId ?? randomToken(24),
            clientSecret: bureau?.oauth2?.clientSecret ?? randomToken(36),
            accessToken: bureau?.oauth2?.accessToken ?? randomToken(48),
            refreshToken: bureau?.oauth2?.refreshToken ?? randomToken(48),
          },
          oauth1: oauth1For(user.id, bureau?.oauth1),
        },
        compromised: {
          appName: compromised?.appName ?? 'Newswire Publisher',
          oauth1: oauth1For(user.id, compromised?.oauth1),
        },
      },
    };
  });
  const ids = new Set(accounts.map((a) => a.user.id));
  if (ids.size !== accounts.length) throw new Error('Demo X accounts need distinct user ids');
  return accounts;
}

/** Issues a fresh OAuth 2.0 token pair (refresh rotation). */
export function newOAuth2TokenPair(): { accessToken: string; refreshToken: string } {
  return { accessToken: randomToken(48), refreshToken: randomToken(48) };
}
