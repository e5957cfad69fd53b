// Rows of the statement tables (statements, versions, reviews, templates, break-glass) read into
// records, for either backend: a flag is SQLite's 0/1 or PostgreSQL's boolean. Variants are JSON
// text, parsed with the contract's schema on the way back: a hand-edited row fails loudly.
import { cleanVariants, statementVariantsSchema } from '../shared/contract-statements';
import type {
  BreakGlassRecord,
  ReviewRecord,
  StatementRecord,
  StatementStatus,
  StatementVariants,
  StatementVersionRecord,
  TemplateApprovalRecord,
  TemplateRecord,
  TemplateVersionRecord,
} from './records';
import { flag, num, optStr, str, type Row } from './row-values';

const parseStoredVariants = (json: string): StatementVariants => cleanVariants(statementVariantsSchema.parse(JSON.parse(json)));

export const toStatement = (r: Row): StatementRecord => ({
  id: str(r.id), authorId: str(r.author_id), status: str(r.status) as StatementStatus, currentVersion: num(r.current_version),
  submittedBy: optStr(r.submitted_by), submittedAt: optStr(r.submitted_at), publishedAt: optStr(r.published_at), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
});
export const toVersion = (r: Row): StatementVersionRecord => ({
  statementId: str(r.statement_id), version: num(r.version), title: str(r.title), canonicalText: str(r.canonical_text),
  variants: parseStoredVariants(str(r.variants)), contentHash: str(r.content_hash), savedBy: str(r.saved_by), savedAt: str(r.saved_at),
});
export const toReview = (r: Row): ReviewRecord => ({
  id: str(r.id), statementId: str(r.statement_id), version: num(r.version), contentHash: str(r.content_hash), reviewerId: str(r.reviewer_id),
  decision: str(r.decision) === 'approved' ? 'approved' : 'rejected', comment: optStr(r.comment), decidedAt: str(r.decided_at),
  expiresAt: optStr(r.expires_at), voidedAt: optStr(r.voided_at), voidReason: optStr(r.void_reason),
});
export const toTemplate = (r: Row): TemplateRecord => ({
  id: str(r.id), name: str(r.name), currentVersion: num(r.current_version), createdAt: str(r.created_at), updatedAt: str(r.updated_at),
});
export const toTemplateVersion = (r: Row): TemplateVersionRecord => ({
  templateId: str(r.template_id), version: num(r.version), title: str(r.title), variants: parseStoredVariants(str(r.variants)),
  contentHash: str(r.content_hash), proposedBy: str(r.proposed_by), proposedAt: str(r.proposed_at),
});
export const toTemplateApproval = (r: Row): TemplateApprovalRecord => ({
  id: str(r.id), templateId: str(r.template_id), version: num(r.version), contentHash: str(r.content_hash), approverId: str(r.approver_id),
  approvedAt: str(r.approved_at), voidedAt: optStr(r.voided_at), voidReason: optStr(r.void_reason),
});
export function toBreakGlass(r: Row): BreakGlassRecord {
  const content = JSON.parse(str(r.content)) as { title: string; variants: unknown };
  return {
    id: str(r.id), templateId: str(r.template_id), templateVersion: num(r.template_version), supervisorId: str(r.supervisor_id), reason: str(r.reason),
    filledValues: JSON.parse(str(r.filled_values)) as { name: string; value: string }[],
    title: String(content.title), variants: parseStoredVariants(JSON.stringify(content.variants)), contentHash: str(r.content_hash),
    issuedAt: str(r.issued_at), expiresAt: str(r.expires_at), flaggedForReview: flag(r.flagged_for_review),
    review: r.reviewed_at === null || r.reviewed_at === undefined ? null : { reviewerId: str(r.reviewed_by), reviewedAt: str(r.reviewed_at), note: str(r.review_note) },
  };
}

