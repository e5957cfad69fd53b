// SQLite storage of statements, their saved versions and reviews, pre-approved templates and
// break-glass authorisations (the StatementsRepository interface is in repositories.ts). Variants
// are JSON and are parsed with the contract's schema on the way back: a hand-edited row fails loudly.
import type { DatabaseSync } from 'node:sqlite';
import type { StatementsRepository } from './repositories';
import { str, type Row } from './row-values';
import { toBreakGlass, toReview, toStatement, toTemplate, toTemplateApproval, toTemplateVersion, toVersion } from './statement-rows';
import { gated, sqliteTransactions } from './transaction';

export function createSqliteStatementsRepository(db: DatabaseSync): StatementsRepository {
  const q = (sql: string) => db.prepare(sql);
  const one = <T>(sql: string, map: (r: Row) => T) => {
    const stmt = q(sql);
    return (...args: (string | number)[]): T | null => {
      const row = stmt.get(...args) as Row | undefined;
      return row ? map(row) : null;
    };
  };
  const many = <T>(sql: string, map: (r: Row) => T) => {
    const stmt = q(sql);
    return (...args: (string | number)[]): T[] => (stmt.all(...args) as Row[]).map(map);
  };
  const statementColumns = 'id, author_id, status, current_version, submitted_by, submitted_at, published_at, created_at, updated_at';
  const insertStatement = q(`INSERT INTO statements (${statementColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const updateStatement = q(
    'UPDATE statements SET status = ?, current_version = ?, submitted_by = ?, submitted_at = ?, published_at = ?, updated_at = ? WHERE id = ?',
  );
  const insertVersion = q('INSERT INTO statement_versions (statement_id, version, title, canonical_text, variants, content_hash, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertReview = q(
    'INSERT INTO statement_reviews (id, statement_id, version, content_hash, reviewer_id, decision, comment, decided_at, expires_at, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const voidApprovals = q("UPDATE statement_reviews SET voided_at = ?, void_reason = ? WHERE statement_id = ? AND decision = 'approved' AND voided_at IS NULL");
  const insertTemplate = q('INSERT INTO statement_templates (id, name, current_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const updateTemplate = q('UPDATE statement_templates SET name = ?, current_version = ?, updated_at = ? WHERE id = ?');
  const insertTemplateVersion = q('INSERT INTO statement_template_versions (template_id, version, title, variants, content_hash, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertTemplateApproval = q('INSERT INTO statement_template_approvals (id, template_id, version, content_hash, approver_id, approved_at, voided_at, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const voidTemplateApprovals = q('UPDATE statement_template_approvals SET voided_at = ?, void_reason = ? WHERE template_id = ? AND voided_at IS NULL');
  const insertBreakGlass = q(
    'INSERT INTO break_glass_authorisations (id, template_id, template_version, supervisor_id, reason, filled_values, content, content_hash, issued_at, expires_at, flagged_for_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const reviewBreakGlass = q('UPDATE break_glass_authorisations SET reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ? AND reviewed_at IS NULL');
  const listAll = many(`SELECT ${statementColumns} FROM statements ORDER BY updated_at DESC`, toStatement);
  const editors = q('SELECT DISTINCT saved_by FROM statement_versions WHERE statement_id = ?');

  return gated<StatementsRepository>(db, {
    transaction: sqliteTransactions(db).transaction,
    insertStatement: (s) => {
      insertStatement.run(s.id, s.authorId, s.status, s.currentVersion, s.submittedBy, s.submittedAt, s.publishedAt, s.createdAt, s.updatedAt);
    },
    updateStatement: (s) => {
      updateStatement.run(s.status, s.currentVersion, s.submittedBy, s.submittedAt, s.publishedAt, s.updatedAt, s.id);
    },
    getStatement: one(`SELECT ${statementColumns} FROM statements WHERE id = ?`, toStatement),
    listStatements: (filter) =>
      listAll().filter((s) => (filter.authorId === undefined || s.authorId === filter.authorId) && (filter.status === undefined || s.status === filter.status)),
    insertVersion: (v) => {
      insertVersion.run(v.statementId, v.version, v.title, v.canonicalText, JSON.stringify(v.variants), v.contentHash, v.savedBy, v.savedAt);
    },
    getVersion: one('SELECT * FROM statement_versions WHERE statement_id = ? AND version = ?', toVersion),
    listVersions: many('SELECT * FROM statement_versions WHERE statement_id = ? ORDER BY version', toVersion),
    editorsOf: (id) => (editors.all(id) as Row[]).map((r) => str(r.saved_by)),
    insertReview: (r) => {
      insertReview.run(r.id, r.statementId, r.version, r.contentHash, r.reviewerId, r.decision, r.comment, r.decidedAt, r.expiresAt, r.voidedAt, r.voidReason);
    },
    latestReview: (() => {
      const get = one('SELECT * FROM statement_reviews WHERE statement_id = ? AND decision = ? ORDER BY decided_at DESC, rowid DESC LIMIT 1', toReview);
      return (statementId: string, decision: 'approved' | 'rejected') => get(statementId, decision);
    })(),
    voidApprovals: (statementId, at, reason) => Number(voidApprovals.run(at, reason, statementId).changes),
    insertTemplate: (t) => {
      insertTemplate.run(t.id, t.name, t.currentVersion, t.createdAt, t.updatedAt);
    },
    updateTemplate: (t) => {
      updateTemplate.run(t.name, t.currentVersion, t.updatedAt, t.id);
    },
    getTemplate: one('SELECT * FROM statement_templates WHERE id = ?', toTemplate),
    listTemplates: many('SELECT * FROM statement_templates ORDER BY name', toTemplate),
    insertTemplateVersion: (v) => {
      insertTemplateVersion.run(v.templateId, v.version, v.title, JSON.stringify(v.variants), v.contentHash, v.proposedBy, v.proposedAt);
    },
    getTemplateVersion: one('SELECT * FROM statement_template_versions WHERE template_id = ? AND version = ?', toTemplateVersion),
    insertTemplateApproval: (a) => {
      insertTemplateApproval.run(a.id, a.templateId, a.version, a.contentHash, a.approverId, a.approvedAt, a.voidedAt, a.voidReason);
    },
    latestTemplateApproval: one('SELECT * FROM statement_template_approvals WHERE template_id = ? ORDER BY approved_at DESC, rowid DESC LIMIT 1', toTemplateApproval),
    voidTemplateApprovals: (templateId, at, reason) => Number(voidTemplateApprovals.run(at, reason, templateId).changes),
    insertBreakGlass: (b) => {
      insertBreakGlass.run(
        b.id, b.templateId, b.templateVersion, b.supervisorId, b.reason, JSON.stringify(b.filledValues),
        JSON.stringify({ title: b.title, variants: b.variants }), b.contentHash, b.issuedAt, b.expiresAt, b.flaggedForReview ? 1 : 0,
      );
    },
    getBreakGlass: one('SELECT * FROM break_glass_authorisations WHERE id = ?', toBreakGlass),
    listBreakGlass: many('SELECT * FROM break_glass_authorisations ORDER BY issued_at DESC', toBreakGlass),
    reviewBreakGlass: (id, review) => Number(reviewBreakGlass.run(review.reviewerId, review.reviewedAt, review.note, id).changes) === 1,
  });
}
