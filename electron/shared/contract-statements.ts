// Statement and template shapes as they cross the contract (zod only). The statements services
// produce exactly these; the composer and approvals queue consume them.
import { z } from 'zod';
import { maxPlaceholderInputLength } from './rules';

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

export const violationSchema = z.object({ channel: z.string(), field: z.string(), message: z.string() });

export const statementViewSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  status: z.enum(['draft', 'pending', 'approved', 'rejected', 'published']),
  readyToPublish: z.boolean(),
  version: z.number(),
  title: z.string(),
  canonicalText: z.string(),
  variants: statementVariantsSchema,
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

export const statementIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');
