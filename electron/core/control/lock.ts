// Lock: the per-channel runbook a supervisor works through to cut off upstream tools (revoke
// application passwords and tokens, rotate passwords). Each confirmed step runs through the
// adapter, and its answer is recorded and audited, including failures.
import type { ChannelAdapter, FreezeAction } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { LockStepRecord } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import type { ControlEventSink } from './events';
import { describeError, requireSupervisor, type Actor } from './types';

export interface ChannelRunbook {
  readonly channelId: string;
  readonly actions: readonly FreezeAction[];
  /** Why the actions could not be listed, if so. */
  readonly error: string | null;
  readonly steps: readonly LockStepRecord[];
}

export interface LockRunbook {
  list(channelIds?: readonly string[]): Promise<ChannelRunbook[]>;
  /** Runs one step the supervisor confirmed; the result is recorded whatever it is. */
  run(input: { readonly channelId: string; readonly actionId: string; readonly confirmed: boolean; readonly actor: Actor }): Promise<LockStepRecord>;
}

export function createLockRunbook(deps: { readonly control: ControlRepository; readonly audit: AuditLog; readonly adapters: ReadonlyMap<string, ChannelAdapter>; readonly clock: Clock; readonly events: ControlEventSink }): LockRunbook {
  const { control, audit, adapters, clock, events } = deps;
  return {
    async list(channelIds) {
      const ids = channelIds ?? [...adapters.keys()];
      return Promise.all(
        ids.map(async (channelId): Promise<ChannelRunbook> => {
          const adapter = adapters.get(channelId);
          const steps = await control.lockSteps(channelId);
          if (!adapter) return { channelId, actions: [], error: `Channel ${channelId} is not connected.`, steps };
          try {
            return { channelId, actions: await adapter.freezeActions(), error: null, steps };
          } catch (err) {
            return { channelId, actions: [], error: describeError(err), steps };
          }
        }),
      );
    },

    async run({ channelId, actionId, confirmed, actor }) {
      requireSupervisor(actor, 'run a Lock step');
      if (confirmed !== true) throw new AppError('BAD_INPUT', 'Confirm the Lock step first: it changes credentials upstream.');
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
      const at = clock.now().toISOString();
      const step = await control.transaction(async () => {
        const record = await control.insertLockStep({ channelId, actionId, label: action.label, runBy: actor.id, runAt: at, outcome, detail, deskId: null });
        await audit.append({ actor: actor.id, role: actor.role, action: 'lock.step', target: `${channelId}:${actionId}`, details: { label: action.label, outcome, detail } });
        return record;
      });
      events.emit('lock.stepRecorded', { channelId, actionId, label: action.label, outcome, detail, runBy: actor.id, at });
      return step;
    },
  };
}
