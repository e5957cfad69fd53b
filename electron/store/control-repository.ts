// Storage of the control room's own state: freezes and incidents, outbox rows, evidence,
// retraction jobs and Lock steps. Synchronous SQLite behind one interface; the services in
// electron/core/control, /outbox and /evidence decide what the rows mean.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { Variant } from '../channels/types';

export interface FreezeRecord {
  /** A channel id, or '*' for every channel. */
  readonly scope: string;
  readonly frozenBy: string;
  readonly frozenRole: string;
  readonly frozenAt: string;
  readonly reason: string;
  readonly incidentId: number | null;
}

export interface IncidentRecord {
  readonly id: number;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly reason: string;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
}

export const outboxStatuses = ['queued', 'claimed', 'unknown', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface OutboxRow {
  readonly id: number;
  readonly statementId: string;
  readonly channelId: string;
  readonly variant: Variant;
  readonly contentHash: string;
  readonly approvers: readonly string[];
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly notBefore: string | null;
  readonly claimedAt: string | null;
  readonly claimedBy: string | null;
  readonly publicationId: number | null;
  readonly itemId: string | null;
  readonly readBack: 'item-id' | 'content' | null;
  readonly url: string | null;
  readonly sentAt: string | null;
  readonly heldReason: string | null;
  readonly lastError: string | null;
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly throughFreeze: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewOutboxRow {
  readonly statementId: string;
  readonly channelId: string;
  readonly variant: Variant;
  readonly contentHash: string;
  readonly approvers: readonly string[];
  readonly notBefore: string | null;
  readonly heldReason: string | null;
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly throughFreeze: boolean;
  readonly at: string;
}

/** Column updates of one outbox row; keys left out keep their value. */
export type OutboxPatch = Partial<Pick<OutboxRow, 'status' | 'attempts' | 'notBefore' | 'claimedAt' | 'claimedBy' | 'publicationId' | 'itemId' | 'readBack' | 'url' | 'sentAt' | 'heldReason' | 'lastError'>>;

export interface EvidenceRecord {
  readonly id: number;
  readonly channelId: string;
  readonly itemId: string;
  readonly capturedAt: string;
  readonly capturedBy: string;
  readonly reason: 'quarantine' | 'retract';
  readonly observedAt: string;
  readonly publishedAt: string | null;
  readonly provenance: string;
  readonly raw: string;
  readonly text: string;
  readonly normalisedText: string;
  readonly html: string | null;
  readonly url: string | null;
  readonly rawSha256: string;
  readonly textSha256: string;
  readonly incidentId: number | null;
}
export type NewEvidence = Omit<EvidenceRecord, 'id'>;

export const retractionStatuses = ['pending', 'running', 'retracted', 'already-gone', 'impossible', 'failed'] as const;
export type RetractionStatus = (typeof retractionStatuses)[number];

export interface RetractionRecord {
  readonly id: number;
  readonly channelId: string;
  readonly itemId: string;
  readonly evidenceId: number;
  readonly origin: 'manual' | 'since' | 'quarantine';
  readonly requestedBy: string;
  readonly requestedRole: string;
  readonly requestedAt: string;
  readonly status: RetractionStatus;
  readonly attempts: number;
  readonly notBefore: string | null;
  readonly detail: string | null;
  readonly correctionOffered: boolean;
  readonly finishedAt: string | null;
}
export type NewRetraction = Pick<RetractionRecord, 'channelId' | 'itemId' | 'evidenceId' | 'origin' | 'requestedBy' | 'requestedRole' | 'requestedAt'>;
export type RetractionPatch = Partial<Pick<RetractionRecord, 'status' | 'attempts' | 'notBefore' | 'detail' | 'correctionOffered' | 'finishedAt'>>;

export interface LockStepRecord {
  readonly id: number;
  readonly channelId: string;
  readonly actionId: string;
  readonly label: string;
  readonly runBy: string;
  readonly runAt: string;
  readonly outcome: 'done' | 'manual' | 'failed';
  readonly detail: string;
}

export interface ControlRepository {
  /** Joins an open transaction (any repository's on this connection), else runs BEGIN IMMEDIATE. */
  transaction<T>(fn: () => T): T;
  freezes(): FreezeRecord[];
  /** The freeze that holds this channel (its own, else the '*' one), or null. */
  freezeFor(channelId: string): FreezeRecord | null;
  putFreeze(f: FreezeRecord): void;
  deleteFreezes(scopes: readonly string[] | 'all'): number;
  openIncident(at: string, by: string, reason: string): number;
  currentIncident(): IncidentRecord | null;
  /** The newest incident, open or closed. */
  latestIncident(): IncidentRecord | null;
  incident(id: number): IncidentRecord | null;
  closeIncident(id: number, at: string, by: string): void;
  /** INSERT OR IGNORE on (statement, channel); returns the row either way. */
  insertOutbox(row: NewOutboxRow): OutboxRow;
  outbox(id: number): OutboxRow | null;
  outboxByStatement(statementId: string): OutboxRow[];
  /** Rows in a given status, oldest first; all channels when channelIds is omitted. */
  outboxIn(statuses: readonly OutboxStatus[], channelIds?: readonly string[]): OutboxRow[];
  /** Compare-and-set: applies only while the row still has `expect.status` (and `expect.attempts`). */
  updateOutbox(id: number, patch: OutboxPatch, at: string, expect: { status: readonly OutboxStatus[]; attempts?: number }): boolean;
  /** Sets (or clears) the held reason of every queued row on these channels; returns how many. */
  setQueuedHeldReason(channelIds: readonly string[] | 'all', reason: string | null, at: string): number;
  countOutbox(statuses: readonly OutboxStatus[], channelIds: readonly string[] | 'all'): number;
  /** The ledger entry's item id (null = still open), or undefined when the entry is gone. */
  publicationItem(publicationId: number): string | null | undefined;
  /** Deletes a still-open ledger entry: the send it stood for is known not to have happened. */
  releaseOpenPublication(publicationId: number): boolean;
  insertEvidence(e: NewEvidence): EvidenceRecord;
  evidence(id: number): EvidenceRecord | null;
  evidenceBetween(fromIso: string, toIso: string): EvidenceRecord[];
  insertRetraction(r: NewRetraction): { record: RetractionRecord; created: boolean };
  retraction(id: number): RetractionRecord | null;
  retractionsIn(statuses: readonly RetractionStatus[], channelId?: string): RetractionRecord[];
  updateRetraction(id: number, patch: RetractionPatch): void;
  insertLockStep(s: Omit<LockStepRecord, 'id'>): LockStepRecord;
  lockSteps(channelId?: string): LockStepRecord[];
}

type Row = Record<string, unknown>;
const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const toFreeze = (r: Row): FreezeRecord => ({
  scope: str(r.scope), frozenBy: str(r.frozen_by), frozenRole: str(r.frozen_role), frozenAt: str(r.frozen_at), reason: str(r.reason), incidentId: optNum(r.incident_id),
});
const toIncident = (r: Row): IncidentRecord => ({
  id: Number(r.id), openedAt: str(r.opened_at), openedBy: str(r.opened_by), reason: str(r.reason), closedAt: optStr(r.closed_at), closedBy: optStr(r.closed_by),
});
const toOutbox = (r: Row): OutboxRow => ({
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
  publicationId: optNum(r.publication_id),
  itemId: optStr(r.item_id),
  readBack: optStr(r.read_back) as OutboxRow['readBack'],
  url: optStr(r.url),
  sentAt: optStr(r.sent_at),
  heldReason: optStr(r.held_reason),
  lastError: optStr(r.last_error),
  requestedBy: str(r.requested_by),
  requestedRole: str(r.requested_role),
  throughFreeze: Number(r.through_freeze) === 1,
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
});
const toEvidence = (r: Row): EvidenceRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), itemId: str(r.item_id), capturedAt: str(r.captured_at), capturedBy: str(r.captured_by),
  reason: str(r.reason) as EvidenceRecord['reason'], observedAt: str(r.observed_at), publishedAt: optStr(r.published_at), provenance: str(r.provenance),
  raw: str(r.raw), text: str(r.text), normalisedText: str(r.normalised_text), html: optStr(r.html), url: optStr(r.url),
  rawSha256: str(r.raw_sha256), textSha256: str(r.text_sha256), incidentId: optNum(r.incident_id),
});
const toRetraction = (r: Row): RetractionRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), itemId: str(r.item_id), evidenceId: Number(r.evidence_id), origin: str(r.origin) as RetractionRecord['origin'],
  requestedBy: str(r.requested_by), requestedRole: str(r.requested_role), requestedAt: str(r.requested_at), status: str(r.status) as RetractionStatus,
  attempts: Number(r.attempts), notBefore: optStr(r.not_before), detail: optStr(r.detail), correctionOffered: Number(r.correction_offered) === 1, finishedAt: optStr(r.finished_at),
});
const toLockStep = (r: Row): LockStepRecord => ({
  id: Number(r.id), channelId: str(r.channel_id), actionId: str(r.action_id), label: str(r.label), runBy: str(r.run_by), runAt: str(r.run_at),
  outcome: str(r.outcome) as LockStepRecord['outcome'], detail: str(r.detail),
});

