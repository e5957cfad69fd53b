// Statement and template shapes as they cross the contract (zod only). The statements services
// produce exactly these, the store keeps them, and the composer and approvals queue consume them.
import { z } from 'zod';
import { call, noInput, signedIn } from './contract-call';
import { channelIdSchema } from './contract-channels';
import { outboxRowSchema } from './contract-control';
import { statementImageSchema, statementImagesSchema, statementImageViewSchema } from './contract-media';
import { breakGlassReviewNoteLength, maxPlaceholderInputLength } from './rules';
import type { StatementVariants } from './text-limits';

/** Generous storage bounds: autosave must accept anything a person plausibly types or pastes. */
const text = z.string().max(20_000);
const html = z.string().max(200_000);
const line = z.string().max(1_000);

export const statementVariantsSchema = z.strictObject({
  x: z.strictObject({ text }).optional(),
  bluesky: z.strictObject({ text }).optional(),
  mastodon: z.strictObject({ text }).optional(),
  website: z.strictObject({ title: line, html }).optional(),
  email: z.strictObject({ subject: line, text, html }).optional(),
});

export const statementStatuses = ['draft', 'pending', 'approved', 'rejected', 'published'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

// The variants' shape is declared beside the channels' counting (text-limits.ts), which the
// renderer runs and which may import nothing of the contract.
export type { StatementVariants } from './text-limits';

/** Copies only the known channels and fields, dropping absent ones (exactOptionalPropertyTypes). */
export function cleanVariants(input: z.output<typeof statementVariantsSchema>): StatementVariants {
  const out: { -readonly [K in keyof StatementVariants]: StatementVariants[K] } = {};
  if (input.x) out.x = { text: input.x.text };
  if (input.bluesky) out.bluesky = { text: input.bluesky.text };
  if (input.mastodon) out.mastodon = { text: input.mastodon.text };
  if (input.website) out.website = { title: input.website.title, html: input.website.html };
  if (input.email) out.email = { subject: input.email.subject, text: input.email.text, html: input.email.html };
  return out;
}

export const violationSchema = z.object({ channel: z.string(), field: z.string(), message: z.string() });

export const statementViewSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  status: z.enum(statementStatuses),
  readyToPublish: z.boolean(),
  version: z.number(),
  title: z.string(),
  canonicalText: z.string(),
  variants: statementVariantsSchema,
  images: z.array(statementImageViewSchema).readonly(),
  contentHash: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approval: z
    .object({
      id: z.string(),
      approverId: z.string(),
      version: z.number(),
      contentHash: z.string(),
      approvedAt: z.string(),
      expiresAt: z.string(),
      voidedAt: z.string().nullable(),
      voidReason: z.string().nullable(),
      state: z.enum(['valid', 'expired', 'voided']),
    })
    .nullable(),
  lastRejection: z.object({ reviewerId: z.string(), version: z.number(), comment: z.string(), rejectedAt: z.string() }).nullable(),
  violations: z.array(violationSchema).readonly(),
});
export type StatementViewData = z.infer<typeof statementViewSchema>;

export const statementVersionSchema = z.object({
  statementId: z.string(),
  version: z.number(),
  title: z.string(),
  canonicalText: z.string(),
  variants: statementVariantsSchema,
  images: z.array(statementImageSchema).readonly(),
  contentHash: z.string(),
  savedBy: z.string(),
  savedAt: z.string(),
});

const filledValueSchema = z.object({ name: z.string(), value: z.string() });

export const templateViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  title: z.string(),
  variants: statementVariantsSchema,
  placeholders: z.array(z.string()).readonly(),
  contentHash: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  preApproved: z.boolean(),
  approval: z
    .object({ approverId: z.string(), approvedAt: z.string(), version: z.number(), voidedAt: z.string().nullable(), voidReason: z.string().nullable() })
    .nullable(),
  violations: z.array(violationSchema).readonly(),
});

export const filledTemplateSchema = z.object({
  templateId: z.string(),
  templateVersion: z.number(),
  title: z.string(),
  variants: statementVariantsSchema,
  filled: z.array(filledValueSchema).readonly(),
  contentHash: z.string(),
  preApproved: z.boolean(),
  violations: z.array(violationSchema).readonly(),
});

export const templateValuesSchema = z.record(z.string().min(1).max(40), z.string().max(maxPlaceholderInputLength)).refine((v) => Object.keys(v).length <= 20, 'at most 20 values');

/** A break-glass use as its review sees it: who, why, the words, where it went, and the review. */
export const breakGlassViewSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  templateVersion: z.number(),
  supervisorId: z.string(),
  reason: z.string(),
  filled: z.array(filledValueSchema).readonly(),
  title: z.string(),
  variants: statementVariantsSchema,
  issuedAt: z.string(),
  expiresAt: z.string(),
  review: z.object({ reviewerId: z.string(), reviewedAt: z.string(), note: z.string() }).nullable(),
  sends: z.array(outboxRowSchema).readonly(),
});

