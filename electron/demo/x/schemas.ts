// Request schemas of the demo X server (zod), and the translation of their failures into X's
// Invalid Request messages: JSON-schema style for bodies (`$.text: ...`), bracketed values for
// query parameters.
import { z } from 'zod';
import { invalidParameter, type XValidationError } from './errors';

export const snowflakeIdSchema = z.string().regex(/^[0-9]{1,19}$/);

/** POST /2/tweets. The demo supports text and up to four uploaded photos; X's other fields are refused as unknown. */
export const createTweetBodySchema = z.strictObject({
  text: z.string(),
  media: z.strictObject({ media_ids: z.array(z.string().regex(/^\d{1,20}$/)).min(1).max(4) }).optional(),
});

/** POST /2/oauth2/revoke; twitter-api-v2 sends it as JSON, RFC 7009 clients as a form. */
export const revokeBodySchema = z.object({
  token: z.string().min(1),
  token_type_hint: z.enum(['access_token', 'refresh_token']).optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

/** POST /2/oauth2/token; only the refresh grant (authorization code + PKCE is a later issue). */
export const refreshBodySchema = z.object({
  grant_type: z.literal('refresh_token'),
  refresh_token: z.string().min(1),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

export const tweetFieldNames = [
  'attachments', 'author_id', 'card_uri', 'context_annotations', 'conversation_id', 'created_at', 'edit_controls',
  'edit_history_tweet_ids', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang', 'non_public_metrics', 'note_tweet',
  'organic_metrics', 'possibly_sensitive', 'promoted_metrics', 'public_metrics', 'referenced_tweets', 'reply_settings',
  'source', 'text', 'withheld',
] as const;
export type TweetFieldName = (typeof tweetFieldNames)[number];

export const userFieldNames = [
  'affiliation', 'connection_status', 'created_at', 'description', 'entities', 'id', 'location', 'most_recent_tweet_id',
  'name', 'pinned_tweet_id', 'profile_banner_url', 'profile_image_url', 'protected', 'public_metrics', 'receives_your_dm',
  'subscription_type', 'url', 'username', 'verified', 'verified_type', 'withheld',
] as const;
export type UserFieldName = (typeof userFieldNames)[number];

const timelineExpansions = [
  'attachments.media_keys', 'attachments.poll_ids', 'author_id', 'edit_history_tweet_ids', 'entities.mentions.username',
  'geo.place_id', 'in_reply_to_user_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id',
] as const;
const userExpansions = ['affiliation.user_id', 'most_recent_tweet_id', 'pinned_tweet_id'] as const;

function csvOf<T extends string>(allowed: readonly [T, ...T[]]) {
  return z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(allowed)).min(1));
}

/** Free-form field lists the demo accepts and ignores (it has no media, polls or places). */
const ignoredList = z.string().regex(/^[a-z_.,]+$/);

const tweetFields = csvOf(tweetFieldNames);
const userFields = csvOf(userFieldNames);

export const timelineQuerySchemas = {
  since_id: snowflakeIdSchema,
  until_id: snowflakeIdSchema,
  max_results: z.string().regex(/^[0-9]{1,4}$/).transform(Number).pipe(z.number().int().min(5).max(100)),
  pagination_token: z.string().min(1),
  start_time: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  end_time: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  exclude: csvOf(['replies', 'retweets']),
  expansions: csvOf(timelineExpansions),
  'tweet.fields': tweetFields,
  'user.fields': userFields,
  'media.fields': csvOf(['alt_text', 'duration_ms', 'height', 'media_key', 'non_public_metrics', 'organic_metrics', 'preview_image_url', 'promoted_metrics', 'public_metrics', 'type', 'url', 'variants', 'width']),
  'poll.fields': ignoredList,
  'place.fields': ignoredList,
};

export const meQuerySchemas = {
  expansions: csvOf(userExpansions),
  'tweet.fields': tweetFields,
  'user.fields': userFields,
};

const whyInvalid: Record<string, string> = {
  max_results: 'is not between 5 and 100',
  since_id: 'does not match ^[0-9]{1,19}$',
  until_id: 'does not match ^[0-9]{1,19}$',
  'tweet.fields': `is not one of [${tweetFieldNames.join(',')}]`,
  'user.fields': `is not one of [${userFieldNames.join(',')}]`,
};

type ParsedQuery<S extends Record<string, z.ZodType>> = { [K in keyof S]?: z.output<S[K]> };

export type QueryParse<S extends Record<string, z.ZodType>> =
  | { ok: true; values: ParsedQuery<S> }
  | { ok: false; errors: XValidationError[] };

/** Validates every query parameter against its schema; unknown or repeated names are refused, as X does. */
export function parseQuery<S extends Record<string, z.ZodType>>(params: URLSearchParams, schemas: S): QueryParse<S> {
  const errors: XValidationError[] = [];
  const values: Record<string, unknown> = {};
  const seen = new Set<string>();
  const allowed = Object.keys(schemas);
  for (const [name, value] of params) {
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (!schema) {
      errors.push({ parameters: { [name]: [value] }, message: `The query parameter [${name}] is not one of [${allowed.join(',')}]` });
    } else if (seen.has(name)) {
      errors.push({ parameters: { [name]: [value] }, message: `Duplicate parameters are not allowed: the \`${name}\` query parameter` });
    } else {
      const parsed = schema.safeParse(value);
      if (parsed.success) values[name] = parsed.data;
      else errors.push(invalidParameter(name, value, whyInvalid[name]));
    }
    seen.add(name);
  }
  // The loop checked each value against the schema under its own name.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: values as ParsedQuery<S> };
}

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** zod issues in X's JSON-schema wording, e.g. `$.text: is missing but it is required`. */
export function describeBodyIssues(error: z.ZodError): XValidationError[] {
  return error.issues.flatMap((issue): XValidationError[] => {
    const path = ['$', ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        message: `${path}.${key}: is not defined in the schema and the schema does not allow additional properties`,
      }));
    }
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return [{ message: `${path}: is missing but it is required` }];
      return [{ message: `${path}: ${jsonTypeName(issue.input)} found, ${issue.expected} expected` }];
    }
    return [{ message: `${path}: ${issue.message}` }];
  });
}
