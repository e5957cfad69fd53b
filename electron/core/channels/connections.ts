// Real channels: what is typed to connect one becomes non-secret settings (SQLite) and secrets
// (the OS keychain, one entry each), an adapter, and a connection test that reads through it.
// Nothing is saved half-way: secrets that were written are removed again if a later step fails.
import { createBlueskyAdapter } from '../../channels/bluesky/adapter';
import { createEmailAdapter } from '../../channels/email/adapter';
import { createMastodonAdapter } from '../../channels/mastodon/adapter';
import { createRssAdapter } from '../../channels/rss/adapter';
import { ChannelError, type ChannelAdapter, type ChannelKind } from '../../channels/types';
import { createWordPressAdapter } from '../../channels/wordpress/adapter';
import { createXAdapter } from '../../channels/x/adapter';
import type { ConnectChannelInput, ConnectionTest } from '../../shared/contract-channels';
import { assertNever } from '../../shared/result';
import type { Vault } from '../../vault/vault';
import { channelSecretRef } from '../../vault/secret-ref';
import type { Clock } from '../../lib/clock';

export type ChannelSecrets = Record<string, string>;

export interface SplitChannel {
  readonly kind: ChannelKind;
  readonly name: string;
  /** Safe to store in SQLite and show on screen. */
  readonly config: Record<string, unknown>;
  readonly secrets: ChannelSecrets;
}

/**
 * An OAuth application's key and secret as this desk keeps them. The key is not secret, but in team
 * mode each desk may have registered its own application (Mastodon's sign-in does): the channel's
 * shared settings hold the first desk's key, so each desk keeps its own beside its secret and uses it
 * to refresh and revoke.
 */
function clientKeys(clientId: string | null | undefined, clientSecret: string | null | undefined): ChannelSecrets {
  return { ...(clientId ? { 'client-id': clientId } : {}), ...(clientSecret ? { 'client-secret': clientSecret } : {}) };
}

/** This desk's application key: its own (kept with its secrets), else the channel's (connected before desks kept their own). */
const clientIdOf = (config: Record<string, unknown>, secrets: ChannelSecrets): string | null => secrets['client-id'] ?? (typeof config['clientId'] === 'string' ? config['clientId'] : null);

