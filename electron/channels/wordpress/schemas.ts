// WordPress REST shapes (wp/v2) the adapter relies on, checked against WordPress 6.1.
import { z } from 'zod';

const rendered = z.object({ rendered: z.string(), raw: z.string().optional() });

export const postSchema = z.object({
  id: z.number().int().positive(),
  date_gmt: z.string().nullable(),
  modified_gmt: z.string(),
  status: z.string(),
  link: z.string(),
  title: rendered,
  content: rendered.extend({ protected: z.boolean().optional() }),
  featured_media: z.number().int().nonnegative().optional(),
});
export type WpPost = z.infer<typeof postSchema>;

export const postListSchema = z.array(postSchema);

export const deletedSchema = z.object({ deleted: z.literal(true), previous: z.object({ id: z.number() }).loose() });

export const wpErrorSchema = z.object({ code: z.string(), message: z.string() }).loose();

export const applicationPasswordSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  created: z.string(),
  last_used: z.string().nullable(),
});
export const applicationPasswordListSchema = z.array(applicationPasswordSchema);

export const userSchema = z.object({ id: z.number(), name: z.string() }).loose();

/** An attachment of /wp/v2/media, as much as the adapter uses. */
export const mediaSchema = z.object({
  id: z.number().int().positive(),
  source_url: z.string(),
  alt_text: z.string(),
  mime_type: z.string(),
});
