// Rows of the control tables (freezes, incidents, outbox, evidence, retractions, Lock steps) read
// into records, for either backend: a flag column is SQLite's 0/1 or PostgreSQL's boolean, a
// 64-bit id PostgreSQL's string. Column names, and which patch key writes which column, are fixed
// here and never come from input.
import type { Variant } from '../channels/types';
import type {
  EvidenceRecord,
  FreezeRecord,
  HeldBy,
  IncidentRecord,
  LockStepRecord,
  OutboxPatch,
  OutboxRow,
  OutboxStatus,
  RetractionPatch,
  RetractionRecord,
  RetractionStatus,
} from './records';
import { flag, optNum, optStr, str, type Row } from './row-values';

export const toFreeze = (r: Row): FreezeRecord => ({
  scope: str(r.scope), frozenBy: str(r.frozen_by), frozenRole: str(r.frozen_role), frozenAt: str(r.frozen_at), reason: str(r.reason), incidentId: optNum(r.incident_id),
});
export const toIncident = (r: Row): IncidentRecord => ({
  id: Number(r.id), openedAt: str(r.opened_at), openedBy: str(r.opened_by), reason: str(r.reason), closedAt: optStr(r.closed_at), closedBy: optStr(r.closed_by),
});
export const toOutbox = (r: Row): OutboxRow => ({
  id: Number(r.id),
  statementId: str(r.statement_id),
  channelId: str(r.channel_id),
  variant: JSON.parse(str(r.variant)) as Variant,
  contentHash: str(r.content_hash),
  approvers: JSON.parse(str(r.approvers)) as string[],
  status: str(r.status) as OutboxStatus,
  attempts: Number(r.attempts),
  notBefore: optStr(r.not_before),
  claimedAt: optStr(r.claimed_at),
  claimedBy: optStr(r.claimed_by),
  leaseUntil: optStr(r.lease_until),
  fence: Number(r.fence ?? 0),
  publicationId: optNum(r.publication_id),
  itemId: optStr(r.item_id),
  readBack: optStr(r.read_back) as OutboxRow['readBack'],
  url: optStr(r.url),
  sentAt: optStr(r.sent_at),
  heldBy: optStr(r.held_by) as HeldBy | null,
  heldReason: optStr(r.held_reason),
  lastError: optStr(r.last_error),
  requestedBy: str(r.requested_by),
  requestedRole: str(r.requested_role),
  throughFreeze: flag(r.through_freeze),
  approvedUntil: optStr(r.approved_until),
  breakGlassId: optStr(r.break_glass_id),
  confirmedBy: optStr(r.confirmed_by),
  confirmedAt: optStr(r.confirmed_at),
  cancelledBy: optStr(r.cancelled_by),
  cancelledAt: optStr(r.cancelled_at),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
});
export const toEvidence = (r: Row): EvidenceRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), itemId: str(r.item_id), capturedAt: str(r.captured_at), capturedBy: str(r.captured_by),
  reason: str(r.reason) as EvidenceRecord['reason'], observedAt: str(r.observed_at), publishedAt: optStr(r.published_at), provenance: str(r.provenance),
  raw: str(r.raw), text: str(r.text), normalisedText: str(r.normalised_text), html: optStr(r.html), url: optStr(r.url),
  rawSha256: str(r.raw_sha256), textSha256: str(r.text_sha256), incidentId: optNum(r.incident_id),
});
export const toRetraction = (r: Row): RetractionRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), itemId: str(r.item_id), evidenceId: Number(r.evidence_id), origin: str(r.origin) as RetractionRecord['origin'],
  requestedBy: str(r.requested_by), requestedRole: str(r.requested_role), requestedAt: str(r.requested_at), status: str(r.status) as RetractionStatus,
  attempts: Number(r.attempts), notBefore: optStr(r.not_before), detail: optStr(r.detail), correctionOffered: flag(r.correction_offered), finishedAt: optStr(r.finished_at),
});
export const toLockStep = (r: Row): LockStepRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), actionId: str(r.action_id), label: str(r.label), runBy: str(r.run_by), runAt: str(r.run_at),
  outcome: str(r.outcome) as LockStepRecord['outcome'], detail: str(r.detail), deskId: optStr(r.desk_id),
});

type OutboxColumns = Omit<OutboxPatch, 'held'> & { heldBy?: HeldBy | null; heldReason?: string | null };
const outboxColumnNames: Record<keyof OutboxColumns, string> = {
  status: 'status', attempts: 'attempts', notBefore: 'not_before', claimedAt: 'claimed_at', claimedBy: 'claimed_by', leaseUntil: 'lease_until', fence: 'fence', publicationId: 'publication_id',
  itemId: 'item_id', readBack: 'read_back', url: 'url', sentAt: 'sent_at', heldBy: 'held_by', heldReason: 'held_reason', lastError: 'last_error',
  approvedUntil: 'approved_until', confirmedBy: 'confirmed_by', confirmedAt: 'confirmed_at', cancelledBy: 'cancelled_by', cancelledAt: 'cancelled_at',
};
const retractionColumnNames: Record<keyof RetractionPatch, string> = {
  status: 'status', attempts: 'attempts', notBefore: 'not_before', detail: 'detail', correctionOffered: 'correction_offered', finishedAt: 'finished_at',
};

export type ColumnValue = string | number | boolean | null;

/** The columns a patch writes, in order, with their values; keys left undefined are left out. */
function columnsOf<P extends object>(patch: P, names: Record<keyof P, string>): { column: string; value: ColumnValue }[] {
  const out: { column: string; value: ColumnValue }[] = [];
  for (const [key, value] of Object.entries(patch) as [keyof P, unknown][]) {
    if (value !== undefined) out.push({ column: names[key], value: value as ColumnValue });
  }
  return out;
}

/** An outbox patch as columns: `held` is two columns, always written together. */
export function outboxPatchColumns({ held, ...rest }: OutboxPatch): { column: string; value: ColumnValue }[] {
  const columns: OutboxColumns = held === undefined ? rest : { ...rest, heldBy: held?.by ?? null, heldReason: held?.reason ?? null };
  return columnsOf(columns, outboxColumnNames);
}

export const retractionPatchColumns = (patch: RetractionPatch): { column: string; value: ColumnValue }[] => columnsOf(patch, retractionColumnNames);
