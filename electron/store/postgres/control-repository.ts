// PostgreSQL storage of the control room's own state: freezes and incidents, outbox rows,
// evidence, retraction jobs and Lock steps (the ControlRepository interface is in repositories.ts;
// same semantics as the SQLite one). Statements that must go together run in a transaction, which
// joins the caller's as a savepoint.
//
// The transactions the core opens here (claims, fan-out creation, completions, freezes) run one
// after another across desks, under the audit chain's advisory lock taken before BEGIN. Run side
// by side under SERIALIZABLE they failed each other: the outbox is a few index pages, predicate
// locks on a btree are page-wide, and a claim's status change inserts into every outbox index, so
// any two such transactions read what the other wrote (40001); fan-out creation also appends to
// the audit chain with a snapshot older than the lock. 15 fan-outs started at once on three desks
// re-ran one of them past the 10 attempts. Most of these transactions append to the chain anyway,
// and one lock for both cannot deadlock on lock order.
import { allChannels } from '../../shared/all-channels';
import { outboxPatchColumns, retractionPatchColumns, toEvidence, toFreeze, toIncident, toLockStep, toOutbox, toRetraction, type ColumnValue } from '../control-rows';
import type { OutboxRow, RetractionRecord } from '../records';
import type { AsyncControlRepository } from './async-store';
import { appendLockKey } from './audit-repository';
import { num, optStr, params, queries, type Row } from './rows';
import type { PgSession, SqlValue } from './transaction';

/** "a = $n, b = $n+1" for a patch's columns (names from control-rows.ts, never from input). */
function assignments(columns: readonly { column: string; value: ColumnValue }[], from: number): { sql: string; values: SqlValue[] } {
  return { sql: columns.map((c, i) => `${c.column} = $${from + i}`).join(', '), values: columns.map((c) => c.value) };
}

const mapOr = <T>(r: Row | undefined, map: (r: Row) => T): T | null => (r ? map(r) : null);

