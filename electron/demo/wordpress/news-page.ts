// The public side of the demo site in HTML: the news list at / and /news (ten per page, ?paged=N),
// each post at its permalink (or ?p=ID), and a 404 page. Post titles and bodies are whatever the
// posting integration sent, so in an attack they are hostile: every byte of them is escaped and
// shown as text, and a CSP without script-src backs that up.
import { escapeHtml, formatWpDate } from './format';
import type { DemoSite } from './http';
import { postLink } from './post-json';
import type { StoredPost } from './types';

export interface PageResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const perPage = 10;

function pageHeaders(site: DemoSite): Record<string, string> {
  return {
    'content-type': 'text/html; charset=UTF-8',
    // Nothing on these pages may run: attacker text is data even if escaping ever slipped.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    link: `<${site.baseUrl()}/wp-json/>; rel="https://api.w.org/"`,
  };
}

function layout(site: DemoSite, heading: string, main: string): string {
  const base = site.baseUrl();
  const title = escapeHtml(site.title);
  return `<!doctype html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>${escapeHtml(heading)} &#8211; ${title}</title>
<link rel="alternate" type="application/rss+xml" title="${title} &raquo; Feed" href="${escapeHtml(base)}/feed/">
<link rel="https://api.w.org/" href="${escapeHtml(base)}/wp-json/">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
.entry-content{white-space:pre-wrap}article{border-bottom:1px solid #ccc;padding:1rem 0}</style>
</head>
<body>
<header class="site-header"><p class="site-title"><a href="${escapeHtml(base)}/news">${title}</a></p>
<p class="site-description">${escapeHtml(site.tagline)}</p></header>
<main id="main">
${main}
</main>
</body>
</html>
`;
}

function articleHtml(site: DemoSite, post: StoredPost, full: boolean): string {
  const date = formatWpDate(post.dateMs);
  const author = site.users.byId(post.authorId)?.displayName ?? '';
  const body = full || post.excerpt.trim() === '' ? post.content : post.excerpt;
  return `<article id="post-${post.id}" class="post type-post status-${post.status}" data-post-id="${post.id}">
<h2 class="entry-title"><a href="${escapeHtml(postLink(site, post))}" rel="bookmark">${escapeHtml(post.title)}</a></h2>
<p class="entry-meta"><time class="entry-date published" datetime="${date}+00:00">${date.replace('T', ' ')}</time> by <span class="author">${escapeHtml(author)}</span></p>
<div class="entry-content">${escapeHtml(body)}</div>
</article>`;
}

function publishedNewestFirst(site: DemoSite): StoredPost[] {
  return site.posts
    .rowsForQuery()
    .filter((post) => post.status === 'publish')
    .sort((a, b) => b.dateMs - a.dateMs || b.id - a.id);
}

export function notFoundPage(site: DemoSite): PageResponse {
  return {
    status: 404,
    headers: pageHeaders(site),
    body: layout(site, 'Page not found', '<section class="error-404"><h1>Nothing here</h1><p>It looks like nothing was found at this location.</p></section>'),
  };
}

/** The news list. `paged` beyond the last page is a 404, as on a WordPress blog index. */
export function newsListPage(site: DemoSite, pagedParam: string | null): PageResponse {
  const paged = pagedParam === null ? 1 : Number(pagedParam);
  if (!Number.isSafeInteger(paged) || paged < 1) return notFoundPage(site);
  const posts = publishedNewestFirst(site);
  const pages = Math.max(1, Math.ceil(posts.length / perPage));
  if (paged > pages) return notFoundPage(site);
  const shown = posts.slice((paged - 1) * perPage, paged * perPage);
  const list = shown.length === 0 ? '<p class="no-results">No news yet.</p>' : shown.map((post) => articleHtml(site, post, false)).join('\n');
  const older = paged < pages ? `<nav class="pagination"><a class="next" href="${escapeHtml(site.baseUrl())}/news?paged=${paged + 1}">Older posts</a></nav>` : '';
  return { status: 200, headers: pageHeaders(site), body: layout(site, 'News', `<h1 class="page-title">News</h1>\n${list}\n${older}`) };
}

/** One published post, found by ?p=ID or by its day-and-name permalink. Anything unpublished is a 404. */
export function singlePostPage(site: DemoSite, post: StoredPost | undefined): PageResponse {
  if (!post || post.status !== 'publish') return notFoundPage(site);
  return { status: 200, headers: pageHeaders(site), body: layout(site, post.title, articleHtml(site, post, true)) };
}

/** Resolves /slug/ (the path is already percent-decoded) to a published post. */
export function postByPermalink(site: DemoSite, path: string): StoredPost | undefined {
  const match = /^\/([^/]+)\/?$/.exec(path);
  if (!match?.[1]) return undefined;
  const wanted = match[1].toLowerCase();
  return publishedNewestFirst(site).find((post) => post.slug === wanted || safeDecode(post.slug) === wanted);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text).toLowerCase();
  } catch {
    return text;
  }
}
