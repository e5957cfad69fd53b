// The site's RSS 2.0 feed (/feed/, /feed, /?feed=rss2) as wp-includes/feed-rss2.php writes it: the
// ten newest published posts, and WordPress's conditional GET (WP::send_headers): Last-Modified is
// the newest modified date among the feed's posts, the ETag is the md5 of that date string, and
// a request matching them gets 304 with no body.
import { createHash } from 'node:crypto';
import { decodeEntities, formatHttpDate, formatRssDate, renderContent, renderTitle, stripAllTags, stripTags } from './format';
import type { DemoSite } from './http';
import { postGuid, postLink } from './post-json';
import type { StoredPost } from './types';

/** posts_per_rss defaults to 10. */
const feedSize = 10;

export interface FeedResponse {
  readonly status: 200 | 304;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Characters XML 1.0 forbids would make the whole feed unreadable. WordPress lets them through
 * (a broken feed); the demo drops them so one hostile post cannot blind every RSS reader.
 */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- listing the control characters XML allows is the point
  return text.replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}

/** A CDATA section that cannot be closed early by the content (WordPress replaces "]]>" too). */
function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/]]>/g, ']]&gt;')}]]>`;
}

/**
 * the_title_rss: the rendered title through strip_tags() (script text stays, as in WordPress), escaped.
 * Decoding and re-escaping gives readers the same text and keeps HTML-only named entities out of XML.
 */
function feedTitle(post: StoredPost): string {
  return escapeXml(xmlSafe(decodeEntities(stripTags(renderTitle(post.title)))));
}

/** the_excerpt_rss: the excerpt, or the first 55 words of the content and " [&#8230;]". */
function feedDescription(post: StoredPost): string {
  if (post.excerpt.trim() !== '') return stripAllTags(post.excerpt);
  const words = stripAllTags(renderContent(post.content)).split(/\s+/).filter((word) => word !== '');
  return words.length > 55 ? `${words.slice(0, 55).join(' ')} [&#8230;]` : words.join(' ');
}

export function feedPosts(site: DemoSite): StoredPost[] {
  return site.posts
    .rowsForQuery()
    .filter((post) => post.status === 'publish')
    .sort((a, b) => b.dateMs - a.dateMs || b.id - a.id)
    .slice(0, feedSize);
}

function renderFeed(site: DemoSite, posts: readonly StoredPost[], lastModifiedMs: number): string {
  const base = site.baseUrl();
  const items = posts.map((post) => {
    const link = postLink(site, post);
    const author = site.users.byId(post.authorId)?.displayName ?? '';
    return [
      '\t<item>',
      `\t\t<title>${feedTitle(post)}</title>`,
      `\t\t<link>${escapeXml(link)}</link>`,
      `\t\t<comments>${escapeXml(link)}#respond</comments>`,
      `\t\t<dc:creator>${cdata(author)}</dc:creator>`,
      `\t\t<pubDate>${formatRssDate(post.dateMs)}</pubDate>`,
      `\t\t<category>${cdata('Uncategorized')}</category>`,
      `\t\t<guid isPermaLink="false">${escapeXml(postGuid(site, post))}</guid>`,
      `\t\t<description>${cdata(feedDescription(post))}</description>`,
      `\t\t<content:encoded>${cdata(renderContent(post.content))}</content:encoded>`,
      `\t\t<wfw:commentRss>${escapeXml(link)}feed/</wfw:commentRss>`,
      '\t\t<slash:comments>0</slash:comments>',
      '\t</item>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"',
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
    '\txmlns:atom="http://www.w3.org/2005/Atom"',
    '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"',
    '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"',
    '\t>',
    '',
    '<channel>',
    `\t<title>${escapeXml(xmlSafe(site.title))}</title>`,
    `\t<atom:link href="${escapeXml(base)}/feed/" rel="self" type="application/rss+xml" />`,
    `\t<link>${escapeXml(base)}</link>`,
    `\t<description>${escapeXml(xmlSafe(site.tagline))}</description>`,
    `\t<lastBuildDate>${formatRssDate(lastModifiedMs)}</lastBuildDate>`,
    '\t<language>en-US</language>',
    '\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>',
    '\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>',
    '\t<generator>https://wordpress.org/?v=6.1.1</generator>',
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Answers one feed request, honouring If-None-Match / If-Modified-Since exactly as WordPress does. */
export function serveFeed(site: DemoSite, ifNoneMatch: string | undefined, ifModifiedSince: string | undefined): FeedResponse {
  const posts = feedPosts(site);
  // get_feed_build_date(): the newest modified date among the feed's posts; now if there are none.
  const lastModifiedMs = posts.length > 0 ? Math.max(...posts.map((post) => post.modifiedMs)) : Math.floor(site.clock.now().getTime() / 1000) * 1000;
  const lastModified = formatHttpDate(lastModifiedMs);
  const etag = `"${createHash('md5').update(lastModified).digest('hex')}"`;
  const headers = {
    'content-type': 'application/rss+xml; charset=UTF-8',
    'last-modified': lastModified,
    etag,
    link: `<${site.baseUrl()}/wp-json/>; rel="https://api.w.org/"`,
  };
  const clientEtag = ifNoneMatch?.trim() ?? '';
  const clientModifiedRaw = ifModifiedSince?.trim() ?? '';
  const parsedClientModified = clientModifiedRaw === '' ? 0 : Date.parse(clientModifiedRaw);
  const clientModified = Number.isNaN(parsedClientModified) ? 0 : parsedClientModified;
  // With both validators WordPress requires both to match; with one, either is enough.
  const notModified =
    clientModifiedRaw !== '' && clientEtag !== ''
      ? clientModified >= lastModifiedMs && clientEtag === etag
      : clientModified >= lastModifiedMs || clientEtag === etag;
  if (notModified) return { status: 304, headers, body: '' };
  return { status: 200, headers, body: renderFeed(site, posts, lastModifiedMs) };
}
