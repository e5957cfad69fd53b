// X API v2 response shapes the adapter relies on, parsed before anything reaches the core.
import { z } from 'zod';

export const tweetSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  text: z.string(),
  created_at: z.string().optional(),
  author_id: z.string().optional(),
  attachments: z.object({ media_keys: z.array(z.string()).optional() }).optional(),
});

export const includedMediaSchema = z.object({
  media_key: z.string(),
  type: z.string(),
  url: z.string().optional(),
  alt_text: z.string().optional(),
});
export type IncludedMedia = z.infer<typeof includedMediaSchema>;

export const timelineSchema = z.object({
  data: z.array(tweetSchema).optional(),
  includes: z.object({ media: z.array(includedMediaSchema).optional() }).optional(),
  meta: z
    .object({
      result_count: z.number().optional(),
      newest_id: z.string().optional(),
      oldest_id: z.string().optional(),
      next_token: z.string().optional(),
    })
    .optional(),
});

export const userSchema = z.object({
  data: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    description: z.string().optional(),
  }),
});

export const createdTweetSchema = z.object({ data: z.object({ id: z.string(), text: z.string() }) });
export const deletedTweetSchema = z.object({ data: z.object({ deleted: z.boolean() }) });

export const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  status: z.number().optional(),
  errors: z.array(z.object({ message: z.string().optional() })).optional(),
});
