// What Lock can do about one desk's credential for a channel, decided from the credential, the desk
// that holds it and whether that desk is online: revoke it here (this desk's own), ask the desk that
// holds it (online), revoke it from here (offline, WordPress: any application password of the same
// user can delete another by uuid), or a manual step (a shared secret, or an offline desk's OAuth
// authorisation that only that desk or the service can revoke). Pure: the runner and the screen use it.
import { AppError } from '../../shared/result';
import type { DeskCredentialRecord } from '../../store/records';

export type CredentialHow = 'here' | 'ask' | 'from-here' | 'manual' | 'revoked';

export interface DeskCredentialStep {
  readonly credentialId: number;
  readonly deskId: string;
  readonly deskName: string;
  /** The credential is this desk's own. */
  readonly self: boolean;
  /** Its desk was seen within 30 s. */
  readonly online: boolean;
  readonly kind: DeskCredentialRecord['kind'];
  /** The credential's own name (the application password's name) or description. */
  readonly credential: string;
  readonly revokedAt: string | null;
  readonly how: CredentialHow;
  /** control.lock's actionId for this step; null once revoked. */
  readonly actionId: string | null;
  readonly label: string;
  readonly effect: string;
}

const actionPrefix = 'desk-credential:';
export const deskCredentialAction = (credentialId: number): string => `${actionPrefix}${credentialId}`;

/** The credential id a desk-credential action names, or null for any other action. */
export function credentialIdOf(actionId: string): number | null {
  const m = /^desk-credential:(\d{1,15})$/.exec(actionId);
  return m ? Number(m[1]) : null;
}

/** The adapter action that revokes a credential through the holding (or, for WordPress, any) desk's login. */
export function revokeActionOf(c: DeskCredentialRecord): string {
  if (c.kind === 'wordpress-application-password' && c.upstreamId) return `revoke-application-password:${c.upstreamId}`;
  if (c.kind === 'x-oauth2' || c.kind === 'mastodon-oauth') return 'revoke-own-token';
  throw new AppError('BAD_INPUT', 'This credential cannot be revoked by Control Room: revoke it at the service.');
}

/** What the credential is, as a step label names it ("application password \"…\"", "X authorisation"). */
export function describeCredential(c: DeskCredentialRecord): string {
  switch (c.kind) {
    case 'wordpress-application-password':
      return `application password "${c.label}"`;
    case 'x-oauth2':
      return 'X authorisation';
    case 'mastodon-oauth':
      return 'Mastodon authorisation';
    case 'shared':
      return c.label;
  }
}

/** What a desk's channel says once Lock revoked that desk's own credential: what happened, and how to use it again. */
export function revokedByLockWhy(c: DeskCredentialRecord): string {
  return `This desk's ${describeCredential(c)} was revoked by Lock at ${c.revokedAt ?? 'an unknown time'}. To use the channel on this desk again, an admin connects it again here in Settings → Channels.`;
}

export interface DeskSeen {
  readonly name: string;
  readonly online: boolean;
}

/**
 * Credentials a newer one of the same desk and channel replaced (a reconnect whose revocation of the
 * earlier one failed). An OAuth token is revoked through the connection holding it, and the desk now
 * holds only the newer one: the earlier token is the service's to revoke.
 */
export function supersededIds(all: readonly DeskCredentialRecord[]): Set<number> {
  const newest = new Map<string, number>();
  for (const c of all) {
    const key = `${c.channelId}\u0000${c.deskId}`;
    newest.set(key, Math.max(newest.get(key) ?? 0, c.id));
  }
  return new Set(all.filter((c) => newest.get(`${c.channelId}\u0000${c.deskId}`) !== c.id).map((c) => c.id));
}

/** `superseded`: a newer credential of the same desk replaced this one (see supersededIds). */
export function planCredentialStep(c: DeskCredentialRecord, desk: DeskSeen | undefined, thisDeskId: string, superseded = false): DeskCredentialStep {
  const self = c.deskId === thisDeskId;
  const online = self || (desk?.online ?? false);
  const deskName = desk?.name ?? `desk ${c.deskId.slice(0, 8)}`;
  const what = describeCredential(c);
  const step = (how: CredentialHow, label: string, effect: string): DeskCredentialStep => ({
    credentialId: c.id, deskId: c.deskId, deskName, self, online, kind: c.kind, credential: c.label, revokedAt: c.revokedAt, how,
    actionId: how === 'revoked' ? null : deskCredentialAction(c.id), label, effect,
  });
  if (c.revokedAt !== null) return step('revoked', `${deskName}: ${what} revoked`, 'Nothing left to do for this credential.');
  if (c.kind === 'shared') {
    return step('manual', `${deskName}: shared credential, revoke upstream by hand (${what})`,
      'Every desk uses this same secret and the service cannot make one per desk, so Control Room cannot revoke it: revoke or change it at the service, then confirm here.');
  }
  if (superseded && c.kind !== 'wordpress-application-password') {
    return step('manual', `${deskName}: an earlier ${what}, replaced when the desk connected again; revoke it at the service`,
      `${deskName} now holds a newer token and no desk holds this one, so Control Room cannot revoke it: remove the app's access in the service's settings (this may end the newer token too; connect again afterwards), then confirm here.`);
  }
  if (self) return step('here', `Revoke this desk's ${what}`, `This desk (${deskName}) can no longer post on this channel until it is connected again.`);
  if (online) return step('ask', `Ask ${deskName} to revoke its ${what}`, `${deskName} revokes it itself and records the step; it can no longer post on this channel until connected again.`);
  if (c.kind === 'wordpress-application-password') {
    return step('from-here', `${deskName} is offline: revoke its ${what} from this desk`,
      `This desk deletes ${deskName}'s application password at WordPress with its own (same WordPress user); ${deskName} can no longer post there.`);
  }
  return step('manual', `${deskName} is offline: revoke its ${what} on that desk or at the service`,
    `Only ${deskName} holds this token; revoke the app's access in the service's settings, then confirm here.`);
}
