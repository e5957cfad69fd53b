// Team mode: what a desk keeps for a channel is its own credential wherever the channel can make
// one, so Lock can revoke the desks one by one. WordPress: a new application password named after
// the desk, made from the one the admin typed (only the new one is kept); X and Mastodon: this
// desk's own OAuth authorisation (the consent flow ran on this desk). Email SMTP, X OAuth 1.0a
// keys and Bluesky app passwords cannot be minted per desk: every desk holds the same secret,
// recorded as shared, and only the service's own pages revoke it. Only a record of which desk holds
// what goes to the database; the secret stays in the desk's keychain.
import { createApplicationPassword, deskApplicationPasswordName, revokeApplicationPassword } from '../../channels/wordpress/application-passwords';
import type { Clock } from '../../lib/clock';
import type { ChannelRow, DeskCredentialKind } from '../../store/records';
import type { DesksRepository } from '../../store/repositories';
import { AppError } from '../../shared/result';
import { ChannelError } from '../../channels/types';
import type { ChannelSecrets, SplitChannel } from './connections';

/** This desk, as the channel service needs it in team mode. */
export interface DeskIdentity {
  readonly id: string;
  readonly name: string;
  readonly repo: Pick<DesksRepository, 'addCredential' | 'credentials' | 'markCredentialRevoked'>;
}

export interface OwnCredential {
  /** What this desk's keychain keeps (instead of what was typed, for WordPress). */
  readonly secrets: ChannelSecrets;
  readonly kind: DeskCredentialKind;
  readonly label: string;
  readonly upstreamId: string | null;
  /** Takes a minted credential back when the connection is not kept after all. */
  undo(): Promise<void>;
}

const nothingToUndo = async (): Promise<void> => undefined;

/** Which stored credential kind a connection is, and how it is described (no secret in either). */
export function credentialKindOf(split: Pick<SplitChannel, 'kind' | 'config' | 'secrets'>, deskName: string): { kind: DeskCredentialKind; label: string } | null {
  switch (split.kind) {
    case 'x':
      return split.config['auth'] === 'oauth1'
        ? { kind: 'shared', label: 'X OAuth 1.0a keys (the same on every desk)' }
        : { kind: 'x-oauth2', label: `X authorisation of ${deskName}` };
    case 'mastodon':
      // Without the application's client key and secret the token cannot be revoked by API.
      return split.config['clientId'] && split.secrets['client-secret']
        ? { kind: 'mastodon-oauth', label: `Mastodon authorisation of ${deskName}` }
        : { kind: 'shared', label: 'Mastodon access token (the same on every desk)' };
    case 'wordpress':
      return { kind: 'wordpress-application-password', label: '' };
    case 'email':
      return { kind: 'shared', label: 'SMTP and canary mailbox passwords (the same on every desk)' };
    case 'bluesky':
      return { kind: 'shared', label: 'Bluesky app password (the same on every desk)' };
    case 'rss':
      return null;
  }
}

/**
 * The name for this desk's new application password: the desk's name, or while its earlier one is
 * still live (a reconnect, revoked only once the new one is kept) the same with a number.
 */
export function freshPasswordName(base: string, taken: readonly string[]): string {
  let name = base;
  for (let n = 2; taken.includes(name); n += 1) name = `${base} #${n}`;
  return name;
}

/**
 * WordPress would not make the desk's own application password: said in words that name what to
 * check (it reached the user as "Something went wrong" before). Nothing was kept.
 */
function mintRefusal(err: unknown): unknown {
  if (!(err instanceof ChannelError)) return err;
  const f = err.failure;
  const why = f.kind === 'AUTH_REVOKED' || f.kind === 'REJECTED'
    ? 'The account typed must be allowed to manage its own application passwords (Users -> Profile -> Application Passwords in WordPress; a plugin or the host may have turned them off), and its password must still work.'
    : 'Check that the site is reachable, then connect again.';
  return new AppError(f.kind === 'UNAVAILABLE' || f.kind === 'RATE_LIMITED' ? 'UNAVAILABLE' : 'BAD_INPUT', `Not connected: WordPress would not make this desk's own application password (${f.message}). ${why} Nothing was kept.`);
}

/**
 * Turns what the admin typed into this desk's own credential where the channel can make one.
 * `taken`: names of this desk's live credentials of the channel, which a new one must not repeat.
 */
export async function ownCredential(split: SplitChannel, desk: DeskIdentity, clock: Clock, taken: readonly string[] = []): Promise<OwnCredential | null> {
  const described = credentialKindOf(split, desk.name);
  if (!described) return null;
  if (split.kind !== 'wordpress') return { secrets: split.secrets, ...described, upstreamId: null, undo: nothingToUndo };
  const login = { siteUrl: String(split.config['siteUrl']), username: String(split.config['username']), applicationPassword: split.secrets['application-password'] ?? '' };
  const created = await createApplicationPassword(login, freshPasswordName(deskApplicationPasswordName(desk.name, desk.id), taken), clock).catch((err: unknown) => {
    throw mintRefusal(err);
  });
  const own = { ...login, applicationPassword: created.password };
  return {
    secrets: { ...split.secrets, 'application-password': created.password },
    kind: 'wordpress-application-password',
    label: created.name,
    upstreamId: created.uuid,
    undo: async () => {
      await revokeApplicationPassword(own, created.uuid, clock).catch(() => undefined);
    },
  };
}

/** The settings that say which account a channel is: a desk joining a shared channel must name the same one. */
const identityKeys: Readonly<Record<SplitChannel['kind'], readonly string[]>> = {
  wordpress: ['siteUrl', 'username'],
  x: ['apiBaseUrl', 'auth'],
  mastodon: ['instanceUrl'],
  bluesky: ['handle', 'pdsUrl'],
  email: ['from'],
  rss: ['url'],
};

/** Refuses to connect an existing channel on this desk with settings for another account. */
export function checkSameAccount(row: ChannelRow, split: SplitChannel): void {
  if (row.demo) throw new AppError('CONFLICT', 'Demo channels come and go with the demo newsroom; they are not connected per desk.');
  if (row.kind !== split.kind) throw new AppError('BAD_INPUT', `Channel ${row.id} is a ${row.kind} channel, not ${split.kind}.`);
  for (const key of identityKeys[split.kind]) {
    const shared = row.config[key] ?? null;
    const typed = split.config[key] ?? null;
    if (JSON.stringify(shared) !== JSON.stringify(typed)) {
      throw new AppError('BAD_INPUT', `Channel ${row.id} is connected with ${key} "${String(shared ?? 'none')}", not "${String(typed ?? 'none')}": connect it on this desk with the same account.`);
    }
  }
}