export const statementIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');

export const statementsCalls = {
  'statements.list': call({
    effect: 'read',
    input: z.strictObject({ status: z.enum(['draft', 'pending', 'approved', 'rejected', 'published']).optional() }),
    output: z.array(statementViewSchema),
    access: signedIn,
    summary: 'Statements, newest first (the approvals queue asks for status=pending).',
  }),
  'statements.get': call({
    effect: 'read',
    input: z.strictObject({ id: statementIdSchema }),
    output: z.object({ statement: statementViewSchema, versions: z.array(statementVersionSchema) }),
    access: signedIn,
    summary: 'One statement with every saved version (for the diff against the last approved one).',
  }),
  'statements.save': call({
    effect: 'action',
    input: z.strictObject({
      id: statementIdSchema.optional(),
      title: z.string().max(1_000),
      canonicalText: z.string().max(50_000),
      variants: statementVariantsSchema,
      /** In order, each added first with media.add; alt text may be empty until submitting. */
      images: statementImagesSchema.optional(),
      baseVersion: z.number().int().positive().optional(),
      /** Saved by the composer as the person types: refused on a statement that is no longer a draft. */
      autosave: z.boolean().optional(),
    }),
    output: z.object({
      statement: statementViewSchema,
      saved: z.boolean(),
      conflict: z.boolean(),
      /**
       * Team mode, the database unreachable: saved on this desk only (statement echoes the text at
       * the version it was edited from); it syncs as new versions when the database returns.
       */
      savedLocally: z.object({ at: z.string(), pending: z.number().int() }).optional(),
    }),
    access: signedIn,
    summary: 'Save a draft (the composer autosaves as the person types): every change is a new version; an identical save is a no-op.',
  }),
  'statements.submit': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema }),
    output: statementViewSchema,
    access: signedIn,
    summary: 'Submit a draft for a second person to approve.',
  }),
  'statements.approve': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, contentHash: z.string().max(100) }),
    output: statementViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Approve the exact content (by hash) of a statement someone else wrote.',
  }),
  'statements.reject': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, comment: z.string().min(1).max(2_000) }),
    output: statementViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Send a statement back to its author with a comment.',
  }),
  'statements.publish': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, channelIds: z.array(channelIdSchema).min(1).max(50), throughFreeze: z.boolean().default(false) }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Fan an approved statement out to the chosen channels at once (throughFreeze: send while they stay in quarantine).',
  }),
  'statements.schedule': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, channelIds: z.array(channelIdSchema).min(1).max(50), at: z.iso.datetime({ offset: true }).max(40) }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Schedule an approved statement for a time (an ISO instant); a freeze holds it, and an approval that ran out by then needs a confirmation.',
  }),
  'templates.list': call({
    effect: 'read',
    input: noInput,
    output: z.array(templateViewSchema),
    access: signedIn,
    summary: 'Holding statements and whether each is pre-approved.',
  }),
  'templates.fill': call({
    effect: 'read',
    input: z.strictObject({ id: statementIdSchema, values: templateValuesSchema }),
    output: filledTemplateSchema,
    access: signedIn,
    summary: 'A template with its placeholders filled, and the filled values shown before publishing.',
  }),
  'templates.propose': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema.optional(), name: z.string().min(1).max(200), title: z.string().max(1_000), variants: statementVariantsSchema }),
    output: templateViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Propose a holding statement (or a new version of one, which voids its pre-approval).',
  }),
  'templates.approve': call({
    effect: 'action',
    input: z.strictObject({ id: statementIdSchema, contentHash: z.string().max(100) }),
    output: templateViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'Pre-approve a template someone else proposed.',
  }),
  'templates.breakGlass': call({
    effect: 'action',
    input: z.strictObject({
      id: statementIdSchema,
      reason: z.string().min(1).max(2_000),
      values: templateValuesSchema,
      channelIds: z.array(channelIdSchema).min(1).max(50),
      throughFreeze: z.boolean().default(false),
    }),
    output: z.array(outboxRowSchema),
    access: ['supervisor', 'admin'],
    summary: 'Crisis: one supervisor publishes a pre-approved holding statement now; everyone is alerted and it is flagged for review.',
  }),
  'templates.breakGlassList': call({
    effect: 'read',
    input: z.strictObject({ awaitingReview: z.boolean().optional() }),
    output: z.array(breakGlassViewSchema),
    access: signedIn,
    summary: 'Every break-glass use, newest first, with where it went and its review (awaitingReview: only those not reviewed yet).',
  }),
  'templates.reviewBreakGlass': call({
    effect: 'action',
    input: z.strictObject({ id: z.string().min(1).max(100), note: z.string().min(1).max(breakGlassReviewNoteLength.max) }),
    output: breakGlassViewSchema,
    access: ['supervisor', 'admin'],
    summary: 'A supervisor other than the one who used break-glass marks it reviewed, with a note.',
  }),
} as const;
