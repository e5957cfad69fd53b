// The user-context endpoints of the demo X server: create and delete a tweet, the authenticated
// user, and a user's tweet timeline. Each handler gets an authenticated, rate-limited request
// and answers in X API v2's shapes.
import twitterText from 'twitter-text';
import type { DemoXPrincipal, DemoXUser } from './credentials';
import {
  duplicateContent,
  invalidParameter,
  invalidRequest,
  notAllowedToDelete,
  reply,
  tweetNotFound,
  tweetTooLong,
  userNotFoundEntry,
  type XReply,
} from './errors';
import { isJsonBody, parseJson } from './http-io';
import {
  createTweetBodySchema,
  describeBodyIssues,
  meQuerySchemas,
  parseQuery,
  snowflakeIdSchema,
  timelineQuerySchemas,
  type TweetFieldName,
  type UserFieldName,
} from './schemas';
import type { DemoXMediaStore } from './media';
import { mediaUrl } from './routes-media';
import { decodeCursor, encodeCursor, type DemoXTweet, type DemoXTweetStore, type TimelineQuery } from './store';

export interface UserRouteContext {
  principal: DemoXPrincipal;
  /** Captured path segments, e.g. the `:id` of `/2/tweets/:id`. */
  pathParams: readonly string[];
  query: URLSearchParams;
  body: string;
  /** The body as received, for binary (multipart) uploads. */
  bytes: Buffer;
  contentType: string | undefined;
  store: DemoXTweetStore;
  media: DemoXMediaStore;
  /** This server's origin, for the media URLs it hands out. */
  origin: string;
  users: ReadonlyMap<string, DemoXUser>;
}

/** X's limit, counted in weighted characters (CJK and emoji count double, URLs 23). */
const maxWeightedLength = 280;

function renderTweet(tweet: DemoXTweet, fields: ReadonlySet<TweetFieldName>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] };
  if (fields.has('author_id')) out.author_id = tweet.authorId;
  if (fields.has('created_at')) out.created_at = tweet.createdAt.toISOString();
  if (fields.has('conversation_id')) out.conversation_id = tweet.id;
  if (fields.has('possibly_sensitive')) out.possibly_sensitive = false;
  if (fields.has('reply_settings')) out.reply_settings = 'everyone';
  if (fields.has('lang')) out.lang = 'en';
  if (fields.has('attachments') && tweet.mediaKeys.length > 0) out.attachments = { media_keys: [...tweet.mediaKeys] };
  if (fields.has('public_metrics')) out.public_metrics = { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 };
  return out;
}

function renderUser(user: DemoXUser, fields: ReadonlySet<UserFieldName>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
  if (fields.has('created_at')) out.created_at = user.createdAt;
  if (fields.has('description')) out.description = user.description;
  if (fields.has('location')) out.location = user.location;
  if (fields.has('url')) out.url = user.url;
  if (fields.has('profile_image_url')) out.profile_image_url = user.profileImageUrl;
  if (fields.has('protected')) out.protected = user.protected;
  if (fields.has('verified')) out.verified = user.verified;
  return out;
}

/** POST /2/tweets */
export function createTweet(ctx: UserRouteContext): XReply {
  if (!isJsonBody(ctx.contentType)) return invalidRequest([{ message: 'Requests with bodies must have content-type of application/json.' }]);
  const json = parseJson(ctx.body);
  if (!json.ok) return invalidRequest([{ message: 'Request body is not valid JSON.' }]);
  const parsed = createTweetBodySchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return invalidRequest(describeBodyIssues(parsed.error));
  const { text } = parsed.data;
  if (text.trim() === '') return invalidRequest([{ parameters: { text: [text] }, message: '$.text: must not be empty' }]);
  if (twitterText.parseTweet(text).weightedLength > maxWeightedLength) return tweetTooLong();
  const mediaKeys: string[] = [];
  for (const id of parsed.data.media?.media_ids ?? []) {
    const upload = ctx.media.find(id, ctx.principal);
    if (!upload?.bytes) return invalidRequest([{ parameters: { 'media.media_ids': [id] }, message: `Your media IDs are invalid: ${id} is not a finalized upload of this user.` }]);
    mediaKeys.push(upload.key);
  }
  // X refuses a repeat of a live tweet by the same user; a deleted one may be posted again.
  if (ctx.store.hasLiveText(ctx.principal.userId, text)) return duplicateContent();
  const tweet = ctx.store.create(ctx.principal, text, mediaKeys);
  return reply(201, { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } });
}

