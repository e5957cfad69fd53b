// Statement drafts and the two-person rule. Autosave keeps every version; submit sends the current
// version for approval; a supervisor who did not write or edit it approves that exact content hash;
// any edit voids the approval; approvals expire. Nothing here touches the network: an approved
// statement is "ready to publish" and the outbox sends it when it can.
import { randomUUID } from 'node:crypto';
import type { StatementRecord, StatementVersionRecord } from '../../store/records';
import type { StatementsRepository } from '../../store/repositories';
import { AppError } from '../../shared/result';
import type { Clock } from '../../lib/clock';
import { cleanVariants } from '../../shared/contract-statements';
import { canonicalJson, statementContentHash } from './content-hash';
import { sanitiseHtml } from './html-sanitiser';
import { defaultChannelLimits, validateStatement, type ChannelLimits } from './limits';
import { checkClientId, requireActiveAccount, requireSupervisor, type AccountDirectory } from './people';
import { checkImagesForSave, imageViolations, imageViews, sameImages, type StatementMediaStore } from './statement-images';
import { agoText, buildStatementView, latestApproval, type PublishableStatement } from './statement-view';
import {
  statementVariantsSchema,
  type StatementImage,
  type StatementStatus,
  type StatementVariants,
  type StatementVersionView,
  type StatementView,
  type Violation,
} from './types';

export const defaultApprovalValidityMinutes = 120;

export interface StatementsConfig {
  readonly approvalValidityMinutes?: number;
  readonly limits?: ChannelLimits;
}

export interface SaveDraftInput {
  /** Client-chosen id for a new draft (offline drafting); omitted = a new id is made. */
  readonly id?: string;
  readonly title: string;
  readonly canonicalText: string;
  readonly variants: StatementVariants;
  /** In order, each already added (media.add); alt text may be empty until submitting. Omitted: none. */
  readonly images?: readonly StatementImage[];
  /** The version the editor started from; a mismatch is reported (nothing is refused). */
  readonly baseVersion?: number;
  /**
   * Saved by the composer on its own, not by a click: it may only write a draft (or a rejected one
   * being revised). A submitted or approved statement is never withdrawn or voided behind the
   * person's back, even if its status changed after the composer last looked.
   */
  readonly autosave?: boolean;
}

export interface SaveDraftResult {
  readonly statement: StatementView;
  /** False when the content equals the current version: repeated autosaves are no-ops. */
  readonly saved: boolean;
  /** True when someone else saved after `baseVersion`: the UI should show both versions. */
  readonly conflict: boolean;
}

export interface StatementsService {
  saveDraft(input: SaveDraftInput, editorId: string): Promise<SaveDraftResult>;
  get(statementId: string): Promise<StatementView>;
  list(filter?: { readonly authorId?: string; readonly status?: StatementStatus }): Promise<StatementView[]>;
  listVersions(statementId: string): Promise<StatementVersionView[]>;
  getVersion(statementId: string, version: number): Promise<StatementVersionView>;
  submit(statementId: string, submitterId: string): Promise<StatementView>;
  /** The caller must have checked fresh re-authentication (needsFreshAuth('statements.approve')). */
  approve(statementId: string, supervisorId: string, contentHash: string): Promise<StatementView>;
  reject(statementId: string, supervisorId: string, comment: string): Promise<StatementView>;
  assertPublishable(statementId: string, now?: Date): Promise<PublishableStatement>;
  /** Consumes the approval: a published statement cannot be published again or edited. */
  markPublished(statementId: string): Promise<StatementView>;
  /**
   * Its publication was cancelled before anything went out: it is approved again, on its approval
   * as it stands (an expired one needs submitting again). Null when there is no such statement.
   */
  reopenAfterCancel(statementId: string): Promise<StatementView | null>;
  /** How long an approval lasts; a supervisor's confirmation of a send that outlived one gives the same. */
  readonly approvalValidityMs: number;
}

export interface StatementsServiceDeps {
  readonly repository: StatementsRepository;
  readonly media: StatementMediaStore;
  readonly accounts: AccountDirectory;
  readonly clock: Clock;
  readonly config?: StatementsConfig;
}

const titleMax = 1_000;
const canonicalMax = 50_000;

