// Statement and template shapes as they cross the contract (zod only). The statements services
// produce exactly these, the store keeps them, and the composer and approvals queue consume them.
import { z } from 'zod';

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

/** Absent channel = not published there. Written out (not z.infer) to keep exactOptionalPropertyTypes exact. */
export interface StatementVariants {
  readonly x?: { readonly text: string };
  readonly bluesky?: { readonly text: string };
  readonly mastodon?: { readonly text: string };
  readonly website?: { readonly title: string; readonly html: string };
  readonly email?: { readonly subject: string; readonly text: string; readonly html: string };
}

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

export const templateValuesSchema = z.record(z.string().min(1).max(40), z.string().max(200)).refine((v) => Object.keys(v).length <= 20, 'at most 20 values');

export const statementIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash and underscore');
