// Pre-approved holding statements. Two different supervisors agree a template ahead of time (one
// proposes, another approves its exact content hash); any edit voids that. In a crisis one
// supervisor may then publish it alone ("break-glass"): the authorisation is bound to the filled
// content, valid for a short time, and always flagged for review afterwards.
import { randomUUID } from 'node:crypto';
import type { BreakGlassRecord, BreakGlassReview, TemplateRecord, TemplateVersionRecord } from '../../store/records';
import type { StatementsRepository } from '../../store/repositories';
import { AppError } from '../../shared/result';
import type { Clock } from '../../lib/clock';
import { breakGlassReasonLength, breakGlassReviewNoteLength } from '../../shared/rules';
import { cleanVariants } from '../../shared/contract-statements';
import { statementContentHash } from './content-hash';
import { holdingTemplates } from './holding-templates';
import { defaultChannelLimits, validateStatement, type ChannelLimits } from './limits';
import { checkClientId, requireSupervisor, type AccountDirectory } from './people';
import { fillContent, fillWithSamples, placeholdersIn, type FilledValue } from './template-fill';
import { statementVariantsSchema, type StatementVariants, type Violation } from './types';

export const defaultBreakGlassMinutes = 15;

export interface TemplateView {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly title: string;
  readonly variants: StatementVariants;
  readonly placeholders: readonly string[];
  readonly contentHash: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  /** True when a second supervisor approved exactly this version. */
  readonly preApproved: boolean;
  readonly approval: { readonly approverId: string; readonly approvedAt: string; readonly version: number; readonly voidedAt: string | null; readonly voidReason: string | null } | null;
  /** Checked with long sample values in the placeholders. */
  readonly violations: readonly Violation[];
}

export interface FilledTemplate {
  readonly templateId: string;
  readonly templateVersion: number;
  readonly title: string;
  readonly variants: StatementVariants;
  /** Shown to the supervisor before publishing: the only words nobody approved in advance. */
  readonly filled: readonly FilledValue[];
  readonly contentHash: string;
  readonly preApproved: boolean;
  readonly violations: readonly Violation[];
}

export interface BreakGlassAuthorisation {
  readonly id: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly supervisorId: string;
  readonly reason: string;
  readonly filled: readonly FilledValue[];
  readonly title: string;
  readonly variants: StatementVariants;
  readonly contentHash: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly flaggedForReview: true;
  /** Null while it awaits review by a supervisor other than the one who used it. */
  readonly review: BreakGlassReview | null;
}


export interface ProposeTemplateInput {
  readonly id?: string;
  readonly name: string;
  readonly title: string;
  readonly variants: StatementVariants;
}

export interface TemplatesService {
  /** Creates a template, or a new version of one (which voids its pre-approval). */
  proposeTemplate(input: ProposeTemplateInput, proposerId: string): Promise<TemplateView>;
  /** By a supervisor other than the proposer of this version; the caller checks fresh re-auth. */
  approveTemplate(templateId: string, approverId: string, contentHash: string): Promise<TemplateView>;
  getTemplate(templateId: string): Promise<TemplateView>;
  listTemplates(): Promise<TemplateView[]>;
  fillTemplate(templateId: string, values: Readonly<Record<string, string>>): Promise<FilledTemplate>;
  /** One supervisor, a reason, the values: a time-boxed authorisation bound to the filled content. */
  breakGlass(templateId: string, supervisorId: string, reason: string, values: Readonly<Record<string, string>>): Promise<BreakGlassAuthorisation>;
  /** For the outbox at send time: refuses an expired authorisation or one whose template changed. */
  assertBreakGlassValid(authorisationId: string, now?: Date): Promise<BreakGlassAuthorisation>;
  /** Newest first; awaitingReview: only those nobody has reviewed yet. */
  listBreakGlass(filter?: { readonly awaitingReview?: boolean }): Promise<BreakGlassAuthorisation[]>;
  /** A supervisor other than the one who used it marks it reviewed, once, with a note. */
  reviewBreakGlass(authorisationId: string, reviewerId: string, note: string): Promise<BreakGlassAuthorisation>;
  /** Proposes the shipped holding statements that are not there yet (each still needs a second supervisor). */
  installHoldingTemplates(proposerId: string): Promise<TemplateView[]>;
}

export interface TemplatesServiceDeps {
  readonly repository: StatementsRepository;
  readonly accounts: AccountDirectory;
  readonly clock: Clock;
  readonly config?: { readonly breakGlassMinutes?: number; readonly limits?: ChannelLimits };
}

