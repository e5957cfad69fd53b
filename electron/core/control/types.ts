// What the control, outbox and evidence services share: who acts, and the one
// role rule the services enforce themselves (the contract layer checks roles first).
import { AppError } from '../../shared/result';
import type { AuditRole } from '../audit/audit-log';
import { redact } from '../../lib/log';

/** Who asks for an action. 'system' acts for the app itself (quarantine, scheduled sends). */
export interface Actor {
  readonly id: string;
  readonly role: AuditRole;
}

export const systemActor: Actor = { id: 'system', role: 'system' };

/**
 * Reducing exposure needs anyone signed in; undoing a freeze, taking items back and Lock need a
 * supervisor. An admin may act as one (as for approvals), never an operator.
 */
export function requireSupervisor(actor: Actor, what: string): void {
  if (actor.role !== 'supervisor' && actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', `Only a supervisor can ${what}. Ask a supervisor to sign in and do it.`);
  }
}

/** An error's message for people, the audit log and events: registered secrets blanked out. */
export function describeError(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}
