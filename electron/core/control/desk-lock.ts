// Lock across desks: each desk's own credential for a channel is revoked by the desk that holds it.
// Run on desk A, a step for A's own credential revokes it through A's adapter; a step for an online
// desk B's asks B (through the change feed) and waits for B's recorded answer; for an offline desk's
// WordPress application password, A deletes it by uuid with its own. Every step is recorded with
// the desk it ran on and audited; a desk that does not answer in time is recorded as a failed step.
import type { ChannelAdapter } from '../../channels/types';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import { AppError } from '../../shared/result';
import type { DeskCredentialRecord, LockStepRecord } from '../../store/records';
import type { AccountsRepository, DesksRepository } from '../../store/repositories';
import { deskOnlineMs } from '../desks';
import { deskCredentialAction, planCredentialStep, revokedByLockWhy, revokeActionOf, supersededIds, type DeskCredentialStep, type DeskSeen } from './desk-lock-plan';
import { recordLockStep, type LockRecordDeps } from './lock-record';
import { describeError, requireSupervisor, type Actor } from './types';

/** What desk A sends to the desk that holds a credential: ids only; the desk reads the rest. */
export interface LockRequest {
  readonly credentialId: number;
  readonly channelId: string;
  readonly actorId: string;
  readonly fromDesk: string;
}

export interface DeskLockDeps extends LockRecordDeps {
  readonly deskId: string;
  readonly desks: Pick<DesksRepository, 'list' | 'credentials' | 'markCredentialRevoked'>;
  readonly accounts: Pick<AccountsRepository, 'findById'>;
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Tells the other desks (the change feed); absent: there are no other desks to ask. */
  readonly ask?: (request: LockRequest) => void;
  /** How long desk A waits for the asked desk's recorded answer (default 20 s). */
  readonly answerWaitMs?: number;
  /**
   * This desk's own credential was revoked: drop its dead secret from this desk's keychain and
   * show the channel as revoked (not a failing credential retried). Absent: nothing to tidy.
   */
  readonly ownCredentialRevoked?: (channelId: string, why: string) => Promise<void>;
}

export interface DeskLock {
  /** One step per desk credential of the channel. */
  list(channelId: string): Promise<DeskCredentialStep[]>;
  run(channelId: string, credentialId: number, actor: Actor): Promise<LockStepRecord>;
  /** This desk's own credentials revoked here, every online desk asked for its own, at once. */
  everyDesk(channelIds: readonly string[], actor: Actor): Promise<LockStepRecord[]>;
  /** Another desk asked this one to revoke its own credential. */
  answer(request: LockRequest): Promise<void>;
}

/** A credential, the step that revokes it, and whether a newer one of the same desk replaced it. */
interface Planned {
  readonly c: DeskCredentialRecord;
  readonly step: DeskCredentialStep;
  readonly superseded: boolean;
}

