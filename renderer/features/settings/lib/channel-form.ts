// The channel connection form as flat text fields, keyed by the core's input paths ("siteUrl",
// "smtp.host", "auth.appKey"), so each of the core's messages lands on the field it is about.
// Text goes to the core as typed: the core judges addresses, hosts and secrets. Only what JSON
// cannot carry as typed (a port, a list of user ids) is checked here first.
import type { ChannelInput } from '../api/channel-admin';

export type ConnectKind = 'x-oauth2' | 'x-oauth1' | 'wordpress' | 'email' | 'rss' | 'mastodon-oauth' | 'mastodon' | 'bluesky';
/** Kinds connected through a consent page in the browser, not with pasted secrets. */
export type ConsentKind = 'x-oauth2' | 'mastodon-oauth';
export const isConsentKind = (k: ConnectKind): k is ConsentKind => k === 'x-oauth2' || k === 'mastodon-oauth';
export type FormValues = Readonly<Record<string, string>>;

export const kindLabels: Record<ConnectKind, string> = {
  'x-oauth2': 'X (sign in with X)',
  'x-oauth1': 'X (paste OAuth 1.0a tokens)',
  wordpress: 'WordPress website',
  email: 'Email bulletin',
  rss: 'RSS feed (read only)',
  'mastodon-oauth': 'Mastodon (sign in on the instance)',
  mastodon: 'Mastodon (paste an access token)',
  bluesky: 'Bluesky account (app password)',
};

export const emailDefaults: FormValues = { 'smtp.port': '465', 'smtp.security': 'tls', 'canary.port': '993', 'canary.security': 'tls' };

const trimmed = (v: string | undefined): string => (v ?? '').trim();
const optional = <K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> =>
  trimmed(v) === '' ? {} : ({ [key]: trimmed(v) } as Record<K, string>);

function portOf(v: string | undefined): number | null {
  const n = Number(trimmed(v));
  return trimmed(v) !== '' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

/** "user@example.org, list@example.org" or one per line. */
export function addressList(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Problems only this screen can see (numbers); everything else is the core's to judge. */
export function localProblems(kind: ConnectKind, v: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (kind === 'email') {
    for (const key of ['smtp.port', 'canary.port']) if (portOf(v[key]) === null) out[key] = 'Enter a port number from 1 to 65535.';
  }
  if (kind === 'wordpress' && trimmed(v['integrationUserIds']) !== '') {
    const ids = trimmed(v['integrationUserIds']).split(/[\s,]+/);
    if (!ids.every((id) => /^[1-9]\d{0,9}$/.test(id))) out['integrationUserIds'] = 'List WordPress user ids as numbers, separated by commas (e.g. 3, 7).';
  }
  return out;
}

/** The contract input for what was typed (call localProblems first). */
export function channelInputOf(kind: Exclude<ConnectKind, ConsentKind>, v: FormValues): ChannelInput {
  const name = v['name'] ?? '';
  switch (kind) {
    case 'x-oauth1':
      return {
        kind: 'x',
        name,
        ...optional('apiBaseUrl', v['apiBaseUrl']),
        auth: { type: 'oauth1', appKey: v['auth.appKey'] ?? '', appSecret: v['auth.appSecret'] ?? '', accessToken: v['auth.accessToken'] ?? '', accessSecret: v['auth.accessSecret'] ?? '' },
      };
    case 'wordpress': {
      const ids = trimmed(v['integrationUserIds']);
      return {
        kind: 'wordpress',
        name,
        siteUrl: v['siteUrl'] ?? '',
        username: v['username'] ?? '',
        applicationPassword: v['applicationPassword'] ?? '',
        ...(ids ? { integrationUserIds: ids.split(/[\s,]+/).map(Number) } : {}),
      };
    }
    case 'email': {
      const server = (p: 'smtp' | 'canary') => ({
        host: v[`${p}.host`] ?? '',
        port: portOf(v[`${p}.port`]) ?? 0,
        security: (v[`${p}.security`] ?? 'tls') as 'tls' | 'starttls' | 'none',
        user: v[`${p}.user`] ?? '',
        password: v[`${p}.password`] ?? '',
      });
      return {
        kind: 'email',
        name,
        smtp: server('smtp'),
        canary: { ...server('canary'), ...optional('address', v['canary.address']) },
        from: trimmed(v['from']),
        to: addressList(v['to']),
        ...optional('listAddress', v['listAddress']),
        ...optional('unsubscribeMailto', v['unsubscribeMailto']),
        ...optional('unsubscribeUrl', v['unsubscribeUrl']),
      };
    }
    case 'rss':
      return { kind: 'rss', name, url: v['url'] ?? '' };
    case 'mastodon':
      return {
        kind: 'mastodon',
        name,
        instanceUrl: v['instanceUrl'] ?? '',
        accessToken: v['accessToken'] ?? '',
        ...optional('clientId', v['clientId']),
        ...optional('clientSecret', v['clientSecret']),
      };
    case 'bluesky':
      return { kind: 'bluesky', name, handle: v['handle'] ?? '', appPassword: v['appPassword'] ?? '', ...optional('pdsUrl', v['pdsUrl']) };
  }
}

export function authorizeMastodonInputOf(v: FormValues) {
  return { name: v['name'] ?? '', instanceUrl: v['instanceUrl'] ?? '' };
}

export function authorizeInputOf(v: FormValues) {
  return {
    name: v['name'] ?? '',
    clientId: v['clientId'] ?? '',
    ...optional('clientSecret', v['clientSecret']),
    ...optional('apiBaseUrl', v['apiBaseUrl']),
    ...optional('authorizeBaseUrl', v['authorizeBaseUrl']),
  };
}
