// POST /wp/v2/posts, POST|PUT|PATCH /wp/v2/posts/:id and DELETE /wp/v2/posts/:id, following
// WP_REST_Posts_Controller: parameters are validated first (400), then permissions (401 when
// nobody is signed in, 403 when the user may not), then the change; trash unless force=true.
import { z } from 'zod';
import { canCreatePosts, canDeletePost, canEditOthersPosts, canEditPost, canPublish } from './capabilities';
import { authorizationRequiredCode, WpError } from './errors';
import type { DemoSite, RestRequest, RestResponse } from './http';
import { checkBoolean, checkEnum, checkInteger, checkString, fail, ok, parseWpDate, parseParams, wpParam } from './params';
import { postJson } from './post-json';
import type { PostChanges } from './posts';
import { findPost } from './posts-read';
import type { PostStatus, StoredUser } from './types';

const writableStatuses = ['publish', 'future', 'draft', 'pending', 'private'] as const;
const formats = ['standard', 'aside', 'chat', 'gallery', 'link', 'image', 'quote', 'status', 'video', 'audio'] as const;

/** `date`/`date_gmt` are typed ['string','null'] in the schema; null means "no explicit date". */
function checkNullableDate(name: string) {
  return wpParam((value) => {
    if (value === null) return ok(null);
    if (typeof value !== 'string') return fail(`${name} is not of type string,null.`, 'rest_invalid_type');
    const ms = parseWpDate(value);
    return ms === null ? fail('Invalid date.', 'rest_invalid_date') : ok(ms);
  });
}

/** check_status(): the post's current status is always accepted, otherwise the schema enum. */
function checkStatus(current: PostStatus | undefined) {
  const enumCheck = checkEnum('status', writableStatuses);
  return wpParam((value) => (value === current && current !== undefined ? ok(current) : enumCheck(value)));
}

function writeSchema(current: PostStatus | undefined) {
  return z.object({
    date: checkNullableDate('date'),
    date_gmt: checkNullableDate('date_gmt'),
    slug: wpParam(checkString('slug')),
    status: checkStatus(current),
    author: wpParam(checkInteger('author')),
    password: wpParam(checkString('password')),
    comment_status: wpParam(checkEnum('comment_status', ['open', 'closed'] as const)),
    ping_status: wpParam(checkEnum('ping_status', ['open', 'closed'] as const)),
    sticky: wpParam(checkBoolean('sticky')),
    format: wpParam(checkEnum('format', formats)),
    featured_media: wpParam(checkInteger('featured_media')),
  });
}

/**
 * handle_featured_media(): 0 removes it; an id that is no attachment of the site is ignored (as
 * WordPress 6.1 does on create and update alike: the post keeps what it had, and the answer is 2xx).
 */
function featuredMedia(site: DemoSite, id: number | undefined): number | undefined {
  return id === undefined || id === 0 || site.media.get(id) ? id : undefined;
}

/**
 * title/content/excerpt accept a string or `{raw}` and are not validated otherwise: anything else
 * is ignored, as prepare_item_for_database() does. An empty title.raw is ignored too.
 */
function textField(value: unknown, ignoreEmptyRaw: boolean): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const raw: unknown = Object.getOwnPropertyDescriptor(value, 'raw')?.value;
    if (typeof raw === 'string' && !(ignoreEmptyRaw && raw === '')) return raw;
  }
  return undefined;
}

/** handle_status_param(): publishing (or scheduling, or making private) needs publish_posts. */
function requirePublishRight(user: StoredUser, status: PostStatus): void {
  if ((status === 'publish' || status === 'future') && !canPublish(user)) {
    throw new WpError('rest_cannot_publish', 'Sorry, you are not allowed to publish posts in this post type.', 403);
  }
  if (status === 'private' && !canPublish(user)) {
    throw new WpError('rest_cannot_publish', 'Sorry, you are not allowed to create private posts in this post type.', 403);
  }
}

function requestedDate(params: { date?: number | null | undefined; date_gmt?: number | null | undefined }): number | undefined {
  // The site's zone is UTC, so `date` and `date_gmt` mean the same instant; `date` wins, as in WordPress.
  return params.date ?? params.date_gmt ?? undefined;
}

/** PHP's empty() on a string: "" and "0" are empty (wp_insert_post's empty_content check uses it). */
const phpEmpty = (text: string | undefined) => text === undefined || text === '' || text === '0';

