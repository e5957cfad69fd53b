// Records one Lock step, whatever its outcome: the row (with the desk it ran on), the audit entry
// and the event every screen (on every desk, through the change feed) refreshes from.
import type { LockStepRecord } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import type { ControlEventSink } from './events';
import type { Actor } from './types';

export interface LockRecordDeps {
  readonly control: ControlRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly events: ControlEventSink;
}

export interface StepToRecord {
  readonly channelId: string;
  readonly actionId: string;
  readonly label: string;
  readonly outcome: LockStepRecord['outcome'];
  readonly detail: string;
  readonly actor: Actor;
  readonly deskId: string | null;
  /** More for the audit entry (which desk asked, which credential). */
  readonly auditDetails?: Record<string, unknown>;
}

export async function recordLockStep(deps: LockRecordDeps, s: StepToRecord): Promise<LockStepRecord> {
  const at = deps.clock.now().toISOString();
  const { channelId, actionId, label, outcome, detail, actor, deskId } = s;
  const step = await deps.control.transaction(async () => {
    const record = await deps.control.insertLockStep({ channelId, actionId, label, runBy: actor.id, runAt: at, outcome, detail, deskId });
    await deps.audit.append({
      actor: actor.id, role: actor.role, action: 'lock.step', target: `${channelId}:${actionId}`,
      details: { label, outcome, detail, ...(deskId !== null ? { desk: deskId } : {}), ...s.auditDetails },
    });
    return record;
  });
  deps.events.emit('lock.stepRecorded', { channelId, actionId, label, outcome, detail, runBy: actor.id, at, stepId: step.id, deskId });
  return step;
}
