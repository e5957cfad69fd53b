// What a supervisor decides about sends that have not gone out: confirm a statement whose approval
// ran out while it waited (one click, a fresh approval window from now), or cancel what of it has
// not gone out (scheduled, queued or held). Both are audited and both tell every screen.
import type { OutboxRow } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import { AppError } from '../../shared/result';
import type { Clock } from '../../lib/clock';
import type { AuditLog } from '../audit/audit-log';
import type { ControlEventSink } from '../control/events';
import { requireSupervisor, type Actor } from '../control/types';
import { announceAwaiting, awaitingConfirmation, progressEvent, waitsForConfirmation, type AwaitingConfirmation } from './progress';

export interface CancelResult {
  readonly rows: OutboxRow[];
  /** True when no row of the statement went out (or may have): it can be published again. */
  readonly nothingSent: boolean;
}

export interface SendDecisions {
  /** Statements with sends held for a confirmation, oldest first. */
  awaitingConfirmation(): Promise<AwaitingConfirmation[]>;
  /** Releases the statement's held sends, valid for `validForMs` from now; the caller checked a fresh passphrase. */
  confirm(statementId: string, actor: Actor, validForMs: number): Promise<OutboxRow[]>;
  /** Cancels every queued row of the statement; claimed or sent rows are not touched. */
  cancel(statementId: string, actor: Actor): Promise<CancelResult>;
}

export interface SendDecisionDeps {
  readonly control: ControlRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly events: ControlEventSink;
  /** Wakes the send loop. */
  readonly kick: () => void;
}

export function createSendDecisions({ control, audit, clock, events, kick }: SendDecisionDeps): SendDecisions {
  const report = async (rows: readonly OutboxRow[], state: 'queued' | 'cancelled', at: string): Promise<void> => {
    for (const r of rows) events.emit('outbox.progress', progressEvent(r, state, null, at));
    await announceAwaiting(control, events, at);
  };

  return {
    awaitingConfirmation: () => awaitingConfirmation(control),

    async confirm(statementId, actor, validForMs) {
      requireSupervisor(actor, 'confirm a statement whose approval ran out');
      const now = clock.now();
      const at = now.toISOString();
      const until = new Date(now.getTime() + validForMs).toISOString();
      const rows = await control.transaction(async () => {
        const waiting = (await control.outboxByStatement(statementId)).filter(waitsForConfirmation);
        if (waiting.length === 0) {
          throw new AppError('CONFLICT', 'Nothing of this statement is waiting for a confirmation: someone may have confirmed or cancelled it already. Refresh to see where it stands.');
        }
        const released: OutboxRow[] = [];
        for (const r of waiting) {
          const patch = { held: null, notBefore: null, approvedUntil: until, confirmedBy: actor.id, confirmedAt: at };
          if (await control.updateOutbox(r.id, patch, at, { status: ['queued'], attempts: r.attempts })) released.push(r);
        }
        await audit.append({
          actor: actor.id, role: actor.role, action: 'outbox.confirmed', target: statementId,
          details: { channels: released.map((r) => r.channelId), approvalRanOutAt: waiting[0]?.approvedUntil ?? null, validUntil: until },
        });
        const fresh = await Promise.all(released.map((r) => control.outbox(r.id)));
        return fresh.filter((r): r is OutboxRow => r !== null);
      });
      await report(rows, 'queued', at);
      kick();
      return rows;
    },

    async cancel(statementId, actor) {
      requireSupervisor(actor, 'cancel a send');
      const at = clock.now().toISOString();
      const result = await control.transaction(async (): Promise<CancelResult> => {
        const all = await control.outboxByStatement(statementId);
        const queued = all.filter((r) => r.status === 'queued');
        if (queued.length === 0) {
          const inFlight = all.some((r) => r.status === 'claimed' || r.status === 'unknown');
          throw new AppError(
            'CONFLICT',
            inFlight
              ? 'It is being sent right now and cannot be stopped; what reaches a channel can be retracted from its column.'
              : 'Nothing of this statement is waiting to go out: what was sent stays sent (retract it from its column instead).',
          );
        }
        // Compare-and-set on queued: a row the loop claims first is sending and stays so.
        const cancelled: OutboxRow[] = [];
        for (const r of queued) {
          const patch = { status: 'cancelled' as const, held: null, notBefore: null, cancelledBy: actor.id, cancelledAt: at };
          if (await control.updateOutbox(r.id, patch, at, { status: ['queued'], attempts: r.attempts })) cancelled.push(r);
        }
        await audit.append({ actor: actor.id, role: actor.role, action: 'outbox.cancelled', target: statementId, details: { channels: cancelled.map((r) => r.channelId) } });
        const after = await control.outboxByStatement(statementId);
        return {
          rows: after.filter((r) => cancelled.some((c) => c.id === r.id)),
          nothingSent: after.every((r) => r.status === 'cancelled' || r.status === 'failed'),
        };
      });
      await report(result.rows, 'cancelled', at);
      return result;
    },
  };
}