export function createPost(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(writeSchema(undefined), request.params);
  const { user } = request;
  const signedIn = user !== null;
  const id: unknown = request.params['id'];
  if (id !== undefined && id !== '' && id !== 0 && id !== '0' && id !== null) {
    throw new WpError('rest_post_exists', 'Cannot create existing post.', 400);
  }
  if (params.author && params.author !== user?.id && !canEditOthersPosts(user)) {
    throw new WpError('rest_cannot_edit_others', 'Sorry, you are not allowed to create posts as this user.', authorizationRequiredCode(signedIn));
  }
  if (!canCreatePosts(user) || user === null) {
    throw new WpError('rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.', authorizationRequiredCode(signedIn));
  }
  const status: PostStatus = params.status ?? 'draft';
  requirePublishRight(user, status);
  const authorId = params.author ? params.author : user.id;
  if (!site.users.byId(authorId)) throw new WpError('rest_invalid_author', 'Invalid author ID.', 400);

  const title = textField(request.params['title'], true) ?? '';
  const content = textField(request.params['content'], false) ?? '';
  const excerpt = textField(request.params['excerpt'], false) ?? '';
  if (phpEmpty(title) && phpEmpty(content) && phpEmpty(excerpt)) {
    throw new WpError('empty_content', 'Content, title, and excerpt are empty.', 400);
  }
  const dateMs = requestedDate(params);
  const featured = featuredMedia(site, params.featured_media);
  const post = site.posts.create({
    authorId,
    title,
    content,
    excerpt,
    status,
    ...(params.slug !== undefined ? { slug: params.slug } : {}),
    ...(dateMs !== undefined ? { dateMs } : {}),
    ...(featured !== undefined ? { featuredMedia: featured } : {}),
  });
  return {
    status: 201,
    body: postJson(site, post, 'edit'),
    headers: { Location: `${site.baseUrl()}/wp-json/wp/v2/posts/${post.id}` },
  };
}

export function updatePost(site: DemoSite, request: RestRequest): RestResponse {
  const existing = site.posts.get(Number(request.urlParams['id']));
  const params = parseParams(writeSchema(existing?.status), request.params);
  const post = findPost(site, request);
  const { user } = request;
  const signedIn = user !== null;
  if (!canEditPost(user, post) || user === null) {
    throw new WpError('rest_cannot_edit', 'Sorry, you are not allowed to edit this post.', authorizationRequiredCode(signedIn));
  }
  if (params.author && params.author !== user.id && !canEditOthersPosts(user)) {
    throw new WpError('rest_cannot_edit_others', 'Sorry, you are not allowed to update posts as this user.', 403);
  }
  if (params.status !== undefined && params.status !== post.status) requirePublishRight(user, params.status);
  if (params.author && !site.users.byId(params.author)) throw new WpError('rest_invalid_author', 'Invalid author ID.', 400);
  const title = textField(request.params['title'], true);
  const content = textField(request.params['content'], false);
  const excerpt = textField(request.params['excerpt'], false);
  const dateMs = requestedDate(params);
  const featured = featuredMedia(site, params.featured_media);
  const changes: PostChanges = {
    ...(title !== undefined ? { title } : {}),
    ...(content !== undefined ? { content } : {}),
    ...(excerpt !== undefined ? { excerpt } : {}),
    ...(params.status !== undefined ? { status: params.status } : {}),
    ...(params.slug !== undefined ? { slug: params.slug } : {}),
    ...(dateMs !== undefined ? { dateMs } : {}),
    ...(featured !== undefined ? { featuredMedia: featured } : {}),
  };
  const updated = site.posts.update(post, changes);
  if (params.author) updated.authorId = params.author;
  return { status: 200, body: postJson(site, updated, 'edit') };
}

const deleteSchema = z.object({ force: wpParam(checkBoolean('force')) });

export function deletePost(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(deleteSchema, request.params);
  const post = findPost(site, request);
  if (!canDeletePost(request.user, post)) {
    throw new WpError('rest_cannot_delete', 'Sorry, you are not allowed to delete this post.', authorizationRequiredCode(request.user !== null));
  }
  if (params.force === true) {
    const previous = postJson(site, post, 'edit');
    site.posts.deleteForever(post);
    return { status: 200, body: { deleted: true, previous } };
  }
  if (post.status === 'trash') throw new WpError('rest_already_trashed', 'The post has already been deleted.', 410);
  return { status: 200, body: postJson(site, site.posts.trash(post), 'edit') };
}