const outboxColumns: Record<keyof OutboxPatch, string> = {
  status: 'status', attempts: 'attempts', notBefore: 'not_before', claimedAt: 'claimed_at', claimedBy: 'claimed_by', publicationId: 'publication_id',
  itemId: 'item_id', readBack: 'read_back', url: 'url', sentAt: 'sent_at', heldReason: 'held_reason', lastError: 'last_error',
};
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

  const transaction = <T>(fn: () => T): T => {
    // Other repositories on this connection may have the transaction open: join it.
    if (db.isTransaction) return fn();
    db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      db.exec('COMMIT');
      return out;
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  };

  const getOutbox = (id: number): OutboxRow | null => {
    const r = one('SELECT * FROM outbox WHERE id = ?', id);
    return r ? toOutbox(r) : null;
  };
  const getRetraction = (id: number): RetractionRecord | null => {
    const r = one('SELECT * FROM retractions WHERE id = ?', id);
    return r ? toRetraction(r) : null;
  };

  return {
    transaction,
    freezes: () => all('SELECT * FROM freezes ORDER BY frozen_at, scope').map(toFreeze),
    freezeFor: (channelId) => {
      // The channel's own freeze first: it names the more specific reason.
      const r = one("SELECT * FROM freezes WHERE scope IN (?, '*') ORDER BY scope = '*' LIMIT 1", channelId);
      return r ? toFreeze(r) : null;
    },
    putFreeze: (f) => {
      run(
        'INSERT OR REPLACE INTO freezes (scope, frozen_by, frozen_role, frozen_at, reason, incident_id) VALUES (?, ?, ?, ?, ?, ?)',
        f.scope, f.frozenBy, f.frozenRole, f.frozenAt, f.reason, f.incidentId,
      );
    },
    deleteFreezes: (scopes) =>
      scopes === 'all' ? Number(run('DELETE FROM freezes').changes) : scopes.length === 0 ? 0 : Number(run(`DELETE FROM freezes WHERE scope IN (${marks(scopes.length)})`, ...scopes).changes),
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
      run(
        `INSERT OR IGNORE INTO outbox (statement_id, channel_id, variant, content_hash, approvers, status, not_before, held_reason, requested_by, requested_role, through_freeze, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        n.statementId, n.channelId, JSON.stringify(n.variant), n.contentHash, JSON.stringify(n.approvers), n.notBefore, n.heldReason, n.requestedBy, n.requestedRole, n.throughFreeze ? 1 : 0, n.at, n.at,
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
    updateOutbox: (id, patch, at, expect) => {
      const set = assignments(patch, outboxColumns);
      const attempts = expect.attempts === undefined ? '' : ' AND attempts = ?';
      const sql = `UPDATE outbox SET ${set.sql}${set.sql ? ', ' : ''}updated_at = ? WHERE id = ? AND status IN (${marks(expect.status.length)})${attempts}`;
      const params: SQLInputValue[] = [...set.values, at, id, ...expect.status, ...(expect.attempts === undefined ? [] : [expect.attempts])];
      return Number(run(sql, ...params).changes) === 1;
    },
    setQueuedHeldReason: (channelIds, reason, at) => {
      if (channelIds === 'all') return Number(run("UPDATE outbox SET held_reason = ?, updated_at = ? WHERE status = 'queued'", reason, at).changes);
      if (channelIds.length === 0) return 0;
      return Number(run(`UPDATE outbox SET held_reason = ?, updated_at = ? WHERE status = 'queued' AND channel_id IN (${marks(channelIds.length)})`, reason, at, ...channelIds).changes);
    },
    countOutbox: (statuses, channelIds) => {
      if (statuses.length === 0 || (channelIds !== 'all' && channelIds.length === 0)) return 0;
      const byChannel = channelIds === 'all' ? '' : ` AND channel_id IN (${marks(channelIds.length)})`;
      const r = one(`SELECT count(*) AS n FROM outbox WHERE status IN (${marks(statuses.length)})${byChannel}`, ...statuses, ...(channelIds === 'all' ? [] : channelIds));
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
        run('INSERT INTO lock_steps (channel_id, action_id, label, run_by, run_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)', s.channelId, s.actionId, s.label, s.runBy, s.runAt, s.outcome, s.detail).lastInsertRowid,
      );
      return { id, ...s };
    },
    lockSteps: (channelId) =>
      (channelId === undefined ? all('SELECT * FROM lock_steps ORDER BY id') : all('SELECT * FROM lock_steps WHERE channel_id = ? ORDER BY id', channelId)).map(toLockStep),
  };
}
