// Builds what the screens see of a statement: the current version, the approval state (valid,
// expired or voided, computed from the clock), the latest rejection comment and the violations.
import type { ReviewRecord, StatementRecord, StatementVersionRecord } from '../../store/records';
import type { StatementsRepository } from '../../store/repositories';
import { validateStatement, type ChannelLimits } from './limits';
import type { ApprovalView, RejectionView, StatementImage, StatementImageView, StatementVariants, StatementView, Violation } from './types';

/** What the outbox needs to send an approved statement, and the approval it relies on. */
export interface PublishableStatement {
  readonly statementId: string;
  readonly version: number;
  readonly title: string;
  readonly variants: StatementVariants;
  /** In order, alt text included: the outbox loads their bytes from the media store. */
  readonly images: readonly StatementImage[];
  readonly contentHash: string;
  readonly authorId: string;
  readonly approverId: string;
  readonly approvedAt: string;
  readonly expiresAt: string;
}

/** "3 minutes ago": relative, so no time zone can be misread under pressure. */
export function agoText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
}

export function latestApproval(repository: StatementsRepository, statementId: string): Promise<ReviewRecord | null> {
  return repository.latestReview(statementId, 'approved');
}

function approvalView(review: ReviewRecord, now: Date): ApprovalView {
  const expiresAt = review.expiresAt ?? review.decidedAt;
  const state = review.voidedAt ? 'voided' : now.getTime() >= new Date(expiresAt).getTime() ? 'expired' : 'valid';
  return {
    id: review.id,
    approverId: review.reviewerId,
    version: review.version,
    contentHash: review.contentHash,
    approvedAt: review.decidedAt,
    expiresAt,
    voidedAt: review.voidedAt,
    voidReason: review.voidReason,
    state,
  };
}

function rejectionView(review: ReviewRecord): RejectionView {
  return { reviewerId: review.reviewerId, version: review.version, comment: review.comment ?? '', rejectedAt: review.decidedAt };
}

export async function buildStatementView(
  repository: StatementsRepository,
  record: StatementRecord,
  version: StatementVersionRecord,
  now: Date,
  limits: ChannelLimits,
  images: { readonly views: readonly StatementImageView[]; readonly violations: readonly Violation[] } = { views: [], violations: [] },
): Promise<StatementView> {
  const approvalRecord = await latestApproval(repository, record.id);
  const approval = approvalRecord ? approvalView(approvalRecord, now) : null;
  const rejection = await repository.latestReview(record.id, 'rejected');
  const readyToPublish =
    record.status === 'approved' &&
    approval !== null &&
    approval.state === 'valid' &&
    approval.version === version.version &&
    approval.contentHash === version.contentHash;
  return {
    id: record.id,
    authorId: record.authorId,
    status: record.status,
    readyToPublish,
    version: version.version,
    title: version.title,
    canonicalText: version.canonicalText,
    variants: version.variants,
    images: images.views,
    contentHash: version.contentHash,
    savedBy: version.savedBy,
    savedAt: version.savedAt,
    submittedBy: record.submittedBy,
    submittedAt: record.submittedAt,
    approval,
    lastRejection: rejection ? rejectionView(rejection) : null,
    violations: [...validateStatement(version, limits), ...images.violations],
  };
}
