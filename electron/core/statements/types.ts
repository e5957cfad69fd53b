// The shapes of a statement: per-channel variants (with zod schemas the contract can reuse), the
// violation format, and the views the services return.

// The channels and the violation format are shared with the composer (electron/shared/text-limits.ts).
export { statementChannels, type StatementChannel, type Violation } from '../../shared/text-limits';

// The variants' schema, their shape and the statuses are part of the contract; the services and
// the store use the same ones.
export { statementVariantsSchema, type StatementStatus, type StatementVariants } from '../../shared/contract-statements';
import type { StatementStatus, StatementVariants } from '../../shared/contract-statements';
import type { Violation } from '../../shared/text-limits';
import type { StatementImage, StatementVersionRecord } from '../../store/records';

export type { StatementImage } from '../../store/records';

export interface StatementContent {
  readonly title: string;
  readonly variants: StatementVariants;
  /** In order; absent or empty: none (hashed exactly as before images existed). */
  readonly images?: readonly StatementImage[];
}

/** An image as the screens see it: what the version holds and what the stored image is. */
export interface StatementImageView extends StatementImage {
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface ApprovalView {
  readonly id: string;
  readonly approverId: string;
  readonly version: number;
  readonly contentHash: string;
  readonly approvedAt: string;
  readonly expiresAt: string;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  /** valid: may be published now; expired / voided: needs approving again. */
  readonly state: 'valid' | 'expired' | 'voided';
}

export interface RejectionView {
  readonly reviewerId: string;
  readonly version: number;
  readonly comment: string;
  readonly rejectedAt: string;
}

export interface StatementView {
  readonly id: string;
  readonly authorId: string;
  readonly status: StatementStatus;
  /** True when approved, unexpired and unchanged: the outbox may send it. */
  readonly readyToPublish: boolean;
  readonly version: number;
  readonly title: string;
  readonly canonicalText: string;
  readonly variants: StatementVariants;
  readonly images: readonly StatementImageView[];
  readonly contentHash: string;
  readonly savedBy: string;
  readonly savedAt: string;
  readonly submittedBy: string | null;
  readonly submittedAt: string | null;
  readonly approval: ApprovalView | null;
  /** The latest rejection, with the reviewer's comment for the author. */
  readonly lastRejection: RejectionView | null;
  readonly violations: readonly Violation[];
}

/** A saved version is shown exactly as it is stored, with its images in order. */
export type StatementVersionView = StatementVersionRecord & { readonly images: readonly StatementImage[] };