/** Why an autosave did not write a statement that is no longer a draft, and what to do instead. */
function autosaveRefused(status: 'pending' | 'approved'): string {
  const what = status === 'pending' ? 'is waiting for approval, and saving would withdraw it' : 'is approved, and saving would void the approval';
  return `Not saved automatically: this statement ${what}. Your text is kept on screen; press Save draft to save it anyway.`;
}

type Content = { title: string; canonicalText: string; variants: StatementVariants; images: readonly StatementImage[] };
type LoadedVersion = StatementVersionRecord & { readonly images: readonly StatementImage[] };

function sameContent(a: Content, b: LoadedVersion): boolean {
  const pick = (c: Content | LoadedVersion) => canonicalJson({ title: c.title, canonicalText: c.canonicalText, variants: { ...c.variants } });
  return pick(a) === pick(b) && sameImages(a.images, b.images);
}

/** Whether a save would change nothing against a stored version (the offline journal's sync asks). */
export function sameDraftContent(input: Pick<SaveDraftInput, 'title' | 'canonicalText' | 'variants' | 'images'>, version: LoadedVersion): boolean {
  return sameContent({ title: input.title, canonicalText: input.canonicalText, variants: cleanVariants(input.variants), images: input.images ?? [] }, version);
}

/** Re-serialises HTML bodies through the sanitiser, so what is approved is exactly what can be sent. */
function canonicalHtml(variants: StatementVariants): StatementVariants {
  return {
    ...variants,
    ...(variants.website ? { website: { ...variants.website, html: sanitiseHtml(variants.website.html).html } } : {}),
    ...(variants.email ? { email: { ...variants.email, html: sanitiseHtml(variants.email.html).html } } : {}),
  };
}

