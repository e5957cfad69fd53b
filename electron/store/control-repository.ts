// SQLite storage of the control room's own state: freezes and incidents, outbox rows, evidence,
// retraction jobs and Lock steps (the ControlRepository interface is in repositories.ts). The
// services in electron/core/control, /outbox and /evidence decide what the rows mean.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { allChannels } from '../shared/all-channels';
import type {
  HeldBy,
  OutboxPatch,
  OutboxRow,
  RetractionPatch,
  RetractionRecord,
} from './records';
import { toEvidence, toFreeze, toIncident, toLockStep, toOutbox, toRetraction } from './control-rows';
import type { ControlRepository } from './repositories';
import { optStr, type Row } from './row-values';
import { gated, sqliteTransactions } from './transaction';

type OutboxColumns = Omit<OutboxPatch, 'held'> & { heldBy?: HeldBy | null; heldReason?: string | null };
const outboxColumns: Record<keyof OutboxColumns, string> = {
  status: 'status', attempts: 'attempts', notBefore: 'not_before', claimedAt: 'claimed_at', claimedBy: 'claimed_by', leaseUntil: 'lease_until', fence: 'fence', publicationId: 'publication_id',
  itemId: 'item_id', readBack: 'read_back', url: 'url', sentAt: 'sent_at', heldBy: 'held_by', heldReason: 'held_reason', lastError: 'last_error',
  approvedUntil: 'approved_until', confirmedBy: 'confirmed_by', confirmedAt: 'confirmed_at', cancelledBy: 'cancelled_by', cancelledAt: 'cancelled_at',
};
/** `held` is two columns, always written together. */
function outboxColumnsOf({ held, ...rest }: OutboxPatch): OutboxColumns {
  return held === undefined ? rest : { ...rest, heldBy: held?.by ?? null, heldReason: held?.reason ?? null };
}
const retractionColumns: Record<keyof RetractionPatch, string> = {
  status: 'status', attempts: 'attempts', notBefore: 'not_before', detail: 'detail', correctionOffered: 'correction_offered', finishedAt: 'finished_at',
};