export function createPostgresControlRepository(s: PgSession): AsyncControlRepository {
  const { all, one, changes } = queries(s);
  const { transaction } = s;
  const getOutbox = async (id: number): Promise<OutboxRow | null> => mapOr(await one('SELECT * FROM outbox WHERE id = $1', [id]), toOutbox);
  const getRetraction = async (id: number): Promise<RetractionRecord | null> => mapOr(await one('SELECT * FROM retractions WHERE id = $1', [id]), toRetraction);

  return {
    transaction: (fn) => s.serialised(appendLockKey, fn),
    freezes: async () => (await all('SELECT * FROM freezes ORDER BY frozen_at, scope COLLATE "C"')).map(toFreeze),
    // The channel's own freeze first (false sorts before true): it names the more specific reason.
    freezeFor: async (channelId) => mapOr(await one('SELECT * FROM freezes WHERE scope IN ($1, $2) ORDER BY scope = $2 LIMIT 1', [channelId, allChannels]), toFreeze),
    putFreeze: async (f) => {
      await s.query(
        `INSERT INTO freezes (scope, frozen_by, frozen_role, frozen_at, reason, incident_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (scope) DO UPDATE SET frozen_by = excluded.frozen_by, frozen_role = excluded.frozen_role, frozen_at = excluded.frozen_at,
           reason = excluded.reason, incident_id = excluded.incident_id`,
        [f.scope, f.frozenBy, f.frozenRole, f.frozenAt, f.reason, f.incidentId],
      );
    },
    deleteFreezes: async (scopes) =>
      scopes === allChannels ? changes('DELETE FROM freezes') : scopes.length === 0 ? 0 : changes('DELETE FROM freezes WHERE scope = ANY($1::text[])', [scopes]),
    openIncident: async (at, by, reason) => num((await one('INSERT INTO incidents (opened_at, opened_by, reason) VALUES ($1, $2, $3) RETURNING id', [at, by, reason]))?.id),
    latestIncident: async () => mapOr(await one('SELECT * FROM incidents ORDER BY id DESC LIMIT 1'), toIncident),
    currentIncident: async () => mapOr(await one('SELECT * FROM incidents WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1'), toIncident),
    incident: async (id) => mapOr(await one('SELECT * FROM incidents WHERE id = $1', [id]), toIncident),
    closeIncident: async (id, at, by) => {
      await s.query('UPDATE incidents SET closed_at = $1, closed_by = $2 WHERE id = $3 AND closed_at IS NULL', [at, by, id]);
    },
    // A row cancelled before it went out is queued afresh when the statement is published again;
    // any other existing row is returned as it stands (enqueueing is idempotent).
    insertOutbox: (n) =>
      transaction(async () => {
        await s.query(
          `INSERT INTO outbox (statement_id, channel_id, variant, content_hash, approvers, status, not_before, held_by, held_reason, requested_by, requested_role,
             through_freeze, approved_until, break_glass_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
           ON CONFLICT (statement_id, channel_id) DO UPDATE SET
             variant = excluded.variant, content_hash = excluded.content_hash, approvers = excluded.approvers, status = 'queued', attempts = 0,
             not_before = excluded.not_before, claimed_at = NULL, claimed_by = NULL, publication_id = NULL, item_id = NULL, read_back = NULL, url = NULL,
             sent_at = NULL, held_by = excluded.held_by, held_reason = excluded.held_reason, last_error = NULL, requested_by = excluded.requested_by,
             requested_role = excluded.requested_role, through_freeze = excluded.through_freeze, approved_until = excluded.approved_until,
             break_glass_id = excluded.break_glass_id, confirmed_by = NULL, confirmed_at = NULL, cancelled_by = NULL, cancelled_at = NULL, updated_at = excluded.updated_at
           WHERE outbox.status = 'cancelled'`,
          [n.statementId, n.channelId, JSON.stringify(n.variant), n.contentHash, JSON.stringify(n.approvers), n.notBefore, n.held?.by ?? null, n.held?.reason ?? null,
            n.requestedBy, n.requestedRole, n.throughFreeze, n.approvedUntil ?? null, n.breakGlassId ?? null, n.at],
        );
        const r = await one('SELECT * FROM outbox WHERE statement_id = $1 AND channel_id = $2', [n.statementId, n.channelId]);
        if (!r) throw new Error('outbox row vanished after insert');
        return toOutbox(r);
      }),
    outbox: getOutbox,
    outboxByStatement: async (statementId) => (await all('SELECT * FROM outbox WHERE statement_id = $1 ORDER BY id', [statementId])).map(toOutbox),
    outboxIn: async (statuses, channelIds) => {
      if (statuses.length === 0 || (channelIds && channelIds.length === 0)) return [];
      const byChannel = channelIds ? ' AND channel_id = ANY($2::text[])' : '';
      return (await all(`SELECT * FROM outbox WHERE status = ANY($1::text[])${byChannel} ORDER BY id`, channelIds ? [statuses, channelIds] : [statuses])).map(toOutbox);
    },
    // Compare-and-set: one statement, so the row's status (and attempts) are checked on the row
    // as it is when the update lands, whichever desk got there first.
    updateOutbox: async (id, patch, at, expect) => {
      const set = assignments(outboxPatchColumns(patch), 1);
      const n = set.values.length;
      const extra: SqlValue[] = [];
      let where = '';
      if (expect.attempts !== undefined) where += ` AND attempts = $${n + 4 + extra.push(expect.attempts) - 1}`;
      if (expect.fence !== undefined) where += ` AND fence = $${n + 4 + extra.push(expect.fence) - 1}`;
      const sql = `UPDATE outbox SET ${set.sql}${set.sql ? ', ' : ''}updated_at = $${n + 1} WHERE id = $${n + 2} AND status = ANY($${n + 3}::text[])${where}`;
      return (await changes(sql, [...set.values, at, id, expect.status, ...extra])) === 1;
    },
    // The claim's read locks the row; a row another desk is claiming right now is skipped (null),
    // not waited for: that desk has it.
    outboxForClaim: async (id) => mapOr(await one('SELECT * FROM outbox WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]), toOutbox),
    // Takes over a claim whose lease ran out (or this desk's own, after its restart): the send's
    // outcome is unknown now, and the fence rises so the old claimant's late writes are refused.
    takeOverOutbox: async (id, take) =>
      mapOr(
        await one(
          `UPDATE outbox SET status = 'unknown', claimed_by = $1, lease_until = $2, fence = fence + 1, updated_at = $3
           WHERE id = (SELECT id FROM outbox WHERE id = $4 AND status IN ('claimed', 'unknown') AND fence = $5 AND (lease_until IS NULL OR lease_until <= $3 OR claimed_by = $1) FOR UPDATE SKIP LOCKED)
           RETURNING *`,
          [take.owner, take.leaseUntil, take.at, id, take.fence],
        ),
        toOutbox,
      ),
    renewOutboxLease: async (id, fence, leaseUntil, at) =>
      (await changes("UPDATE outbox SET lease_until = $1, updated_at = $2 WHERE id = $3 AND fence = $4 AND status IN ('claimed', 'unknown')", [leaseUntil, at, id, fence])) === 1,
    holdQueued: async (channelIds, held, at) => {
      const set = "UPDATE outbox SET held_by = $1, held_reason = $2, updated_at = $3 WHERE status = 'queued'";
      const values = [held?.by ?? null, held?.reason ?? null, at];
      if (channelIds === allChannels) return changes(set, values);
      if (channelIds.length === 0) return 0;
      return changes(`${set} AND channel_id = ANY($4::text[])`, [...values, channelIds]);
    },
    countOutbox: async (statuses, channelIds) => {
      if (statuses.length === 0 || (channelIds !== allChannels && channelIds.length === 0)) return 0;
      const r = channelIds === allChannels
        ? await one('SELECT count(*) AS n FROM outbox WHERE status = ANY($1::text[])', [statuses])
        : await one('SELECT count(*) AS n FROM outbox WHERE status = ANY($1::text[]) AND channel_id = ANY($2::text[])', [statuses, channelIds]);
      return num(r?.n ?? 0);
    },
    publicationItem: async (publicationId) => {
      const r = await one('SELECT item_id FROM publications WHERE id = $1', [publicationId]);
      return r ? optStr(r.item_id) : undefined;
    },
    releaseOpenPublication: async (publicationId) => (await changes('DELETE FROM publications WHERE id = $1 AND item_id IS NULL', [publicationId])) === 1,
    // An identical capture of the same item already stands as the evidence: reuse it.
    insertEvidence: (e) =>
      transaction(async () => {
        await s.query(
          `INSERT INTO evidence (channel_id, item_id, captured_at, captured_by, reason, observed_at, published_at, provenance, raw, text, normalised_text, html, url, raw_sha256, text_sha256, incident_id)
           VALUES (${params(16)}) ON CONFLICT (channel_id, item_id, raw_sha256) DO NOTHING`,
          [e.channelId, e.itemId, e.capturedAt, e.capturedBy, e.reason, e.observedAt, e.publishedAt, e.provenance, e.raw, e.text, e.normalisedText, e.html, e.url, e.rawSha256, e.textSha256, e.incidentId],
        );
        const r = await one('SELECT * FROM evidence WHERE channel_id = $1 AND item_id = $2 AND raw_sha256 = $3', [e.channelId, e.itemId, e.rawSha256]);
        if (!r) throw new Error('evidence row vanished after insert');
        return toEvidence(r);
      }),
    evidence: async (id) => mapOr(await one('SELECT * FROM evidence WHERE id = $1', [id]), toEvidence),
    evidenceBetween: async (from, to) => (await all('SELECT * FROM evidence WHERE captured_at >= $1 AND captured_at <= $2 ORDER BY captured_at, id', [from, to])).map(toEvidence),
    // At most one open job per item: the partial unique index decides, so two desks asking at once get one job.
    insertRetraction: (n) =>
      transaction(async () => {
        const created = await one(
          `INSERT INTO retractions (channel_id, item_id, evidence_id, origin, requested_by, requested_role, requested_at, status) VALUES (${params(7)}, 'pending')
           ON CONFLICT (channel_id, item_id) WHERE status IN ('pending', 'running') DO NOTHING RETURNING *`,
          [n.channelId, n.itemId, n.evidenceId, n.origin, n.requestedBy, n.requestedRole, n.requestedAt],
        );
        if (created) return { record: toRetraction(created), created: true };
        const existing = await one("SELECT * FROM retractions WHERE channel_id = $1 AND item_id = $2 AND status IN ('pending', 'running')", [n.channelId, n.itemId]);
        if (!existing) throw new Error('open retraction vanished after insert');
        return { record: toRetraction(existing), created: false };
      }),
    retraction: getRetraction,
    retractionsIn: async (statuses, channelId) => {
      if (statuses.length === 0) return [];
      const rows = channelId === undefined
        ? await all('SELECT * FROM retractions WHERE status = ANY($1::text[]) ORDER BY id', [statuses])
        : await all('SELECT * FROM retractions WHERE status = ANY($1::text[]) AND channel_id = $2 ORDER BY id', [statuses, channelId]);
      return rows.map(toRetraction);
    },
    updateRetraction: async (id, patch) => {
      const set = assignments(retractionPatchColumns(patch), 1);
      if (set.sql) await s.query(`UPDATE retractions SET ${set.sql} WHERE id = $${set.values.length + 1}`, [...set.values, id]);
    },
    insertLockStep: async (step) => {
      const r = await one('INSERT INTO lock_steps (channel_id, action_id, label, run_by, run_at, outcome, detail, desk_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id', [
        step.channelId, step.actionId, step.label, step.runBy, step.runAt, step.outcome, step.detail, step.deskId,
      ]);
      return { id: num(r?.id), ...step };
    },
    lockSteps: async (channelId) =>
      (channelId === undefined ? await all('SELECT * FROM lock_steps ORDER BY id') : await all('SELECT * FROM lock_steps WHERE channel_id = $1 ORDER BY id', [channelId])).map(toLockStep),
  };
}
