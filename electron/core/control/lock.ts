// Lock: the per-channel runbook a supervisor works through to cut off upstream tools (revoke
// application passwords and tokens, rotate passwords). Each confirmed step runs through the
// adapter, and its answer is recorded and audited, including failures. In team mode each desk's
// own credential for a channel is one more step (desk-lock.ts): revoked here, asked of the desk
// that holds it, or revoked from here while that desk is offline.
import type { ChannelAdapter, FreezeAction } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { LockStepRecord } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import type { DeskLock } from './desk-lock';
import { credentialIdOf, type DeskCredentialStep } from './desk-lock-plan';
import type { ControlEventSink } from './events';
import { recordLockStep } from './lock-record';
import { describeError, requireSupervisor, type Actor } from './types';

export interface ChannelRunbook {
  readonly channelId: string;
  readonly actions: readonly FreezeAction[];
  /** Why the actions could not be listed, if so. */
  readonly error: string | null;
  readonly steps: readonly LockStepRecord[];
  /** One step per desk credential of the channel (team mode; none on a single desk). */
  readonly desks: readonly DeskCredentialStep[];
}

export interface LockRunbook {
  list(channelIds?: readonly string[]): Promise<ChannelRunbook[]>;
  /** Runs one step the supervisor confirmed; the result is recorded whatever it is. */
  run(input: { readonly channelId: string; readonly actionId: string; readonly confirmed: boolean; readonly actor: Actor }): Promise<LockStepRecord>;
  /** Every desk revokes its own credential (this desk here, online desks when asked); the steps recorded. */
  everyDesk(input: { readonly channelIds?: readonly string[]; readonly confirmed: boolean; readonly actor: Actor }): Promise<LockStepRecord[]>;
}

export interface LockRunbookDeps {
  readonly control: ControlRepository;
  readonly audit: AuditLog;
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  readonly clock: Clock;
  readonly events: ControlEventSink;
  /** The desk the steps run on (recorded with each step). */
  readonly deskId?: string;
  /** Team mode: the desk credentials' steps. */
  readonly deskLock?: () => DeskLock | undefined;
}

const confirmFirst = (confirmed: boolean): void => {
  if (confirmed !== true) throw new AppError('BAD_INPUT', 'Confirm the Lock step first: it changes credentials upstream.');
};

export function createLockRunbook(deps: LockRunbookDeps): LockRunbook {
  const { control, adapters } = deps;
  return {
    async list(channelIds) {
      const ids = channelIds ?? [...adapters.keys()];
      const deskLock = deps.deskLock?.();
      return Promise.all(
        ids.map(async (channelId): Promise<ChannelRunbook> => {
          const adapter = adapters.get(channelId);
          const steps = await control.lockSteps(channelId);
          const desks = deskLock ? await deskLock.list(channelId) : [];
          if (!adapter) return { channelId, actions: [], error: `Channel ${channelId} is not connected.`, steps, desks };
          try {
            // This desk's own token is its desk-credential step in team mode (recorded as revoked there), not a second step.
            const ownToken = desks.some((d) => d.self && (d.kind === 'x-oauth2' || d.kind === 'mastodon-oauth'));
            const actions = (await adapter.freezeActions()).filter((a) => !(ownToken && a.id === 'revoke-own-token'));
            return { channelId, actions, error: null, steps, desks };
          } catch (err) {
            return { channelId, actions: [], error: describeError(err), steps, desks };
          }
        }),
      );
    },

    async run({ channelId, actionId, confirmed, actor }) {
      requireSupervisor(actor, 'run a Lock step');
      confirmFirst(confirmed);
      const credentialId = credentialIdOf(actionId);
      const deskLock = deps.deskLock?.();
      if (credentialId !== null && deskLock) return deskLock.run(channelId, credentialId, actor);
      const adapter = adapters.get(channelId);
      if (!adapter) throw new AppError('NOT_FOUND', `Channel ${channelId} is not connected.`);
      const action = (await adapter.freezeActions()).find((a) => a.id === actionId);
      if (!action) throw new AppError('BAD_INPUT', `There is no Lock step "${actionId.slice(0, 100)}" for ${channelId}. Reload the runbook.`);
      let outcome: LockStepRecord['outcome'];
      let detail: string;
      try {
        const result = await adapter.runFreezeAction(actionId);
        outcome = result.done ? 'done' : 'manual';
        detail = result.detail;
      } catch (err) {
        outcome = 'failed';
        detail = describeError(err);
      }
      return recordLockStep(deps, { channelId, actionId, label: action.label, outcome, detail, actor, deskId: deps.deskId ?? null });
    },

    async everyDesk({ channelIds, confirmed, actor }) {
      requireSupervisor(actor, 'run a Lock step');
      confirmFirst(confirmed);
      const deskLock = deps.deskLock?.();
      if (!deskLock) throw new AppError('CONFLICT', 'There is one desk here (no team mode): run the channel steps themselves.');
      return deskLock.everyDesk(channelIds ?? [...adapters.keys()], actor);
    },
  };
}
