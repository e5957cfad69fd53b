// The one gate every outbox send passes: it claims a row durably (status, attempt, claimed_at and
// an open ledger entry, committed together) and refuses while the row's channel is frozen, or once
// the approval behind the row has run out (checked at use time, on the injected clock).
// Nothing calls an adapter's publish without a 'claimed' answer from here.
import type { FreezeRecord, OutboxRow } from '../../store/records';
import type { ControlRepository, MonitorRepository } from '../../store/repositories';
import { held } from './held';

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly row: OutboxRow }
  | { readonly kind: 'frozen'; readonly row: OutboxRow; readonly freeze: FreezeRecord }
  | { readonly kind: 'not-due'; readonly row: OutboxRow }
  /** Its approval ran out while it waited: held for a supervisor's confirmation (newlyHeld: by this call). */
  | { readonly kind: 'stale'; readonly row: OutboxRow; readonly newlyHeld: boolean }
  /** A break-glass authorisation used after its window: refused for good (failed), nothing sent. */
  | { readonly kind: 'expired'; readonly row: OutboxRow; readonly why: string }
  | { readonly kind: 'not-queued'; readonly row: OutboxRow | null };

/** True once `now` is at or past the row's approval window (an unreadable end counts as past). */
export function approvalRanOut(row: Pick<OutboxRow, 'approvedUntil'>, now: Date): boolean {
  return row.approvedUntil !== null && !(now.getTime() < Date.parse(row.approvedUntil));
}

export function breakGlassExpiredText(until: string): string {
  return `The break-glass authorisation ran out at ${until} before this could go out, so nothing was sent. If it is still needed, start break-glass again.`;
}

/**
 * The freeze that holds a row, if any. A row a supervisor enqueued "through the freeze" (a
 * holding statement during an incident) is never held: its channel stays in quarantine regardless.
 */
export async function freezeHolding(control: ControlRepository, row: Pick<OutboxRow, 'channelId' | 'throughFreeze'>): Promise<FreezeRecord | null> {
  return row.throughFreeze ? null : await control.freezeFor(row.channelId);
}

/** How long a claim stays the claiming desk's before another may take the row over. */
export const defaultLeaseMs = 60_000;

export interface GateDeps {
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
}

/**
 * Claims `rowId` for sending by `owner` (the desk id) at `now`, leased for `leaseMs`.
 *
 * Ordering (each step commits before the next starts):
 *  1. this transaction: freeze check, due check, OPEN ledger entry (item_id NULL, content hash),
 *     row -> claimed with attempts + 1 and claimed_at;
 *  2. the caller calls adapter.publish;
 *  3. one transaction binds the ledger entry to the item id and marks the row sent.
 * Why the ledger entry comes first: the channel shows the item the moment it accepts it, before
 * its answer reaches us (or we crash); the monitor must then match it as ours by content hash,
 * not raise it as unverified (and, while frozen, retract it).
 * Why the freeze check is in here: a freeze commits either before this transaction (the row is
 * refused) or after it (the send was already in flight), never in between.
 */
export function claimForSend(deps: GateDeps, rowId: number, now: Date, owner: string, leaseMs = defaultLeaseMs): Promise<ClaimResult> {
  const { control, ledger } = deps;
  return control.transaction(async (): Promise<ClaimResult> => {
    // Locked on PostgreSQL, skipped while another desk is claiming it.
    const row = await control.outboxForClaim(rowId);
    if (!row || row.status !== 'queued') return { kind: 'not-queued', row };
    const at = now.toISOString();
    const freeze = await freezeHolding(control, row);
    if (freeze) {
      const hold = held({ by: 'freeze', freeze });
      // Rewritten only when it changed (a later freeze of all channels names a different record).
      if (row.heldBy !== hold.by || row.heldReason !== hold.reason) await control.updateOutbox(row.id, { held: hold }, at, { status: ['queued'] });
      return { kind: 'frozen', row: { ...row, heldBy: hold.by, heldReason: hold.reason }, freeze };
    }
    if (row.notBefore !== null && row.notBefore > at) return { kind: 'not-due', row };
    if (row.approvedUntil !== null && approvalRanOut(row, now)) {
      // One supervisor's authorisation is time-boxed: past it, nobody may send it on its strength.
      if (row.breakGlassId !== null) {
        const why = breakGlassExpiredText(row.approvedUntil);
        const patch = { status: 'failed' as const, notBefore: null, lastError: why };
        await control.updateOutbox(row.id, { ...patch, held: null }, at, { status: ['queued'], attempts: row.attempts });
        return { kind: 'expired', row: { ...row, ...patch, heldBy: null, heldReason: null, updatedAt: at }, why };
      }
      // An approved statement is held, never dropped: a supervisor confirms it or cancels it.
      const hold = held({ by: 'stale-approval', approvedUntil: row.approvedUntil });
      const newlyHeld = row.heldBy !== hold.by;
      if (newlyHeld) await control.updateOutbox(row.id, { held: hold, notBefore: null }, at, { status: ['queued'] });
      return { kind: 'stale', row: { ...row, heldBy: hold.by, heldReason: hold.reason, notBefore: null, updatedAt: newlyHeld ? at : row.updatedAt }, newlyHeld };
    }
    const publicationId = await ledger.recordPublication({
      channelId: row.channelId,
      itemId: null,
      contentHash: row.contentHash,
      statementId: row.statementId,
      approvers: row.approvers,
      publishedAt: at,
    });
    // The lease says how long the claim is this desk's; the raised fence is what its completing writes name.
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const patch = { status: 'claimed' as const, attempts: row.attempts + 1, claimedAt: at, claimedBy: owner, leaseUntil, fence: row.fence + 1, publicationId, notBefore: null };
    if (!await control.updateOutbox(row.id, { ...patch, held: null }, at, { status: ['queued'], attempts: row.attempts })) {
      throw new Error(`outbox row ${row.id} changed inside its claim transaction`);
    }
    return { kind: 'claimed', row: { ...row, ...patch, heldBy: null, heldReason: null, updatedAt: at } };
  });
}