export function createStatementsService({ repository, media, accounts, clock, config = {} }: StatementsServiceDeps): StatementsService {
  const validityMs = (config.approvalValidityMinutes ?? defaultApprovalValidityMinutes) * 60_000;
  const limits = config.limits ?? defaultChannelLimits;

  const withImages = async (version: StatementVersionRecord): Promise<LoadedVersion> => ({ ...version, images: await media.versionImages(version.statementId, version.version) });

  async function load(statementId: string): Promise<{ record: StatementRecord; version: LoadedVersion }> {
    const record = await repository.getStatement(statementId);
    const version = record ? await repository.getVersion(statementId, record.currentVersion) : null;
    if (!record || !version) throw new AppError('NOT_FOUND', 'That statement does not exist; refresh the list.');
    return { record, version: await withImages(version) };
  }

  const view = async (statementId: string): Promise<StatementView> => {
    const { record, version } = await load(statementId);
    const images = { views: await imageViews(media, version.images), violations: await imageViolations(media, version.images, version.variants) };
    return buildStatementView(repository, record, version, clock.now(), limits, images);
  };

  async function writeVersion(record: StatementRecord | null, content: Content, id: string, editorId: string): Promise<StatementVersionRecord> {
    const version: StatementVersionRecord = {
      statementId: id,
      version: (record?.currentVersion ?? 0) + 1,
      title: content.title,
      canonicalText: content.canonicalText,
      variants: content.variants,
      contentHash: statementContentHash(content),
      savedBy: editorId,
      savedAt: clock.now().toISOString(),
    };
    await repository.insertVersion(version);
    await media.setVersionImages(id, version.version, content.images);
    return version;
  }

  function violationsMessage(violations: readonly Violation[]): string {
    return `Fix these before submitting: ${violations.map((v) => v.message).join('; ')}.`;
  }

  async function assertPublishable(statementId: string, now: Date = clock.now()): Promise<PublishableStatement> {
    const { record, version } = await load(statementId);
    if (record.status === 'published') throw new AppError('CONFLICT', 'This statement has already been published.');
    const approval = await latestApproval(repository, statementId);
    if (record.status !== 'approved' || !approval) {
      const voided = approval?.voidedAt ? ` Its approval was voided (${approval.voidReason ?? 'changed'}).` : '';
      throw new AppError('CONFLICT', `This statement is not approved.${voided} Submit it and ask a second supervisor to approve it.`);
    }
    if (approval.voidedAt) throw new AppError('CONFLICT', `The approval was voided (${approval.voidReason ?? 'changed'}). Submit the statement for approval again.`);
    if (approval.version !== version.version || approval.contentHash !== version.contentHash || statementContentHash(version) !== approval.contentHash) {
      throw new AppError('CONFLICT', 'The statement no longer matches what was approved. Submit it for approval again.');
    }
    const expiresAt = new Date(approval.expiresAt ?? 0);
    if (now.getTime() >= expiresAt.getTime()) {
      throw new AppError(
        'CONFLICT',
        `The approval expired ${agoText(now.getTime() - expiresAt.getTime())} (approvals last ${Math.round(validityMs / 60_000)} minutes). Submit the statement again for a fresh approval.`,
      );
    }
    return {
      statementId, version: version.version, title: version.title, variants: version.variants, images: version.images, contentHash: version.contentHash,
      authorId: record.authorId, approverId: approval.reviewerId, approvedAt: approval.decidedAt, expiresAt: expiresAt.toISOString(),
    };
  }

  return {
    saveDraft: async (input, editorId) => {
      await requireActiveAccount(accounts, editorId);
      const parsed = statementVariantsSchema.safeParse(input.variants);
      if (!parsed.success || input.title.length > titleMax || input.canonicalText.length > canonicalMax) {
        throw new AppError('BAD_INPUT', 'The statement is too long to save. Shorten the longest part; your text is still on screen.');
      }
      const content: Content = { title: input.title, canonicalText: input.canonicalText, variants: cleanVariants(parsed.data), images: await checkImagesForSave(media, input.images ?? []) };
      const id = input.id === undefined ? randomUUID() : checkClientId(input.id, 'statement');
      const now = clock.now().toISOString();
      return repository.transaction(async () => {
        const existing = await repository.getStatement(id);
        if (!existing) {
          await repository.insertStatement({ id, authorId: editorId, status: 'draft', currentVersion: 1, submittedBy: null, submittedAt: null, publishedAt: null, createdAt: now, updatedAt: now });
          await writeVersion(null, content, id, editorId);
          return { statement: await view(id), saved: true, conflict: false };
        }
        const current = (await load(id)).version;
        const conflict = input.baseVersion !== undefined && input.baseVersion !== existing.currentVersion;
        if (sameContent(content, current)) return { statement: await view(id), saved: false, conflict };
        if (existing.status === 'published') {
          throw new AppError('CONFLICT', 'This statement has been published and can no longer change. Start a new statement (for example a correction).');
        }
        if (input.autosave && existing.status !== 'draft' && existing.status !== 'rejected') throw new AppError('CONFLICT', autosaveRefused(existing.status));
        const written = await writeVersion(existing, content, id, editorId);
        // Any edit voids an approval and withdraws a pending submission: approval covers exact content.
        if (existing.status === 'approved') await repository.voidApprovals(id, now, `edited after approval (version ${written.version})`);
        await repository.updateStatement({ ...existing, status: 'draft', currentVersion: written.version, updatedAt: now });
        return { statement: await view(id), saved: true, conflict };
      });
    },

    get: view,
    list: async (filter = {}) => Promise.all((await repository.listStatements(filter)).map((r) => view(r.id))),

    listVersions: async (statementId) => {
      await load(statementId);
      const versions = await repository.listVersions(statementId);
      return Promise.all(versions.map(async ({ statementId: sid, version, title, canonicalText, variants, contentHash, savedBy, savedAt }) => ({
        statementId: sid, version, title, canonicalText, variants, images: await media.versionImages(sid, version), contentHash, savedBy, savedAt,
      })));
    },

    getVersion: async (statementId, version) => {
      const found = await repository.getVersion(statementId, version);
      if (!found) throw new AppError('NOT_FOUND', `Version ${version} of that statement does not exist.`);
      return withImages(found);
    },

    submit: async (statementId, submitterId) => {
      await requireActiveAccount(accounts, submitterId);
      return repository.transaction(async () => {
        const { record, version } = await load(statementId);
        const current = await view(statementId);
        if (record.status === 'pending') throw new AppError('CONFLICT', 'This statement is already waiting for approval.');
        if (record.status === 'published') throw new AppError('CONFLICT', 'This statement has already been published.');
        if (record.status === 'approved' && current.readyToPublish) throw new AppError('CONFLICT', 'This statement is already approved and ready to publish.');
        const violations = [...validateStatement(version, limits), ...(await imageViolations(media, version.images, version.variants))];
        if (violations.length > 0) throw new AppError('BAD_INPUT', violationsMessage(violations));
        const now = clock.now().toISOString();
        const variants = canonicalHtml(version.variants);
        let versionNumber = record.currentVersion;
        if (statementContentHash({ title: version.title, variants, images: version.images }) !== version.contentHash) {
          versionNumber = (await writeVersion(record, { title: version.title, canonicalText: version.canonicalText, variants, images: version.images }, statementId, submitterId)).version;
        }
        if (record.status === 'approved') await repository.voidApprovals(statementId, now, 'approval expired; submitted again');
        await repository.updateStatement({ ...record, status: 'pending', currentVersion: versionNumber, submittedBy: submitterId, submittedAt: now, updatedAt: now });
        return await view(statementId);
      });
    },

    approve: async (statementId, supervisorId, contentHash) => {
      await requireSupervisor(accounts, supervisorId, 'approve statements');
      return repository.transaction(async () => {
        const { record, version } = await load(statementId);
        if (record.status !== 'pending') {
          throw new AppError('CONFLICT', `This statement is not waiting for approval (it is ${record.status}). Ask the author to submit it.`);
        }
        const participants = new Set([record.authorId, record.submittedBy ?? record.authorId, ...(await repository.editorsOf(statementId))]);
        if (participants.has(supervisorId)) {
          throw new AppError('FORBIDDEN', 'You wrote or edited this statement, so a different supervisor must approve it (two-person rule).');
        }
        if (contentHash !== version.contentHash) {
          throw new AppError('CONFLICT', 'The statement changed since you opened it. Review the current version and approve that.');
        }
        const imageProblems = await imageViolations(media, version.images, version.variants);
        if (imageProblems.length > 0) throw new AppError('BAD_INPUT', `This statement cannot be approved yet: ${imageProblems.map((v) => v.message).join('; ')}. Reject it so the author can fix it.`);
        const now = clock.now();
        await repository.insertReview({
          id: randomUUID(), statementId, version: version.version, contentHash, reviewerId: supervisorId, decision: 'approved', comment: null,
          decidedAt: now.toISOString(), expiresAt: new Date(now.getTime() + validityMs).toISOString(), voidedAt: null, voidReason: null,
        });
        await repository.updateStatement({ ...record, status: 'approved', updatedAt: now.toISOString() });
        return await view(statementId);
      });
    },

    reject: async (statementId, supervisorId, comment) => {
      await requireSupervisor(accounts, supervisorId, 'reject statements');
      const trimmed = comment.trim();
      if (trimmed.length < 1 || trimmed.length > 2_000) throw new AppError('BAD_INPUT', 'Write a comment (up to 2000 characters) telling the author what to change.');
      return repository.transaction(async () => {
        const { record, version } = await load(statementId);
        if (record.status !== 'pending') throw new AppError('CONFLICT', `This statement is not waiting for approval (it is ${record.status}).`);
        if (record.authorId === supervisorId) throw new AppError('FORBIDDEN', 'You wrote this statement: edit it to withdraw it instead of rejecting it.');
        const now = clock.now().toISOString();
        await repository.insertReview({
          id: randomUUID(), statementId, version: version.version, contentHash: version.contentHash, reviewerId: supervisorId, decision: 'rejected',
          comment: trimmed, decidedAt: now, expiresAt: null, voidedAt: null, voidReason: null,
        });
        await repository.updateStatement({ ...record, status: 'rejected', updatedAt: now });
        return await view(statementId);
      });
    },

    assertPublishable,

    markPublished: (statementId) => {
      return repository.transaction(async () => {
        await assertPublishable(statementId);
        const { record } = await load(statementId);
        const now = clock.now().toISOString();
        await repository.updateStatement({ ...record, status: 'published', publishedAt: now, updatedAt: now });
        return await view(statementId);
      });
    },

    reopenAfterCancel: (statementId) => {
      return repository.transaction(async () => {
        const record = await repository.getStatement(statementId);
        if (!record) return null;
        if (record.status === 'published') await repository.updateStatement({ ...record, status: 'approved', publishedAt: null, updatedAt: clock.now().toISOString() });
        return await view(statementId);
      });
    },

    approvalValidityMs: validityMs,
  };
}