/** Builds "a = ?, b = ?" from a patch; column names come from the fixed maps above, never from input. */
function assignments<P extends object>(patch: P, columns: Record<keyof P, string>): { sql: string; values: SQLInputValue[] } {
  const parts: string[] = [];
  const values: SQLInputValue[] = [];
  for (const [key, value] of Object.entries(patch) as [keyof P, unknown][]) {
    if (value === undefined) continue;
    parts.push(`${columns[key]} = ?`);
    values.push(typeof value === 'boolean' ? (value ? 1 : 0) : (value as SQLInputValue));
  }
  return { sql: parts.join(', '), values };
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export function createSqliteControlRepository(db: DatabaseSync): ControlRepository {
  const all = (sql: string, ...params: SQLInputValue[]): Row[] => db.prepare(sql).all(...params) as Row[];
  const one = (sql: string, ...params: SQLInputValue[]): Row | undefined => db.prepare(sql).get(...params) as Row | undefined;
  const run = (sql: string, ...params: SQLInputValue[]) => db.prepare(sql).run(...params);

  const getOutbox = (id: number): OutboxRow | null => {
    const r = one('SELECT * FROM outbox WHERE id = ?', id);
    return r ? toOutbox(r) : null;
  };
  const getRetraction = (id: number): RetractionRecord | null => {
    const r = one('SELECT * FROM retractions WHERE id = ?', id);
    return r ? toRetraction(r) : null;
  };

  return gated<ControlRepository>(db, {
    transaction: sqliteTransactions(db).transaction,
    freezes: () => all('SELECT * FROM freezes ORDER BY frozen_at, scope').map(toFreeze),
    freezeFor: (channelId) => {
      // The channel's own freeze first: it names the more specific reason.
      const r = one('SELECT * FROM freezes WHERE scope IN (?, ?) ORDER BY scope = ? LIMIT 1', channelId, allChannels, allChannels);
      return r ? toFreeze(r) : null;
    },
    putFreeze: (f) => {
      run(
        'INSERT OR REPLACE INTO freezes (scope, frozen_by, frozen_role, frozen_at, reason, incident_id) VALUES (?, ?, ?, ?, ?, ?)',
        f.scope, f.frozenBy, f.frozenRole, f.frozenAt, f.reason, f.incidentId,
      );
    },
    deleteFreezes: (scopes) =>
      scopes === allChannels ? Number(run('DELETE FROM freezes').changes) : scopes.length === 0 ? 0 : Number(run(`DELETE FROM freezes WHERE scope IN (${marks(scopes.length)})`, ...scopes).changes),
    openIncident: (at, by, reason) => Number(run('INSERT INTO incidents (opened_at, opened_by, reason) VALUES (?, ?, ?)', at, by, reason).lastInsertRowid),
    latestIncident: () => {
      const r = one('SELECT * FROM incidents ORDER BY id DESC LIMIT 1');
      return r ? toIncident(r) : null;
    },
    currentIncident: () => {
      const r = one('SELECT * FROM incidents WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1');
      return r ? toIncident(r) : null;
    },
    incident: (id) => {
      const r = one('SELECT * FROM incidents WHERE id = ?', id);
      return r ? toIncident(r) : null;
    },
    closeIncident: (id, at, by) => {
      run('UPDATE incidents SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL', at, by, id);
    },
    insertOutbox: (n) => {
      // A row cancelled before it went out is queued afresh when the statement is published again;
      // any other existing row is returned as it stands (enqueueing is idempotent).
      run(
        `INSERT INTO outbox (statement_id, channel_id, variant, content_hash, approvers, status, not_before, held_by, held_reason, requested_by, requested_role, through_freeze, approved_until, break_glass_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (statement_id, channel_id) DO UPDATE SET
           variant = excluded.variant, content_hash = excluded.content_hash, approvers = excluded.approvers, status = 'queued', attempts = 0,
           not_before = excluded.not_before, claimed_at = NULL, claimed_by = NULL, publication_id = NULL, item_id = NULL, read_back = NULL, url = NULL,
           sent_at = NULL, held_by = excluded.held_by, held_reason = excluded.held_reason, last_error = NULL, requested_by = excluded.requested_by,
           requested_role = excluded.requested_role, through_freeze = excluded.through_freeze, approved_until = excluded.approved_until,
           break_glass_id = excluded.break_glass_id, confirmed_by = NULL, confirmed_at = NULL, cancelled_by = NULL, cancelled_at = NULL, updated_at = excluded.updated_at
         WHERE outbox.status = 'cancelled'`,
        n.statementId, n.channelId, JSON.stringify(n.variant), n.contentHash, JSON.stringify(n.approvers), n.notBefore, n.held?.by ?? null, n.held?.reason ?? null,
        n.requestedBy, n.requestedRole, n.throughFreeze ? 1 : 0, n.approvedUntil ?? null, n.breakGlassId ?? null, n.at, n.at,
      );
      const r = one('SELECT * FROM outbox WHERE statement_id = ? AND channel_id = ?', n.statementId, n.channelId);
      if (!r) throw new Error('outbox row vanished after insert');
      return toOutbox(r);
    },
    outbox: getOutbox,
    outboxByStatement: (statementId) => all('SELECT * FROM outbox WHERE statement_id = ? ORDER BY id', statementId).map(toOutbox),
    outboxIn: (statuses, channelIds) => {
      if (statuses.length === 0 || (channelIds && channelIds.length === 0)) return [];
      const byChannel = channelIds ? ` AND channel_id IN (${marks(channelIds.length)})` : '';
      return all(`SELECT * FROM outbox WHERE status IN (${marks(statuses.length)})${byChannel} ORDER BY id`, ...statuses, ...(channelIds ?? [])).map(toOutbox);
    },
    outboxForClaim: getOutbox,
    updateOutbox: (id, patch, at, expect) => {
      const set = assignments(outboxColumnsOf(patch), outboxColumns);
      const attempts = expect.attempts === undefined ? '' : ' AND attempts = ?';
      const fence = expect.fence === undefined ? '' : ' AND fence = ?';
      const sql = `UPDATE outbox SET ${set.sql}${set.sql ? ', ' : ''}updated_at = ? WHERE id = ? AND status IN (${marks(expect.status.length)})${attempts}${fence}`;
      const params: SQLInputValue[] = [...set.values, at, id, ...expect.status, ...(expect.attempts === undefined ? [] : [expect.attempts]), ...(expect.fence === undefined ? [] : [expect.fence])];
      return Number(run(sql, ...params).changes) === 1;
    },
    takeOverOutbox: (id, take) => {
      const r = one(
        `UPDATE outbox SET status = 'unknown', claimed_by = ?, lease_until = ?, fence = fence + 1, updated_at = ?
         WHERE id = ? AND status IN ('claimed', 'unknown') AND fence = ? AND (lease_until IS NULL OR lease_until <= ? OR claimed_by = ?) RETURNING *`,
        take.owner, take.leaseUntil, take.at, id, take.fence, take.at, take.owner,
      );
      return r ? toOutbox(r) : null;
    },
    renewOutboxLease: (id, fence, leaseUntil, at) =>
      Number(run("UPDATE outbox SET lease_until = ?, updated_at = ? WHERE id = ? AND fence = ? AND status IN ('claimed', 'unknown')", leaseUntil, at, id, fence).changes) === 1,
    holdQueued: (channelIds, held, at) => {
      const set = 'UPDATE outbox SET held_by = ?, held_reason = ?, updated_at = ? WHERE status = \'queued\'';
      const values = [held?.by ?? null, held?.reason ?? null, at];
      if (channelIds === allChannels) return Number(run(set, ...values).changes);
      if (channelIds.length === 0) return 0;
      return Number(run(`${set} AND channel_id IN (${marks(channelIds.length)})`, ...values, ...channelIds).changes);
    },
    countOutbox: (statuses, channelIds) => {
      if (statuses.length === 0 || (channelIds !== allChannels && channelIds.length === 0)) return 0;
      const byChannel = channelIds === allChannels ? '' : ` AND channel_id IN (${marks(channelIds.length)})`;
      const r = one(`SELECT count(*) AS n FROM outbox WHERE status IN (${marks(statuses.length)})${byChannel}`, ...statuses, ...(channelIds === allChannels ? [] : channelIds));
      return Number(r?.n ?? 0);
    },
    publicationItem: (publicationId) => {
      const r = one('SELECT item_id FROM publications WHERE id = ?', publicationId);
      return r ? optStr(r.item_id) : undefined;
    },
    releaseOpenPublication: (publicationId) => Number(run('DELETE FROM publications WHERE id = ? AND item_id IS NULL', publicationId).changes) === 1,
    insertEvidence: (e) => {
      run(
        `INSERT OR IGNORE INTO evidence (channel_id, item_id, captured_at, captured_by, reason, observed_at, published_at, provenance, raw, text, normalised_text, html, url, raw_sha256, text_sha256, incident_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        e.channelId, e.itemId, e.capturedAt, e.capturedBy, e.reason, e.observedAt, e.publishedAt, e.provenance, e.raw, e.text, e.normalisedText, e.html, e.url, e.rawSha256, e.textSha256, e.incidentId,
      );
      // An identical capture of the same item already stands as the evidence: reuse it.
      const r = one('SELECT * FROM evidence WHERE channel_id = ? AND item_id = ? AND raw_sha256 = ?', e.channelId, e.itemId, e.rawSha256);
      if (!r) throw new Error('evidence row vanished after insert');
      return toEvidence(r);
    },
    evidence: (id) => {
      const r = one('SELECT * FROM evidence WHERE id = ?', id);
      return r ? toEvidence(r) : null;
    },
    evidenceBetween: (from, to) => all('SELECT * FROM evidence WHERE captured_at >= ? AND captured_at <= ? ORDER BY captured_at, id', from, to).map(toEvidence),
    insertRetraction: (n) => {
      const existing = one("SELECT * FROM retractions WHERE channel_id = ? AND item_id = ? AND status IN ('pending', 'running')", n.channelId, n.itemId);
      if (existing) return { record: toRetraction(existing), created: false };
      const id = Number(
        run(
          `INSERT INTO retractions (channel_id, item_id, evidence_id, origin, requested_by, requested_role, requested_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
          n.channelId, n.itemId, n.evidenceId, n.origin, n.requestedBy, n.requestedRole, n.requestedAt,
        ).lastInsertRowid,
      );
      const record = getRetraction(id);
      if (!record) throw new Error('retraction row vanished after insert');
      return { record, created: true };
    },
    retraction: getRetraction,
    retractionsIn: (statuses, channelId) => {
      if (statuses.length === 0) return [];
      const byChannel = channelId === undefined ? '' : ' AND channel_id = ?';
      return all(`SELECT * FROM retractions WHERE status IN (${marks(statuses.length)})${byChannel} ORDER BY id`, ...statuses, ...(channelId === undefined ? [] : [channelId])).map(toRetraction);
    },
    updateRetraction: (id, patch) => {
      const set = assignments(patch, retractionColumns);
      if (set.sql) run(`UPDATE retractions SET ${set.sql} WHERE id = ?`, ...set.values, id);
    },
    insertLockStep: (s) => {
      const id = Number(
        run('INSERT INTO lock_steps (channel_id, action_id, label, run_by, run_at, outcome, detail, desk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', s.channelId, s.actionId, s.label, s.runBy, s.runAt, s.outcome, s.detail, s.deskId).lastInsertRowid,
      );
      return { id, ...s };
    },
    lockSteps: (channelId) =>
      (channelId === undefined ? all('SELECT * FROM lock_steps ORDER BY id') : all('SELECT * FROM lock_steps WHERE channel_id = ? ORDER BY id', channelId)).map(toLockStep),
  });
}