export function splitSecrets(input: ConnectChannelInput): SplitChannel {
  switch (input.kind) {
    case 'x': {
      const base = input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {};
      if (input.auth.type === 'oauth1') {
        const { appKey, appSecret, accessToken, accessSecret } = input.auth;
        return { kind: 'x', name: input.name, config: { ...base, auth: 'oauth1' }, secrets: { 'app-key': appKey, 'app-secret': appSecret, 'access-token': accessToken, 'access-secret': accessSecret } };
      }
      const { accessToken, refreshToken, clientId, clientSecret } = input.auth;
      return {
        kind: 'x',
        name: input.name,
        config: { ...base, auth: 'oauth2', ...(clientId ? { clientId } : {}) },
        secrets: { 'access-token': accessToken, ...(refreshToken ? { 'refresh-token': refreshToken } : {}), ...clientKeys(clientId, clientSecret) },
      };
    }
    case 'wordpress':
      return {
        kind: 'wordpress',
        name: input.name,
        config: { siteUrl: input.siteUrl, username: input.username, integrationUserIds: input.integrationUserIds ?? [] },
        secrets: { 'application-password': input.applicationPassword },
      };
    case 'email': {
      const { password: smtpPassword, ...smtp } = input.smtp;
      const { password: canaryPassword, ...canary } = input.canary;
      const { listAddress, unsubscribeMailto, unsubscribeUrl } = input;
      const list = { ...(listAddress ? { listAddress } : {}), ...(unsubscribeMailto ? { unsubscribeMailto } : {}), ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
      return { kind: 'email', name: input.name, config: { smtp, canary, from: input.from, to: input.to, ...list }, secrets: { 'smtp-password': smtpPassword, 'canary-password': canaryPassword } };
    }
    case 'rss':
      return { kind: 'rss', name: input.name, config: { url: input.url }, secrets: {} };
    case 'mastodon':
      return {
        kind: 'mastodon',
        name: input.name,
        config: { instanceUrl: input.instanceUrl, ...(input.clientId ? { clientId: input.clientId } : {}) },
        secrets: { 'access-token': input.accessToken, ...clientKeys(input.clientId, input.clientSecret) },
      };
    case 'bluesky':
      return { kind: 'bluesky', name: input.name, config: { handle: input.handle, ...(input.pdsUrl ? { pdsUrl: input.pdsUrl } : {}) }, secrets: { 'app-password': input.appPassword } };
    default:
      return assertNever(input, 'channel kind');
  }
}

const str = (config: Record<string, unknown>, key: string): string => {
  const v = config[key];
  if (typeof v !== 'string') throw new ChannelError({ kind: 'BAD_RESPONSE', message: `The stored settings of this channel lack "${key}": remove and reconnect it.` });
  return v;
};
const optionalStrings = <K extends string>(config: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, string>> => {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) if (typeof config[k] === 'string') out[k] = config[k];
  return out;
};
const need = (secrets: ChannelSecrets, key: string): string => {
  const v = secrets[key];
  if (!v) throw new ChannelError({ kind: 'AUTH_REVOKED', message: `The keychain has no "${key}" for this channel: reconnect it in Settings.` });
  return v;
};

export interface AdapterHooks {
  readonly clock: Clock;
  /** X OAuth 2.0: refreshed tokens are written back to the keychain. */
  readonly onSecretsChanged?: (changed: ChannelSecrets) => Promise<void>;
}

export function buildAdapter(kind: ChannelKind, config: Record<string, unknown>, secrets: ChannelSecrets, hooks: AdapterHooks): ChannelAdapter {
  const { clock } = hooks;
  switch (kind) {
    case 'x': {
      const baseUrl = typeof config['apiBaseUrl'] === 'string' ? { baseUrl: config['apiBaseUrl'] } : {};
      if (config['auth'] === 'oauth1') {
        return createXAdapter({ ...baseUrl, clock, credentials: { kind: 'oauth1', appKey: need(secrets, 'app-key'), appSecret: need(secrets, 'app-secret'), accessToken: need(secrets, 'access-token'), accessSecret: need(secrets, 'access-secret') } });
      }
      return createXAdapter({
        ...baseUrl,
        clock,
        credentials: {
          kind: 'oauth2',
          accessToken: need(secrets, 'access-token'),
          refreshToken: secrets['refresh-token'] ?? null,
          clientId: clientIdOf(config, secrets),
          clientSecret: secrets['client-secret'] ?? null,
        },
        onTokensRefreshed: async (t) => hooks.onSecretsChanged?.({ 'access-token': t.accessToken, 'refresh-token': t.refreshToken }),
      });
    }
    case 'wordpress':
      return createWordPressAdapter({
        siteUrl: str(config, 'siteUrl'),
        username: str(config, 'username'),
        applicationPassword: need(secrets, 'application-password'),
        integrationUserIds: Array.isArray(config['integrationUserIds']) ? (config['integrationUserIds'] as number[]) : [],
        clock,
      });
    case 'email': {
      const smtp = config['smtp'] as { host: string; port: number; security: 'tls' | 'starttls' | 'none'; user: string };
      const { address: canaryAddress, ...canary } = config['canary'] as { host: string; port: number; security: 'tls' | 'starttls' | 'none'; user: string; address?: string };
      return createEmailAdapter({
        smtp: { ...smtp, password: need(secrets, 'smtp-password') },
        canary: { ...canary, password: need(secrets, 'canary-password') },
        ...(canaryAddress ? { canaryAddress } : {}),
        from: str(config, 'from'),
        // Envelope recipients only; the list settings below are optional (older rows lack them).
        subscribers: config['to'] as string[],
        ...optionalStrings(config, ['listAddress', 'unsubscribeMailto', 'unsubscribeUrl']),
        clock,
      });
    }
    case 'rss':
      return createRssAdapter({ url: str(config, 'url'), clock });
    case 'bluesky':
      return createBlueskyAdapter({ handle: str(config, 'handle'), appPassword: need(secrets, 'app-password'), ...optionalStrings(config, ['pdsUrl']), clock });
    case 'mastodon':
      return createMastodonAdapter({
        instanceUrl: str(config, 'instanceUrl'),
        accessToken: need(secrets, 'access-token'),
        clientId: clientIdOf(config, secrets),
        clientSecret: secrets['client-secret'] ?? null,
        clock,
      });
    default:
      return assertNever(kind, 'channel kind');
  }
}

/** A real read through the adapter, described the way a press officer needs it. */
export async function testConnection(adapter: ChannelAdapter): Promise<ConnectionTest> {
  try {
    await adapter.readSince(null);
    return { ok: true, outcome: 'ok', message: 'Connected: Control Room could read the channel.' };
  } catch (err) {
    if (!(err instanceof ChannelError)) return { ok: false, outcome: 'bad-response', message: 'The channel answered something Control Room could not understand.' };
    const f = err.failure;
    switch (f.kind) {
      case 'AUTH_REVOKED':
        return { ok: false, outcome: 'wrong-credentials', message: `Wrong credentials: ${f.message}` };
      case 'RATE_LIMITED':
        return { ok: false, outcome: 'rate-limited', message: f.message };
      case 'UNAVAILABLE':
        return /TLS|certificate/i.test(f.message)
          ? { ok: false, outcome: 'tls', message: f.message }
          : { ok: false, outcome: 'unreachable', message: f.message };
      case 'REJECTED':
      case 'NOT_FOUND':
        return { ok: false, outcome: 'rejected', message: f.message };
      case 'BAD_RESPONSE':
      case 'OUTCOME_UNKNOWN':
        return { ok: false, outcome: 'bad-response', message: f.message };
      default:
        return assertNever(f, 'failure');
    }
  }
}

/** Writes every secret, or none: a failure part-way removes what was written. */
export async function storeSecrets(vault: Vault, channelId: string, secrets: ChannelSecrets): Promise<void> {
  const written: string[] = [];
  try {
    for (const [key, value] of Object.entries(secrets)) {
      await vault.put(channelSecretRef(channelId, key), value);
      written.push(key);
    }
  } catch (err) {
    for (const key of written) await vault.remove(channelSecretRef(channelId, key)).catch(() => false);
    throw err;
  }
}

export async function loadSecrets(vault: Vault, channelId: string, names: readonly string[]): Promise<ChannelSecrets> {
  const out: ChannelSecrets = {};
  for (const n of names) {
    const v = await vault.get(channelSecretRef(channelId, n));
    if (v !== null) out[n] = v;
  }
  return out;
}

export const secretNames: Readonly<Record<ChannelKind, readonly string[]>> = {
  x: ['app-key', 'app-secret', 'access-token', 'access-secret', 'refresh-token', 'client-id', 'client-secret'],
  wordpress: ['application-password'],
  email: ['smtp-password', 'canary-password'],
  rss: [],
  bluesky: ['app-password'],
  mastodon: ['access-token', 'client-id', 'client-secret'],
};

export async function removeSecrets(vault: Vault, channelId: string, kind: ChannelKind): Promise<void> {
  for (const n of secretNames[kind]) await vault.remove(channelSecretRef(channelId, n));
}
