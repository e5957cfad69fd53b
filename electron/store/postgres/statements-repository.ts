// PostgreSQL storage of statements, their saved versions and reviews, pre-approved templates and
// break-glass authorisations (the StatementsRepository interface is in repositories.ts; rows are
// read by statement-rows.ts, which parses variants with the contract's schema).
import { toBreakGlass, toReview, toStatement, toTemplate, toTemplateApproval, toTemplateVersion, toVersion } from '../statement-rows';
import type { AsyncStatementsRepository } from './async-store';
import { queries, str, type Row } from './rows';
import type { PgSession, SqlValue } from './transaction';

const statementColumns = 'id, author_id, status, current_version, submitted_by, submitted_at, published_at, created_at, updated_at';

export function createPostgresStatementsRepository(s: PgSession): AsyncStatementsRepository {
  const { all, one, changes } = queries(s);
  const run = async (sql: string, values: readonly SqlValue[]): Promise<void> => {
    await s.query(sql, values);
  };
  const first = <T>(sql: string, map: (r: Row) => T) => async (...values: SqlValue[]): Promise<T | null> => {
    const r = await one(sql, values);
    return r ? map(r) : null;
  };
  const many = <T>(sql: string, map: (r: Row) => T) => async (...values: SqlValue[]): Promise<T[]> => (await all(sql, values)).map(map);

  return {
    transaction: s.transaction,
    insertStatement: (x) =>
      run(`INSERT INTO statements (${statementColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        x.id, x.authorId, x.status, x.currentVersion, x.submittedBy, x.submittedAt, x.publishedAt, x.createdAt, x.updatedAt,
      ]),
    updateStatement: (x) =>
      run('UPDATE statements SET status = $1, current_version = $2, submitted_by = $3, submitted_at = $4, published_at = $5, updated_at = $6 WHERE id = $7', [
        x.status, x.currentVersion, x.submittedBy, x.submittedAt, x.publishedAt, x.updatedAt, x.id,
      ]),
    getStatement: first(`SELECT ${statementColumns} FROM statements WHERE id = $1`, toStatement),
    listStatements: async (filter) =>
      (await all(`SELECT ${statementColumns} FROM statements WHERE ($1::text IS NULL OR author_id = $1) AND ($2::text IS NULL OR status = $2) ORDER BY updated_at DESC`, [
        filter.authorId ?? null, filter.status ?? null,
      ])).map(toStatement),
    insertVersion: (v) =>
      run('INSERT INTO statement_versions (statement_id, version, title, canonical_text, variants, content_hash, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        v.statementId, v.version, v.title, v.canonicalText, JSON.stringify(v.variants), v.contentHash, v.savedBy, v.savedAt,
      ]),
    getVersion: first('SELECT * FROM statement_versions WHERE statement_id = $1 AND version = $2', toVersion),
    listVersions: many('SELECT * FROM statement_versions WHERE statement_id = $1 ORDER BY version', toVersion),
    editorsOf: async (id) => (await all('SELECT DISTINCT saved_by FROM statement_versions WHERE statement_id = $1', [id])).map((r) => str(r.saved_by)),
    insertReview: (r) =>
      run(
        'INSERT INTO statement_reviews (id, statement_id, version, content_hash, reviewer_id, decision, comment, decided_at, expires_at, voided_at, void_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [r.id, r.statementId, r.version, r.contentHash, r.reviewerId, r.decision, r.comment, r.decidedAt, r.expiresAt, r.voidedAt, r.voidReason],
      ),
    latestReview: first('SELECT * FROM statement_reviews WHERE statement_id = $1 AND decision = $2 ORDER BY decided_at DESC, row_order DESC LIMIT 1', toReview),
    voidApprovals: (statementId, at, reason) =>
      changes("UPDATE statement_reviews SET voided_at = $1, void_reason = $2 WHERE statement_id = $3 AND decision = 'approved' AND voided_at IS NULL", [at, reason, statementId]),
    insertTemplate: (t) => run('INSERT INTO statement_templates (id, name, current_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)', [t.id, t.name, t.currentVersion, t.createdAt, t.updatedAt]),
    updateTemplate: (t) => run('UPDATE statement_templates SET name = $1, current_version = $2, updated_at = $3 WHERE id = $4', [t.name, t.currentVersion, t.updatedAt, t.id]),
    getTemplate: first('SELECT * FROM statement_templates WHERE id = $1', toTemplate),
    listTemplates: many('SELECT * FROM statement_templates ORDER BY name COLLATE "C"', toTemplate),
    insertTemplateVersion: (v) =>
      run('INSERT INTO statement_template_versions (template_id, version, title, variants, content_hash, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        v.templateId, v.version, v.title, JSON.stringify(v.variants), v.contentHash, v.proposedBy, v.proposedAt,
      ]),
    getTemplateVersion: first('SELECT * FROM statement_template_versions WHERE template_id = $1 AND version = $2', toTemplateVersion),
    insertTemplateApproval: (a) =>
      run('INSERT INTO statement_template_approvals (id, template_id, version, content_hash, approver_id, approved_at, voided_at, void_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        a.id, a.templateId, a.version, a.contentHash, a.approverId, a.approvedAt, a.voidedAt, a.voidReason,
      ]),
    latestTemplateApproval: first('SELECT * FROM statement_template_approvals WHERE template_id = $1 ORDER BY approved_at DESC, row_order DESC LIMIT 1', toTemplateApproval),
    voidTemplateApprovals: (templateId, at, reason) =>
      changes('UPDATE statement_template_approvals SET voided_at = $1, void_reason = $2 WHERE template_id = $3 AND voided_at IS NULL', [at, reason, templateId]),
    insertBreakGlass: (b) =>
      run(
        'INSERT INTO break_glass_authorisations (id, template_id, template_version, supervisor_id, reason, filled_values, content, content_hash, issued_at, expires_at, flagged_for_review) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [b.id, b.templateId, b.templateVersion, b.supervisorId, b.reason, JSON.stringify(b.filledValues), JSON.stringify({ title: b.title, variants: b.variants }), b.contentHash, b.issuedAt, b.expiresAt, b.flaggedForReview],
      ),
    getBreakGlass: first('SELECT * FROM break_glass_authorisations WHERE id = $1', toBreakGlass),
    listBreakGlass: many('SELECT * FROM break_glass_authorisations ORDER BY issued_at DESC', toBreakGlass),
    reviewBreakGlass: async (id, review) =>
      (await changes('UPDATE break_glass_authorisations SET reviewed_by = $1, reviewed_at = $2, review_note = $3 WHERE id = $4 AND reviewed_at IS NULL', [
        review.reviewerId, review.reviewedAt, review.note, id,
      ])) === 1,
  };
}
