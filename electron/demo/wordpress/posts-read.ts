// GET /wp/v2/posts and GET /wp/v2/posts/:id, following WP_REST_Posts_Controller::get_items() and
// get_item(): the collection parameters and their validation, status visibility (published only
// unless the caller may edit posts), date filters at whole-second precision, ordering, paging with
// X-WP-Total / X-WP-TotalPages / Link headers, and `_fields`.
import { z } from 'zod';
import { canEditPost, canEditPosts, canReadPost } from './capabilities';
import { authorizationRequiredCode, forbidden, invalidPostId, WpError } from './errors';
import type { DemoSite, RestRequest, RestResponse } from './http';
import { checkArray, checkDate, checkEnum, checkInteger, checkString, fail, parseParams, wpParam } from './params';
import { filterFields, postJson, postLink, type WpContext } from './post-json';
import type { StoredPost, StoredUser } from './types';

const contexts = ['view', 'embed', 'edit'] as const;
const orderbyValues = ['author', 'date', 'id', 'include', 'modified', 'parent', 'relevance', 'slug', 'include_slugs', 'title'] as const;
// get_post_stati() on a fresh site, plus "any": the enum WordPress validates `status` against.
const queryableStatuses = [
  'publish', 'future', 'draft', 'pending', 'private', 'trash', 'auto-draft', 'inherit',
  'request-pending', 'request-confirmed', 'request-failed', 'request-completed', 'any',
] as const;

/**
 * sanitize_post_statuses(): "publish" is always allowed; anything else needs edit_posts
 * ("Status is forbidden." otherwise) and must be a known status. Each value is checked alone,
 * which is why WordPress's message always says status[0].
 */
function checkStatuses(user: StoredUser | null) {
  const mayEdit = canEditPosts(user);
  return wpParam((value) => {
    const list = checkArray('status', (name) => checkString(name))(value);
    if (!list.ok) return list;
    for (const status of list.value) {
      if (status === 'publish') continue;
      if (!mayEdit) return fail('Status is forbidden.', 'rest_forbidden_status', { status: authorizationRequiredCode(user !== null) });
      const known = checkEnum('status[0]', queryableStatuses)(status);
      if (!known.ok) return known;
    }
    return list;
  });
}

const integerList = (name: string) => wpParam(checkArray(name, (itemName) => checkInteger(itemName)));

/**
 * The parameters WP_REST_Controller registers with a validate_callback (context, page, per_page,
 * search) are checked first, in has_valid_params(); only if they pass are the others checked, in
 * sanitize_params(). So `per_page=1000&order=x` reports per_page alone, as WordPress 6.1 does.
 */
const validatedFirst = z.object({
  context: wpParam(checkEnum('context', contexts)),
  page: wpParam(checkInteger('page', { minimum: 1 })),
  per_page: wpParam(checkInteger('per_page', { minimum: 1, maximum: 100 })),
  search: wpParam(checkString('search')),
});

function collectionSchema(user: StoredUser | null) {
  return z.object({
    after: wpParam(checkDate('after')),
    modified_after: wpParam(checkDate('modified_after')),
    before: wpParam(checkDate('before')),
    modified_before: wpParam(checkDate('modified_before')),
    author: integerList('author'),
    author_exclude: integerList('author_exclude'),
    exclude: integerList('exclude'),
    include: integerList('include'),
    offset: wpParam(checkInteger('offset')),
    order: wpParam(checkEnum('order', ['asc', 'desc'] as const)),
    orderby: wpParam(checkEnum('orderby', orderbyValues)),
    slug: wpParam(checkArray('slug', (name) => checkString(name))),
    status: checkStatuses(user),
  });
}

/** `_fields` is not validated by WordPress, only split (wp_parse_list); anything else is ignored. */
export function requestedFields(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((field) => field !== '');
  if (Array.isArray(value)) return value.filter((field): field is string => typeof field === 'string');
  return null;
}

export function respondWithPost(site: DemoSite, post: StoredPost, context: WpContext, fieldsParam: unknown): Record<string, unknown> {
  const data = postJson(site, post, context);
  const fields = requestedFields(fieldsParam);
  return fields ? filterFields(data, fields) : data;
}

function matchesSearch(post: StoredPost, search: string): boolean {
  const needle = search.toLowerCase();
  return [post.title, post.content, post.excerpt].some((text) => text.toLowerCase().includes(needle));
}

function compareBy(orderby: (typeof orderbyValues)[number], include: readonly number[], slugs: readonly string[]) {
  return (a: StoredPost, b: StoredPost): number => {
    switch (orderby) {
      case 'id':
        return a.id - b.id;
      case 'modified':
        return a.modifiedMs - b.modifiedMs;
      case 'title':
        return a.title.localeCompare(b.title);
      case 'slug':
        return a.slug.localeCompare(b.slug);
      case 'author':
        return a.authorId - b.authorId;
      case 'include':
        return include.indexOf(a.id) - include.indexOf(b.id);
      case 'include_slugs':
        return slugs.indexOf(a.slug) - slugs.indexOf(b.slug);
      case 'date':
      case 'parent':
      case 'relevance':
        return a.dateMs - b.dateMs;
    }
  };
}