/** DELETE /2/tweets/:id */
export function deleteTweet(ctx: UserRouteContext): XReply {
  const id = ctx.pathParams[0] ?? '';
  if (!snowflakeIdSchema.safeParse(id).success) return invalidRequest([invalidParameter('id', id, 'does not match ^[0-9]{1,19}$')]);
  const tweet = ctx.store.findLive(id);
  if (!tweet) return tweetNotFound(id);
  // Only the author may delete; another user's token gets X's Forbidden.
  if (tweet.authorId !== ctx.principal.userId) return notAllowedToDelete();
  ctx.store.delete(id, ctx.principal);
  return reply(200, { data: { deleted: true } });
}

/** GET /2/users/me */
export function getMe(ctx: UserRouteContext): XReply {
  const query = parseQuery(ctx.query, meQuerySchemas);
  if (!query.ok) return invalidRequest(query.errors);
  const user = ctx.users.get(ctx.principal.userId);
  // A principal always belongs to a configured account; a miss is a bug in the server.
  if (!user) throw new Error(`No demo X user ${ctx.principal.userId}`);
  return reply(200, { data: renderUser(user, new Set(query.values['user.fields'])) });
}

/** GET /2/users/:id/tweets */
export function getUserTimeline(ctx: UserRouteContext): XReply {
  const userId = ctx.pathParams[0] ?? '';
  if (!snowflakeIdSchema.safeParse(userId).success) return invalidRequest([invalidParameter('id', userId, 'does not match ^[0-9]{1,19}$')]);
  const query = parseQuery(ctx.query, timelineQuerySchemas);
  if (!query.ok) return invalidRequest(query.errors);
  const q = query.values;
  const token = q.pagination_token;
  const cursor = token === undefined ? undefined : decodeCursor(token);
  if (token !== undefined && !cursor) return invalidRequest([invalidParameter('pagination_token', token)]);
  const author = ctx.users.get(userId);
  // X reports an unknown user inside a 200, not as an HTTP error.
  if (!author) return reply(200, { errors: [userNotFoundEntry(userId)] });

  const timelineQuery: TimelineQuery = { authorId: userId, maxResults: q.max_results ?? 10 };
  if (q.since_id !== undefined) timelineQuery.sinceId = BigInt(q.since_id);
  if (q.until_id !== undefined) timelineQuery.untilId = BigInt(q.until_id);
  if (q.start_time !== undefined) timelineQuery.startMs = q.start_time;
  if (q.end_time !== undefined) timelineQuery.endMs = q.end_time;
  if (cursor) timelineQuery.cursor = cursor;
  const page = ctx.store.timeline(timelineQuery);

  const newest = page.tweets[0];
  const oldest = page.tweets[page.tweets.length - 1];
  const meta: Record<string, unknown> = { result_count: page.tweets.length };
  if (newest && oldest) {
    meta.newest_id = newest.id;
    meta.oldest_id = oldest.id;
  }
  if (page.older) meta.next_token = encodeCursor(page.older);
  if (page.newer) meta.previous_token = encodeCursor(page.newer);
  // An empty page carries no `data` key at all, as on X.
  // Expanding media keys brings the tweets' attachments with them, as on X.
  const tweetFields = new Set<TweetFieldName>(q['tweet.fields']);
  if (q.expansions?.includes('attachments.media_keys')) tweetFields.add('attachments');
  const body: Record<string, unknown> = page.tweets.length > 0 ? { data: page.tweets.map((t) => renderTweet(t, tweetFields)) } : {};
  const includes: Record<string, unknown> = {};
  if (page.tweets.length > 0 && q.expansions?.includes('author_id')) includes.users = [renderUser(author, new Set(q['user.fields']))];
  if (q.expansions?.includes('attachments.media_keys')) {
    const fields = new Set(q['media.fields']);
    const media = page.tweets.flatMap((t) => t.mediaKeys).flatMap((key) => {
      const found = ctx.media.byKey(key);
      if (!found) return [];
      const out: Record<string, unknown> = { media_key: found.key, type: 'photo' };
      if (fields.has('url')) out.url = mediaUrl(ctx.origin, found);
      if (fields.has('alt_text') && found.alt !== null) out.alt_text = found.alt;
      return [out];
    });
    if (media.length > 0) includes.media = media;
  }
  if (Object.keys(includes).length > 0) body.includes = includes;
  body.meta = meta;
  return reply(200, body);
}
