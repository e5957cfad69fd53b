// Turns a stored post into the JSON WP_REST_Posts_Controller::prepare_item_for_response() sends:
// the same fields per context (view/edit/embed), the same nesting (title.rendered, content.raw),
// permalinks, _links, and the `_fields` filter.
import { formatWpDate, renderContent, renderExcerpt, renderTitle } from './format';
import type { DemoSite } from './http';
import type { StoredPost } from './types';

export type WpContext = 'view' | 'edit' | 'embed';

/**
 * The pretty permalink ("/%postname%/", the structure the real test site uses), or ?p=ID for posts
 * that are not public (drafts, trash), like get_permalink().
 */
export function postLink(site: DemoSite, post: StoredPost): string {
  const base = site.baseUrl();
  if (post.status !== 'publish' && post.status !== 'private') return `${base}/?p=${post.id}`;
  return `${base}/${post.slug}/`;
}

/** The permanent guid WordPress assigns at insert time; never changes with the slug or status. */
export function postGuid(site: DemoSite, post: StoredPost): string {
  return `${site.baseUrl()}${post.guidPath}`;
}

function links(site: DemoSite, post: StoredPost): Record<string, unknown> {
  const api = `${site.baseUrl()}/wp-json`;
  return {
    self: [{ href: `${api}/wp/v2/posts/${post.id}` }],
    collection: [{ href: `${api}/wp/v2/posts` }],
    about: [{ href: `${api}/wp/v2/types/post` }],
    author: [{ embeddable: true, href: `${api}/wp/v2/users/${post.authorId}` }],
    replies: [{ embeddable: true, href: `${api}/wp/v2/comments?post=${post.id}` }],
    'version-history': [{ count: 0, href: `${api}/wp/v2/posts/${post.id}/revisions` }],
    'wp:attachment': [{ href: `${api}/wp/v2/media?parent=${post.id}` }],
    curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
  };
}

export function postJson(site: DemoSite, post: StoredPost, context: WpContext): Record<string, unknown> {
  const date = formatWpDate(post.dateMs);
  const modified = formatWpDate(post.modifiedMs);
  const link = postLink(site, post);
  const titleRendered = renderTitle(post.title);
  const excerptRendered = renderExcerpt(post.excerpt, post.content);
  if (context === 'embed') {
    return {
      id: post.id,
      date,
      slug: post.slug,
      type: 'post',
      link,
      title: { rendered: titleRendered },
      excerpt: { rendered: excerptRendered, protected: false },
      author: post.authorId,
      featured_media: post.featuredMedia,
      _links: links(site, post),
    };
  }
  const edit = context === 'edit';
  const guid = postGuid(site, post);
  return {
    id: post.id,
    date,
    // The site zone is UTC, so the GMT fields equal the local ones (drafts included: WordPress shims them).
    date_gmt: date,
    guid: edit ? { rendered: guid, raw: guid } : { rendered: guid },
    modified,
    modified_gmt: modified,
    ...(edit ? { password: '' } : {}),
    slug: post.slug,
    status: post.status,
    type: 'post',
    link,
    title: edit ? { raw: post.title, rendered: titleRendered } : { rendered: titleRendered },
    content: edit
      ? { raw: post.content, rendered: renderContent(post.content), protected: false, block_version: /<!-- wp:/.test(post.content) ? 1 : 0 }
      : { rendered: renderContent(post.content), protected: false },
    excerpt: edit ? { raw: post.excerpt, rendered: excerptRendered, protected: false } : { rendered: excerptRendered, protected: false },
    author: post.authorId,
    featured_media: post.featuredMedia,
    comment_status: 'open',
    ping_status: 'open',
    sticky: false,
    template: '',
    format: 'standard',
    meta: [],
    categories: [1],
    tags: [],
    ...(edit
      ? {
          permalink_template: `${site.baseUrl()}/%postname%/`,
          generated_slug: post.slug || 'auto-draft',
        }
      : {}),
    _links: links(site, post),
  };
}

/**
 * rest_filter_response_fields(): keep only the requested top-level fields and nested paths
 * ("title.rendered"). `_links` survive only when asked for, as in WordPress.
 */
export function filterFields(data: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  interface Tree {
    [key: string]: Tree | true;
  }
  const tree: Tree = Object.create(null) as Tree;
  for (const field of fields) {
    let node = tree;
    const parts = field.split('.');
    for (const [index, part] of parts.entries()) {
      const child = node[part];
      // A parent already requested whole covers every path below it.
      if (child === true) break;
      if (index === parts.length - 1) {
        node[part] = true;
        break;
      }
      const next: Tree = child ?? (Object.create(null) as Tree);
      node[part] = next;
      node = next;
    }
  }
  const pick = (source: Readonly<Record<string, unknown>>, wanted: Tree): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(wanted)) {
      if (!Object.hasOwn(source, key)) continue;
      const value = source[key];
      if (spec === true) out[key] = value;
      else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        out[key] = pick(value as Record<string, unknown>, spec);
      }
    }
    return out;
  };
  return pick(data, tree);
}
