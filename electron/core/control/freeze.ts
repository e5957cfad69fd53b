// The freeze switch: one person stops every send path on some or all channels, in one SQLite
// transaction (the outbox gate reads the same rows at claim time); only a supervisor lifts it.
// A freeze opens an incident, which the evidence bundle is exported by.
import { performance } from 'node:perf_hooks';
import { allChannels, type AllChannels } from '../../shared/all-channels';
import { AppError } from '../../shared/result';
import { maxFreezeReasonLength } from '../../shared/rules';
import type { FreezeRecord } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import { held } from '../outbox/held';
import type { ControlEventSink } from './events';
import { channelIdPattern } from '../../shared/contract-channels';
import { requireSupervisor, type Actor } from './types';

export type FreezeScope = AllChannels | readonly string[];

export interface FreezeResult {
  readonly frozen: readonly FreezeRecord[];
  /** Queued rows now held (they show the freeze as their reason). */
  readonly heldRows: number;
  /** Sends already past the gate when the freeze committed. */
  readonly inFlight: number;
  readonly incidentId: number | null;
  /** Time inside the service, from the call to the commit (budget: 300 ms click to blocked). */
  readonly elapsedMs: number;
}

export interface FreezeService {
  freeze(input: { readonly scope: FreezeScope; readonly reason: string; readonly actor: Actor }): Promise<FreezeResult>;
  unfreeze(input: { readonly scope: FreezeScope; readonly actor: Actor }): Promise<FreezeResult>;
  state(): Promise<FreezeRecord[]>;
  /** The freeze holding this channel, or null. */
  freezeFor(channelId: string): Promise<FreezeRecord | null>;
}

export interface FreezeDeps {
  readonly repo: ControlRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly events: ControlEventSink;
  /** Every channel the app knows: a partial unfreeze under 'freeze all' keeps the others frozen. */
  readonly knownChannels: () => readonly string[];
  /** Called after an unfreeze commits, so held sends are tried at once. */
  readonly onUnfrozen?: (channelIds: readonly string[] | AllChannels) => void;
}

function checkScope(scope: FreezeScope): readonly string[] | AllChannels {
  if (scope === allChannels) return allChannels;
  if (!Array.isArray(scope) || scope.length === 0) throw new AppError('BAD_INPUT', 'Choose the channels to freeze, or all channels.');
  for (const id of scope) {
    if (typeof id !== 'string' || !channelIdPattern.test(id)) throw new AppError('BAD_INPUT', `"${String(id).slice(0, 64)}" is not a channel id.`);
  }
  return [...new Set(scope)];
}