export function listPosts(site: DemoSite, request: RestRequest): RestResponse {
  const signedIn = request.user !== null;
  const params = { ...parseParams(validatedFirst, request.params), ...parseParams(collectionSchema(request.user), request.params) };
  const context: WpContext = params.context ?? 'view';
  if (context === 'edit' && !canEditPosts(request.user)) {
    throw new WpError('rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.', authorizationRequiredCode(signedIn));
  }
  const orderby = params.orderby ?? 'date';
  if (orderby === 'relevance' && !params.search) {
    throw new WpError('rest_no_search_term_defined', 'You need to define a search term to order by relevance.', 400);
  }
  if (orderby === 'include' && !params.include?.length) {
    throw new WpError('rest_orderby_include_missing_include', 'You need to define an include parameter to order by include.', 400);
  }

  let statuses: readonly string[] = params.status ?? ['publish'];
  // "any" means every status that shows in admin lists: not trash, not auto-draft.
  if (statuses.includes('any')) statuses = ['publish', 'future', 'draft', 'pending', 'private'];
  const wanted = new Set<string>(statuses);
  const { after, before, modified_after: modifiedAfter, modified_before: modifiedBefore } = params;

  const matching = site.posts.rowsForQuery().filter((post) => {
    if (!wanted.has(post.status)) return false;
    // date_query compares whole seconds, strictly (after is exclusive, before too).
    if (after !== undefined && !(post.dateMs > after)) return false;
    if (before !== undefined && !(post.dateMs < before)) return false;
    if (modifiedAfter !== undefined && !(post.modifiedMs > modifiedAfter)) return false;
    if (modifiedBefore !== undefined && !(post.modifiedMs < modifiedBefore)) return false;
    if (params.author?.length && !params.author.includes(post.authorId)) return false;
    if (params.author_exclude?.includes(post.authorId)) return false;
    if (params.include?.length && !params.include.includes(post.id)) return false;
    if (params.exclude?.includes(post.id)) return false;
    if (params.slug?.length && !params.slug.includes(post.slug)) return false;
    if (params.search && !matchesSearch(post, params.search)) return false;
    return context === 'edit' ? canEditPost(request.user, post) : canReadPost(request.user, post);
  });

  const compare = compareBy(orderby, params.include ?? [], params.slug ?? []);
  const direction = params.order === 'asc' ? 1 : -1;
  // Ties (same second) fall back to the id, so the newest insert comes first in a desc list.
  matching.sort((a, b) => direction * (compare(a, b) || a.id - b.id));

  const perPage = params.per_page ?? 10;
  const page = params.page ?? 1;
  const total = matching.length;
  const totalPages = Math.ceil(total / perPage);
  if (page > totalPages && total > 0) {
    throw new WpError('rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400);
  }
  const start = Math.max(0, params.offset ?? (page - 1) * perPage);
  const items = matching.slice(start, start + perPage).map((post) => respondWithPost(site, post, context, request.params['_fields']));

  const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(totalPages) };
  const pageLink = (target: number) => {
    const query = new URLSearchParams(request.rawQuery);
    query.set('page', String(target));
    return `<${site.baseUrl()}/wp-json/wp/v2/posts?${query.toString()}>`;
  };
  const linkParts: string[] = [];
  if (page > 1) linkParts.push(`${pageLink(Math.min(page - 1, Math.max(totalPages, 1)))}; rel="prev"`);
  if (totalPages > page) linkParts.push(`${pageLink(page + 1)}; rel="next"`);
  if (linkParts.length > 0) headers['Link'] = linkParts.join(', ');
  return { status: 200, body: items, headers };
}

const itemSchema = z.object({ context: wpParam(checkEnum('context', contexts)) });

export function getPost(site: DemoSite, request: RestRequest): RestResponse {
  const params = parseParams(itemSchema, request.params);
  const post = findPost(site, request);
  const context: WpContext = params.context ?? 'view';
  if (context === 'edit' && !canEditPost(request.user, post)) {
    throw new WpError('rest_forbidden_context', 'Sorry, you are not allowed to edit this post.', authorizationRequiredCode(request.user !== null));
  }
  if (!canReadPost(request.user, post)) throw forbidden(request.user !== null);
  return {
    status: 200,
    body: respondWithPost(site, post, context, request.params['_fields']),
    headers: { Link: `<${postLink(site, post)}>; rel="alternate"; type=text/html` },
  };
}

/** get_post() in the controller: the URL id must name an existing post. */
export function findPost(site: DemoSite, request: RestRequest): StoredPost {
  const id = Number(request.urlParams['id']);
  const post = Number.isSafeInteger(id) && id > 0 ? site.posts.get(id) : undefined;
  if (!post) throw invalidPostId();
  return post;
}