export function createDeskLock(deps: DeskLockDeps): DeskLock {
  const waitMs = deps.answerWaitMs ?? 20_000;

  const seen = async (): Promise<Map<string, DeskSeen>> => {
    const now = deps.clock.now().getTime();
    return new Map((await deps.desks.list()).map((d) => [d.id, { name: d.name, online: now - Date.parse(d.lastSeenAt) <= deskOnlineMs }]));
  };
  /** Every desk credential of the channel with its step; `superseded`: a newer one of the same desk replaced it. */
  const planned = async (channelId: string, desks: ReadonlyMap<string, DeskSeen>): Promise<Planned[]> => {
    const all = await deps.desks.credentials(channelId);
    const superseded = supersededIds(all);
    return all.map((c) => ({ c, superseded: superseded.has(c.id), step: planCredentialStep(c, desks.get(c.deskId), deps.deskId, superseded.has(c.id)) }));
  };
  const plan = async (channelId: string, credentialId: number): Promise<Planned> => {
    const found = (await planned(channelId, await seen())).find((p) => p.c.id === credentialId);
    if (!found) throw new AppError('NOT_FOUND', `There is no desk credential ${credentialId} for ${channelId}. Reload the runbook.`);
    return found;
  };

  /** After this desk's own credential is revoked: its secret leaves the keychain; what the step says about that. */
  const retireOwnSecret = async (c: DeskCredentialRecord, at: string): Promise<string> => {
    if (!deps.ownCredentialRevoked) return '';
    try {
      await deps.ownCredentialRevoked(c.channelId, revokedByLockWhy({ ...c, revokedAt: at }));
      return "Its secret was removed from this desk's keychain.";
    } catch (err) {
      deps.logger.warn(`channel ${c.channelId}: the revoked credential's secret could not be removed from this desk's keychain: ${describeError(err)}`);
      return `Its dead secret is still in this desk's keychain (${describeError(err)}); connecting the channel again on this desk replaces it.`;
    }
  };

  /** Revokes through this desk's adapter and records the outcome; the credential is marked revoked once done. */
  const revokeHere = async ({ c, superseded, step }: Planned, actor: Actor, auditDetails: Record<string, unknown>): Promise<LockStepRecord> => {
    const label = step.label;
    let outcome: LockStepRecord['outcome'] = 'failed';
    let detail: string;
    try {
      const adapter = deps.adapters.get(c.channelId);
      if (!adapter) throw new AppError('NOT_FOUND', `Channel ${c.channelId} is not connected on this desk.`);
      const result = await adapter.runFreezeAction(revokeActionOf(c));
      outcome = result.done ? 'done' : 'manual';
      detail = result.detail;
      if (result.done) {
        const at = deps.clock.now().toISOString();
        await deps.desks.markCredentialRevoked(c.id, at);
        // Only this desk's own current one: revoking an offline desk's from here, or an earlier one of
        // this desk's that a newer one replaced, must not touch the secret this desk uses.
        const current = c.deskId === deps.deskId && !superseded;
        const retired = current ? await retireOwnSecret(c, at) : '';
        if (retired) detail = `${detail} ${retired}`;
      }
    } catch (err) {
      detail = describeError(err);
    }
    return recordLockStep(deps, { channelId: c.channelId, actionId: deskCredentialAction(c.id), label, outcome, detail, actor, deskId: deps.deskId, auditDetails: { credential: c.id, ...auditDetails } });
  };

  /** Asks the holding desk and waits for its recorded step (polled: it does not depend on the feed's delivery to this desk). */
  const askAndWait = async (c: DeskCredentialRecord, step: DeskCredentialStep, actor: Actor): Promise<LockStepRecord> => {
    const actionId = deskCredentialAction(c.id);
    const before = Math.max(0, ...(await deps.control.lockSteps(c.channelId)).map((s) => s.id));
    if (!deps.ask) throw new AppError('UNAVAILABLE', 'This desk cannot reach the other desks.');
    await deps.audit.append({ actor: actor.id, role: actor.role, action: 'lock.asked', target: `${c.channelId}:${actionId}`, details: { desk: deps.deskId, holder: c.deskId, credential: c.id, label: step.label } });
    deps.ask({ credentialId: c.id, channelId: c.channelId, actorId: actor.id, fromDesk: deps.deskId });
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      const answer = (await deps.control.lockSteps(c.channelId)).find((s) => s.id > before && s.actionId === actionId && s.deskId === c.deskId);
      if (answer) return answer;
    }
    const detail = `${step.deskName} did not answer within ${Math.round(waitMs / 1000)} s. If it stays silent it is shown as offline after 30 s; then revoke its credential from here or at the service.`;
    return recordLockStep(deps, { channelId: c.channelId, actionId, label: step.label, outcome: 'failed', detail, actor, deskId: deps.deskId, auditDetails: { credential: c.id, asked: c.deskId } });
  };

  const run = async (channelId: string, credentialId: number, actor: Actor): Promise<LockStepRecord> => {
    requireSupervisor(actor, 'run a Lock step');
    const p = await plan(channelId, credentialId);
    const { c, step } = p;
    switch (step.how) {
      case 'revoked':
        throw new AppError('CONFLICT', `${step.deskName}'s credential was already revoked at ${c.revokedAt ?? '?'}.`);
      case 'here':
        return revokeHere(p, actor, {});
      case 'from-here':
        return revokeHere(p, actor, { holder: c.deskId, holderOffline: true });
      case 'ask':
        return askAndWait(c, step, actor);
      case 'manual':
        return recordLockStep(deps, { channelId, actionId: deskCredentialAction(c.id), label: step.label, outcome: 'manual', detail: 'Confirmed as done by hand at the service.', actor, deskId: deps.deskId, auditDetails: { credential: c.id } });
    }
  };

  return {
    async list(channelId) {
      return (await planned(channelId, await seen())).map((p) => p.step);
    },
    run,
    async everyDesk(channelIds, actor) {
      requireSupervisor(actor, 'run a Lock step');
      const desks = await seen();
      const due: Promise<LockStepRecord>[] = [];
      for (const channelId of channelIds) {
        for (const { c, step } of await planned(channelId, desks)) {
          if (step.how === 'here' || step.how === 'ask') due.push(run(channelId, c.id, actor));
        }
      }
      return Promise.all(due);
    },
    async answer(request) {
      // This desk's own: no other desk's online state matters to its step.
      const p = (await planned(request.channelId, new Map())).find((x) => x.c.id === request.credentialId);
      // Only this desk's own, still live credential; anything else is not this desk's to act on.
      if (!p || p.c.deskId !== deps.deskId || p.c.revokedAt !== null) return;
      const account = await deps.accounts.findById(request.actorId);
      if (!account || account.disabled || (account.role !== 'supervisor' && account.role !== 'admin')) {
        deps.logger.warn(`ignored a Lock request from desk ${request.fromDesk}: ${request.actorId} is not an active supervisor`);
        return;
      }
      // An earlier, replaced OAuth token is not what this desk's connection holds: revoking "its own" would end the newer one.
      if (p.step.how !== 'here') return;
      await revokeHere(p, { id: account.id, role: account.role }, { askedFrom: request.fromDesk });
    },
  };
}
