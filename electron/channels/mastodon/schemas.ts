// The Mastodon entity fields the adapter relies on, parsed at the boundary. masto already returns
// typed, camelCased entities; a compromised or odd instance can still send anything, so the few
// fields Control Room uses are checked here before they reach the core.
import { z } from 'zod';

/** Mastodon ids are numeric strings (snowflakes); anything else is refused. */
const id = z.string().regex(/^\d{1,24}$/);

export const accountSchema = z.object({
  id,
  username: z.string(),
  acct: z.string(),
  displayName: z.string().optional(),
  note: z.string().optional(),
  url: z.string().optional(),
});
export type MastodonAccount = z.infer<typeof accountSchema>;

export const statusSchema = z.object({
  id,
  createdAt: z.string(),
  content: z.string(),
  spoilerText: z.string().optional(),
  url: z.string().nullable().optional(),
  visibility: z.string(),
  account: z.object({ id }),
  mediaAttachments: z
    .array(z.object({ id, type: z.string(), url: z.string().nullable().optional(), remoteUrl: z.string().nullable().optional(), description: z.string().nullable().optional() }))
    .optional(),
});
export type MastodonStatus = z.infer<typeof statusSchema>;

export const statusListSchema = z.array(statusSchema);

/** GET /api/v1/apps/verify_credentials: `scopes` only since Mastodon 4.3. */
export const applicationSchema = z.object({
  name: z.string(),
  scopes: z.array(z.string()).nullable().optional(),
});

/** The streaming API's `update` payload: only whose status it is matters to the watcher. */
export const streamedStatusSchema = z.object({ id, account: z.object({ id }) });

/** A body the error path reads: Mastodon answers `{ "error": "..." }`. */
export const errorBodySchema = z.object({ error: z.string().optional(), error_description: z.string().optional() });

/** POST /api/v2/media: the attachment (url null while the instance still processes it). */
export const mediaAttachmentSchema = z.object({ id, type: z.string(), url: z.string().nullable().optional() });
