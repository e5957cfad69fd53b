// How an outbox row is reported to the screens: its progress event, the state a waiting row shows,
// and the statements that wait for a supervisor's confirmation. Shared by the send loop and by
// the supervisor's decisions (confirm, cancel), so both say the same thing about a row.
import type { OutboxRow } from '../../store/records';
import type { ControlRepository } from '../../store/repositories';
import type { ControlEventPayload, ControlEventSink, OutboxProgressState } from '../control/events';

export function progressEvent(row: OutboxRow, state: OutboxProgressState, error: string | null, at: string): ControlEventPayload<'outbox.progress'> {
  return {
    rowId: row.id, statementId: row.statementId, channelId: row.channelId, state, attempt: row.attempts, heldBy: row.heldBy, heldReason: row.heldReason,
    notBefore: row.notBefore, itemId: row.itemId, url: row.url, error, at,
  };
}

/** What a queued row that is not being sent shows. */
export function waitingState(row: OutboxRow, at: string): OutboxProgressState {
  if (row.heldBy === 'freeze' || row.heldBy === 'stale-approval') return 'held';
  if (row.heldBy === 'rate-limit') return 'rate-limited';
  if (row.attempts > 0) return 'retrying';
  return row.notBefore !== null && row.notBefore > at ? 'scheduled' : 'queued';
}

/** Held until a supervisor confirms it (or cancels it): the send loop leaves it alone. */
export function waitsForConfirmation(row: Pick<OutboxRow, 'status' | 'heldBy'>): boolean {
  return row.status === 'queued' && row.heldBy === 'stale-approval';
}

export interface AwaitingConfirmation {
  readonly statementId: string;
  readonly channelIds: readonly string[];
  readonly approvedUntil: string;
  readonly heldSince: string;
}

/** Every statement with sends held for a confirmation, oldest first. */
export async function awaitingConfirmation(control: ControlRepository): Promise<AwaitingConfirmation[]> {
  const byStatement = new Map<string, OutboxRow[]>();
  for (const r of (await control.outboxIn(['queued'])).filter(waitsForConfirmation)) byStatement.set(r.statementId, [...(byStatement.get(r.statementId) ?? []), r]);
  return [...byStatement.entries()].map(([statementId, rows]) => ({
    statementId,
    channelIds: rows.map((r) => r.channelId),
    approvedUntil: rows.map((r) => r.approvedUntil ?? '').reduce((a, b) => (a < b ? a : b)),
    heldSince: rows.map((r) => r.updatedAt).reduce((a, b) => (a < b ? a : b)),
  }));
}

/** Tells every screen the whole set again (a late listener needs nothing else). */
export async function announceAwaiting(control: ControlRepository, events: ControlEventSink, at: string): Promise<void> {
  const statementIds = (await awaitingConfirmation(control)).map((a) => a.statementId);
  events.emit('outbox.awaitingConfirmation', { statementIds, at });
}