export function createFreezeService(deps: FreezeDeps): FreezeService {
  const { repo, audit, clock, events } = deps;

  const publish = (frozen: FreezeRecord[], changedBy: string, at: string, heldRows: number, inFlight: number): void => {
    events.emit('control.freezeChanged', { frozen, changedBy, at, heldRows, inFlight });
  };

  return {
    async freeze({ scope, reason, actor }) {
      const started = performance.now();
      const channels = checkScope(scope);
      const why = typeof reason === 'string' ? reason.trim() : '';
      // The freeze comes first and the reason may follow (or never come): at 11 pm nobody should
      // have to type before the sending stops. A reason given later completes the record.
      if (why.length > maxFreezeReasonLength) throw new AppError('BAD_INPUT', `Keep the reason under ${maxFreezeReasonLength} characters: it is shown on every screen and kept in the audit log.`);
      const at = clock.now().toISOString();
      // One transaction: the freeze rows, the held reasons and the audit entry commit together, and
      // the gate (which claims inside its own transaction) sees either all of it or none.
      const result = await repo.transaction(async () => {
        const incidentId = (await repo.currentIncident())?.id ?? (await repo.openIncident(at, actor.id, why));
        const scopes = channels === allChannels ? [allChannels] : channels;
        for (const s of scopes) {
          // An existing freeze keeps its original who/when/why: the first person to act is the
          // record; only a reason left empty is filled in.
          const existing = (await repo.freezes()).find((f) => f.scope === s);
          if (existing) {
            if (existing.reason === '' && why !== '') await repo.putFreeze({ ...existing, reason: why });
            continue;
          }
          await repo.putFreeze({ scope: s, frozenBy: actor.id, frozenRole: actor.role, frozenAt: at, reason: why, incidentId });
        }
        // One UPDATE per scope, not per row: freeze stays fast with a long queue.
        let heldRows = 0;
        if (channels === allChannels) {
          const f = await repo.freezeFor(allChannels);
          if (f) heldRows = await repo.holdQueued(allChannels, held({ by: 'freeze', freeze: f }), at);
        } else {
          for (const id of channels) {
            const f = await repo.freezeFor(id);
            if (f) heldRows += await repo.holdQueued([id], held({ by: 'freeze', freeze: f }), at);
          }
        }
        const inFlight = await repo.countOutbox(['claimed'], channels);
        await audit.append({
          actor: actor.id,
          role: actor.role,
          action: 'control.freeze',
          target: channels === allChannels ? 'all channels' : channels.join(','),
          reason: why,
          details: { channels: channels === allChannels ? allChannels : [...channels], incidentId, heldRows, inFlight },
        });
        return { incidentId, heldRows, inFlight };
      });
      const elapsedMs = performance.now() - started;
      const frozen = await repo.freezes();
      publish(frozen, actor.id, at, result.heldRows, result.inFlight);
      return { frozen, ...result, elapsedMs };
    },

    async unfreeze({ scope, actor }) {
      const started = performance.now();
      const channels = checkScope(scope);
      const target = channels === allChannels ? 'all channels' : channels.join(',');
      try {
        requireSupervisor(actor, 'unfreeze a channel');
      } catch (err) {
        // A refused unfreeze is worth knowing about during an incident.
        await audit.append({ actor: actor.id, role: actor.role, action: 'control.unfreeze.refused', target, reason: 'not a supervisor' });
        throw err;
      }
      const at = clock.now().toISOString();
      const result = await repo.transaction(async () => {
        const before = await repo.freezes();
        if (channels === allChannels) await repo.deleteFreezes(allChannels);
        else {
          const everything = before.find((f) => f.scope === allChannels);
          if (everything) {
            // Lifting some channels out of "freeze all": every other known channel stays frozen, by its original record.
            const lifted = new Set(channels);
            for (const id of deps.knownChannels()) {
              if (!lifted.has(id) && !before.some((f) => f.scope === id)) await repo.putFreeze({ ...everything, scope: id });
            }
            await repo.deleteFreezes([allChannels]);
          }
          await repo.deleteFreezes(channels);
        }
        const remaining = await repo.freezes();
        const incident = await repo.currentIncident();
        if (remaining.length === 0 && incident) await repo.closeIncident(incident.id, at, actor.id);
        // Rows of channels no longer frozen are no longer held by a freeze; the outbox sets a new hold if they still wait.
        let released = 0;
        for (const row of await repo.outboxIn(['queued'])) {
          if (row.heldBy === 'freeze' && !(await repo.freezeFor(row.channelId))) released += (await repo.updateOutbox(row.id, { held: null }, at, { status: ['queued'] })) ? 1 : 0;
        }
        await audit.append({
          actor: actor.id,
          role: actor.role,
          action: 'control.unfreeze',
          target,
          details: { channels: channels === allChannels ? allChannels : [...channels], released, stillFrozen: remaining.map((f) => f.scope), incidentId: incident?.id ?? null },
        });
        return { released, incidentId: incident?.id ?? null };
      });
      const elapsedMs = performance.now() - started;
      const frozen = await repo.freezes();
      publish(frozen, actor.id, at, 0, 0);
      deps.onUnfrozen?.(channels);
      return { frozen, heldRows: 0, inFlight: 0, incidentId: result.incidentId, elapsedMs };
    },

    state: () => repo.freezes(),
    freezeFor: (channelId) => repo.freezeFor(channelId),
  };
}
