// Team mode: a desk that connects a channel again gets a new credential of its own; the one it held
// before is revoked upstream once the new one is kept, so reconnecting never leaves a second live
// credential behind. A revocation that fails does not undo the connection: the earlier credential's
// record stays live (Lock lists it under this desk) and the answer says so. Shared secrets have
// nothing of this desk's own to revoke.
import type { ChannelAdapter } from '../../channels/types';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import type { DeskCredentialRecord } from '../../store/records';
import type { DesksRepository } from '../../store/repositories';
import type { EarlierCredential } from '../../shared/contract-channels';
import type { AuditLog } from '../audit/audit-log';
import { describeCredential, revokeActionOf } from '../control/desk-lock-plan';
import { describeError, type Actor } from '../control/types';

export interface EarlierCredentialsDeps {
  readonly repo: Pick<DesksRepository, 'markCredentialRevoked'>;
  readonly audit: Pick<AuditLog, 'append'> | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface EarlierCredentialsInput {
  readonly deskId: string;
  readonly channelId: string;
  /** Every desk's credential records of the channel, read before the new one was recorded. */
  readonly recorded: readonly DeskCredentialRecord[];
  /** The record of the credential just kept (null: a shared secret already recorded): never revoked here. */
  readonly keptId: number | null;
  /** The adapter this desk used before (holds the earlier OAuth token); null when it had none loaded. */
  readonly previous: ChannelAdapter | null;
  /** The adapter with the new credential (deletes an earlier WordPress application password by uuid). */
  readonly current: ChannelAdapter;
  readonly actor: Actor;
}

/** This desk's own, still live credentials of the channel other than the one just kept. */
export function earlierOwnCredentials(all: readonly DeskCredentialRecord[], deskId: string, keptId: number | null): DeskCredentialRecord[] {
  return all.filter((c) => c.deskId === deskId && c.id !== keptId && c.revokedAt === null && c.kind !== 'shared');
}

/** The names of this desk's live credentials of the channel: a new application password must not repeat one (WordPress refuses, 409). */
export function liveLabels(all: readonly DeskCredentialRecord[], deskId: string): string[] {
  return all.filter((c) => c.deskId === deskId && c.revokedAt === null).map((c) => c.label);
}

/** Whether this desk already has a live shared-secret record for the channel (a reconnect adds none). */
export function hasLiveSharedRecord(all: readonly DeskCredentialRecord[], deskId: string): boolean {
  return all.some((c) => c.deskId === deskId && c.revokedAt === null && c.kind === 'shared');
}

/**
 * The adapter that can revoke an earlier credential: an OAuth token only through the login that holds
 * it (the previous adapter); an application password by uuid with any login of the same WordPress user.
 */
function revokerOf(c: DeskCredentialRecord, input: EarlierCredentialsInput): ChannelAdapter | null {
  return c.kind === 'wordpress-application-password' ? input.current : input.previous;
}

async function revokeOne(deps: EarlierCredentialsDeps, input: EarlierCredentialsInput, c: DeskCredentialRecord, what: string): Promise<EarlierCredential> {
  const base = { credentialId: c.id, credential: what };
  let done: string;
  try {
    const revoker = revokerOf(c, input);
    if (!revoker) throw new Error('this desk had no working connection holding it');
    const result = await revoker.runFreezeAction(revokeActionOf(c));
    if (!result.done) throw new Error(result.detail);
    done = result.detail;
  } catch (err) {
    return { ...base, revoked: false, detail: `This desk's earlier ${what} is STILL LIVE: revoking it failed (${describeError(err)}). Lock lists it under this desk; revoke it there or at the service.` };
  }
  try {
    await deps.repo.markCredentialRevoked(c.id, deps.clock.now().toISOString());
  } catch (err) {
    return { ...base, revoked: true, detail: `This desk's earlier ${what} was revoked at the service (${done}), but recording that failed (${describeError(err)}): Lock may still list it.` };
  }
  return { ...base, revoked: true, detail: `This desk's earlier ${what} was revoked at the service: ${done}` };
}

/** Revokes each earlier own credential upstream; marks revoked only what the service confirmed. Audited one by one. */
export async function revokeEarlierCredentials(deps: EarlierCredentialsDeps, input: EarlierCredentialsInput): Promise<EarlierCredential[]> {
  const earlier = earlierOwnCredentials(input.recorded, input.deskId, input.keptId);
  const outcomes: EarlierCredential[] = [];
  for (const c of earlier) {
    const what = describeCredential(c);
    const outcome = await revokeOne(deps, input, c, what);
    if (outcome.revoked) deps.logger.info(`channel ${input.channelId}: ${outcome.detail}`);
    else deps.logger.warn(`channel ${input.channelId}: ${outcome.detail}`);
    outcomes.push(outcome);
    // The connection is kept either way: an audit failure is logged, never turned into a failed connect.
    await deps.audit
      ?.append({
        actor: input.actor.id,
        role: input.actor.role,
        action: 'channels.revokeEarlierCredential',
        target: input.channelId,
        details: { desk: input.deskId, credential: c.id, label: what, outcome: outcome.revoked ? 'done' : 'failed', detail: outcome.detail },
      })
      .catch((err: unknown) => deps.logger.warn(`channel ${input.channelId}: the earlier credential's outcome could not be audited: ${describeError(err)}`));
  }
  return outcomes;
}