function toAuthorisation(r: BreakGlassRecord): BreakGlassAuthorisation {
  const { id, templateId, templateVersion, supervisorId, reason, title, variants, contentHash, issuedAt, expiresAt } = r;
  return { id, templateId, templateVersion, supervisorId, reason, filled: r.filledValues, title, variants, contentHash, issuedAt, expiresAt, flaggedForReview: true, review: r.review };
}

export function createTemplatesService({ repository, accounts, clock, config = {} }: TemplatesServiceDeps): TemplatesService {
  const breakGlassMs = (config.breakGlassMinutes ?? defaultBreakGlassMinutes) * 60_000;
  const limits = config.limits ?? defaultChannelLimits;

  async function load(templateId: string): Promise<{ template: TemplateRecord; version: TemplateVersionRecord }> {
    const template = await repository.getTemplate(templateId);
    const version = template ? await repository.getTemplateVersion(templateId, template.currentVersion) : null;
    if (!template || !version) throw new AppError('NOT_FOUND', 'That template does not exist; refresh the list.');
    return { template, version };
  }

  async function view(templateId: string): Promise<TemplateView> {
    const { template, version } = await load(templateId);
    const approval = await repository.latestTemplateApproval(templateId);
    const preApproved = approval !== null && approval.voidedAt === null && approval.version === version.version && approval.contentHash === version.contentHash;
    return {
      id: template.id,
      name: template.name,
      version: version.version,
      title: version.title,
      variants: version.variants,
      placeholders: placeholdersIn(version),
      contentHash: version.contentHash,
      proposedBy: version.proposedBy,
      proposedAt: version.proposedAt,
      preApproved,
      approval: approval
        ? { approverId: approval.approverId, approvedAt: approval.approvedAt, version: approval.version, voidedAt: approval.voidedAt, voidReason: approval.voidReason }
        : null,
      violations: validateStatement(fillWithSamples(version), limits),
    };
  }

  async function fill(templateId: string, values: Readonly<Record<string, string>>): Promise<FilledTemplate> {
    const current = await view(templateId);
    const { content, filled } = fillContent(current, values);
    return {
      templateId,
      templateVersion: current.version,
      title: content.title,
      variants: content.variants,
      filled,
      contentHash: statementContentHash(content),
      preApproved: current.preApproved,
      violations: validateStatement(content, limits),
    };
  }

  async function propose(input: ProposeTemplateInput, proposerId: string): Promise<TemplateView> {
    await requireSupervisor(accounts, proposerId, 'propose pre-approved templates');
    const parsed = statementVariantsSchema.safeParse(input.variants);
    const name = input.name.trim();
    if (!parsed.success || name.length < 1 || name.length > 200 || input.title.length > 1_000) {
      throw new AppError('BAD_INPUT', 'Give the template a name (up to 200 characters) and keep each variant within the size limits.');
    }
    const content = { title: input.title, variants: cleanVariants(parsed.data) };
    const contentHash = statementContentHash(content);
    const id = input.id === undefined ? randomUUID() : checkClientId(input.id, 'template');
    const now = clock.now().toISOString();
    return repository.transaction(async () => {
      const existing = await repository.getTemplate(id);
      const current = existing ? await repository.getTemplateVersion(id, existing.currentVersion) : null;
      if (existing && current && current.contentHash === contentHash) {
        if (existing.name !== name) await repository.updateTemplate({ ...existing, name, updatedAt: now });
        return await view(id);
      }
      const versionNumber = (existing?.currentVersion ?? 0) + 1;
      if (existing) {
        // An edit voids the pre-approval: what two people agreed is no longer what would go out.
        await repository.voidTemplateApprovals(id, now, `edited (version ${versionNumber})`);
        await repository.updateTemplate({ ...existing, name, currentVersion: versionNumber, updatedAt: now });
      } else {
        await repository.insertTemplate({ id, name, currentVersion: versionNumber, createdAt: now, updatedAt: now });
      }
      await repository.insertTemplateVersion({ templateId: id, version: versionNumber, ...content, contentHash, proposedBy: proposerId, proposedAt: now });
      return await view(id);
    });
  }

  async function assertBreakGlassValid(authorisationId: string, now: Date = clock.now()): Promise<BreakGlassAuthorisation> {
    const record = await repository.getBreakGlass(authorisationId);
    if (!record) throw new AppError('NOT_FOUND', 'That break-glass authorisation does not exist.');
    if (now.getTime() >= new Date(record.expiresAt).getTime()) {
      throw new AppError('CONFLICT', `This break-glass authorisation has expired (it lasts ${Math.round(breakGlassMs / 60_000)} minutes). Start break-glass again.`);
    }
    const current = await view(record.templateId);
    if (!current.preApproved || current.version !== record.templateVersion) {
      throw new AppError('CONFLICT', 'The template changed or lost its pre-approval after break-glass started. It needs two supervisors again.');
    }
    if (statementContentHash(record) !== record.contentHash) {
      throw new AppError('CONFLICT', 'The stored break-glass content does not match its hash. Do not publish it; start break-glass again.');
    }
    return toAuthorisation(record);
  }

  return {
    proposeTemplate: propose,

    approveTemplate: async (templateId, approverId, contentHash) => {
      await requireSupervisor(accounts, approverId, 'approve pre-approved templates');
      return repository.transaction(async () => {
        const { version } = await load(templateId);
        if (version.proposedBy === approverId) {
          throw new AppError('FORBIDDEN', 'You proposed this version, so a different supervisor must approve it (two-person rule).');
        }
        if (contentHash !== version.contentHash) throw new AppError('CONFLICT', 'The template changed since you opened it. Review the current version and approve that.');
        const current = await view(templateId);
        if (current.preApproved) return current;
        if (current.violations.length > 0) {
          throw new AppError('BAD_INPUT', `Fix these before approving: ${current.violations.map((v) => v.message).join('; ')}.`);
        }
        await repository.insertTemplateApproval({
          id: randomUUID(), templateId, version: version.version, contentHash, approverId, approvedAt: clock.now().toISOString(), voidedAt: null, voidReason: null,
        });
        return await view(templateId);
      });
    },

    getTemplate: view,
    listTemplates: async () => Promise.all((await repository.listTemplates()).map((t) => view(t.id))),
    fillTemplate: fill,

    breakGlass: async (templateId, supervisorId, reason, values) => {
      await requireSupervisor(accounts, supervisorId, 'publish a pre-approved statement alone');
      const why = reason.trim();
      const { min, max } = breakGlassReasonLength;
      if (why.length < min || why.length > max) throw new AppError('BAD_INPUT', `Say why you are publishing alone (${min} to ${max} characters); it goes into the review.`);
      // Checked and recorded in one transaction: an edit that voids the pre-approval commits before or after, never between.
      return repository.transaction(async () => {
        if (!(await view(templateId)).preApproved) {
          throw new AppError('CONFLICT', 'This template is not pre-approved by two supervisors, so it cannot be published alone. Use the normal approval.');
        }
        const filled = await fill(templateId, values);
        if (filled.violations.length > 0) throw new AppError('BAD_INPUT', `Fix these first: ${filled.violations.map((v) => v.message).join('; ')}.`);
        const issued = clock.now();
        const record: BreakGlassRecord = {
          id: randomUUID(), templateId, templateVersion: filled.templateVersion, supervisorId, reason: why, filledValues: filled.filled,
          title: filled.title, variants: filled.variants, contentHash: filled.contentHash, issuedAt: issued.toISOString(),
          expiresAt: new Date(issued.getTime() + breakGlassMs).toISOString(), flaggedForReview: true, review: null,
        };
        await repository.insertBreakGlass(record);
        return toAuthorisation(record);
      });
    },

    assertBreakGlassValid,
    listBreakGlass: async (filter = {}) => (await repository.listBreakGlass()).filter((r) => !filter.awaitingReview || r.review === null).map(toAuthorisation),

    reviewBreakGlass: async (authorisationId, reviewerId, note) => {
      await requireSupervisor(accounts, reviewerId, 'review a break-glass publication');
      const text = note.trim();
      const { min, max } = breakGlassReviewNoteLength;
      if (text.length < min || text.length > max) {
        throw new AppError('BAD_INPUT', `Write a review note (up to ${max} characters): what you checked and what you concluded.`);
      }
      return repository.transaction(async () => {
        const record = await repository.getBreakGlass(authorisationId);
        if (!record) throw new AppError('NOT_FOUND', 'That break-glass use does not exist; refresh the list.');
        // The point of the review is a second pair of eyes on what one person did alone.
        if (record.supervisorId === reviewerId) {
          throw new AppError('FORBIDDEN', 'You used this break-glass yourself, so a different supervisor must review it (two-person rule).');
        }
        if (record.review) throw new AppError('CONFLICT', `This break-glass use was already reviewed at ${record.review.reviewedAt}; refresh the list.`);
        const review = { reviewerId, reviewedAt: clock.now().toISOString(), note: text };
        if (!await repository.reviewBreakGlass(authorisationId, review)) throw new AppError('CONFLICT', 'Someone reviewed it at the same moment; refresh the list.');
        return toAuthorisation({ ...record, review });
      });
    },

    installHoldingTemplates: async (proposerId) => {
      const views: TemplateView[] = [];
      for (const t of holdingTemplates) views.push((await repository.getTemplate(t.id)) ? await view(t.id) : await propose({ id: t.id, name: t.name, ...t.content }, proposerId));
      return views;
    },
  };
}
