// The REST API dispatcher, in WP_REST_Server::serve_request() order: authenticate first (a bad
// application password is 401 on every route, even public ones), then find the route and method
// (rest_no_route), then parse a JSON body (rest_invalid_json), then run the handler, whose
// parameter checks come before its permission checks.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { criticalError, invalidJson, noRoute, WpError } from './errors';
import { parsePhpParams, sendJson, type DemoSite, type HeaderMap, type RestMethod, type RestRequest, type RestResponse, type RestRoute } from './http';
import { asParamRecord } from './params';
import { getMedia, listMedia, updateMedia, uploadMedia } from './media-routes';
import { getPost, listPosts } from './posts-read';
import { createPost, deletePost, updatePost } from './posts-write';
import {
  createApplicationPassword,
  deleteAllApplicationPasswords,
  deleteApplicationPassword,
  getApplicationPassword,
  getCurrentUser,
  getUser,
  introspectApplicationPassword,
  listApplicationPasswords,
  updateApplicationPassword,
} from './users-routes';

const userId = '(?<user_id>(?:\\d+|me))';

function routesFor(site: DemoSite): RestRoute[] {
  const on = (handler: (site: DemoSite, request: RestRequest) => RestResponse) => (request: RestRequest) => handler(site, request);
  const edit = (handler: (site: DemoSite, request: RestRequest) => RestResponse) => ({ POST: on(handler), PUT: on(handler), PATCH: on(handler) });
  return [
    { path: '/', pattern: /^\/$/, handlers: { GET: () => ({ status: 200, body: siteIndex(site) }) } },
    { path: '/wp/v2', pattern: /^\/wp\/v2$/i, handlers: { GET: () => ({ status: 200, body: namespaceIndex(site) }) } },
    { path: '/wp/v2/posts', pattern: /^\/wp\/v2\/posts$/i, handlers: { GET: on(listPosts), POST: on(createPost) } },
    { path: '/wp/v2/posts/(?P<id>[\\d]+)', pattern: /^\/wp\/v2\/posts\/(?<id>\d+)$/i, handlers: { GET: on(getPost), ...edit(updatePost), DELETE: on(deletePost) } },
    { path: '/wp/v2/media', pattern: /^\/wp\/v2\/media$/i, handlers: { GET: on(listMedia), POST: on(uploadMedia) } },
    { path: '/wp/v2/media/(?P<id>[\\d]+)', pattern: /^\/wp\/v2\/media\/(?<id>\d+)$/i, handlers: { GET: on(getMedia), ...edit(updateMedia) } },
    { path: '/wp/v2/users/me', pattern: /^\/wp\/v2\/users\/me$/i, handlers: { GET: on(getCurrentUser) } },
    { path: '/wp/v2/users/(?P<id>[\\d]+)', pattern: /^\/wp\/v2\/users\/(?<id>\d+)$/i, handlers: { GET: on(getUser) } },
    {
      path: '/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords',
      pattern: new RegExp(`^/wp/v2/users/${userId}/application-passwords$`, 'i'),
      handlers: { GET: on(listApplicationPasswords), POST: on(createApplicationPassword), DELETE: on(deleteAllApplicationPasswords) },
    },
    {
      // Registered before the uuid route, so "introspect" is never taken for a uuid (as in WordPress).
      path: '/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/introspect',
      pattern: new RegExp(`^/wp/v2/users/${userId}/application-passwords/introspect$`, 'i'),
      handlers: { GET: on(introspectApplicationPassword) },
    },
    {
      path: '/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords/(?P<uuid>[\\w\\-]+)',
      pattern: new RegExp(`^/wp/v2/users/${userId}/application-passwords/(?<uuid>[\\w-]+)$`, 'i'),
      handlers: { GET: on(getApplicationPassword), ...edit(updateApplicationPassword), DELETE: on(deleteApplicationPassword) },
    },
  ];
}

function routeIndex(site: DemoSite, prefix: string): Record<string, unknown> {
  const entries = routesFor(site)
    .filter((route) => route.path.startsWith(prefix))
    .map((route) => {
      const methods = Object.keys(route.handlers);
      return [route.path, { namespace: route.path === '/' ? '' : 'wp/v2', methods, endpoints: [{ methods, args: {} }] }] as const;
    });
  return Object.fromEntries(entries);
}

/** GET /wp-json/: enough of the real index for discovery (name, url, namespaces, authentication). */
function siteIndex(site: DemoSite): Record<string, unknown> {
  const base = site.baseUrl();
  return {
    name: site.title,
    description: site.tagline,
    url: base,
    home: base,
    // A string in WordPress's index (it comes straight from the options table).
    gmt_offset: '0',
    timezone_string: '',
    namespaces: ['wp/v2'],
    authentication: { 'application-passwords': { endpoints: { authorization: `${base}/wp-admin/authorize-application.php` } } },
    routes: routeIndex(site, '/'),
    site_logo: 0,
    site_icon: 0,
    site_icon_url: '',
    _links: { help: [{ href: 'https://developer.wordpress.org/rest-api/' }] },
  };
}

function namespaceIndex(site: DemoSite): Record<string, unknown> {
  return { namespace: 'wp/v2', routes: routeIndex(site, '/wp/v2'), _links: { up: [{ href: `${site.baseUrl()}/wp-json/` }] } };
}

const restMethods: readonly RestMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function restHeaders(site: DemoSite): HeaderMap {
  return {
    'x-robots-tag': 'noindex',
    link: `<${site.baseUrl()}/wp-json/>; rel="https://api.w.org/"`,
    'x-content-type-options': 'nosniff',
    'access-control-expose-headers': 'X-WP-Total, X-WP-TotalPages, Link',
    'access-control-allow-headers': 'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type',
    vary: 'Origin',
  };
}

/** Reads the body params: JSON when the request says JSON, PHP-style form fields otherwise. */
function bodyParams(request: IncomingMessage, body: Buffer): Record<string, unknown> {
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  const text = body.toString('utf8');
  if (contentType.startsWith('application/json')) {
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidJson();
    }
    return asParamRecord(parsed);
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) return parsePhpParams(new URLSearchParams(text));
  return {};
}

export interface RestCall {
  readonly request: IncomingMessage;
  readonly route: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly remoteIp: string;
}

export function serveRest(site: DemoSite, response: ServerResponse, call: RestCall): void {
  const common = restHeaders(site);
  try {
    const offered = site.users.authenticate(call.request.headers.authorization, call.remoteIp, site.clock.now().getTime());
    if (offered.kind === 'rejected' && site.invalidCredentials === 'reject') throw offered.error;
    const auth = offered.kind === 'rejected' ? ({ kind: 'anonymous' } as const) : offered;
    const override = call.query.get('_method') ?? headerValue(call.request.headers['x-http-method-override']);
    let method = (override ?? call.request.method ?? 'GET').toUpperCase();
    if (method === 'HEAD') method = 'GET';
    const path = call.route.replace(/\/+$/, '') || '/';
    const routes = routesFor(site);
    const route = routes.find((candidate) => candidate.pattern.test(path));
    if (!route) throw noRoute();
    const allow = Object.keys(route.handlers).join(', ');
    if (method === 'OPTIONS') {
      const methods = Object.keys(route.handlers);
      sendJson(response, 200, { namespace: route.path === '/' ? '' : 'wp/v2', methods, endpoints: [{ methods, args: {} }] }, { ...common, allow });
      return;
    }
    const restMethod = restMethods.find((candidate) => candidate === method);
    const handler = restMethod ? route.handlers[restMethod] : undefined;
    if (!restMethod || !handler) throw noRoute();
    const acceptsBody = restMethod !== 'GET';
    const body = acceptsBody ? bodyParams(call.request, call.body) : {};
    const query = parsePhpParams(call.query);
    const urlParams: Record<string, string> = { ...(route.pattern.exec(path)?.groups ?? {}) };
    const result = handler({
      method: restMethod,
      params: { ...urlParams, ...query, ...body },
      query,
      rawQuery: call.query,
      urlParams,
      user: auth.kind === 'user' ? auth.user : null,
      applicationPasswordUuid: auth.kind === 'user' ? auth.applicationPasswordUuid : null,
      upload: { body: call.body, contentType: call.request.headers['content-type'] ?? '', contentDisposition: headerValue(call.request.headers['content-disposition']) },
    });
    sendJson(response, result.status, result.body, { ...mergeCommon(common, result.headers ?? {}), allow });
  } catch (error) {
    const wpError = error instanceof WpError ? error : unexpected(error);
    sendJson(response, wpError.status, wpError.toBody(), common);
  }
}

function mergeCommon(common: HeaderMap, extra: Readonly<Record<string, string>>): Record<string, string | readonly string[]> {
  const link = extra['Link'];
  const rest = Object.fromEntries(Object.entries(extra).filter(([name]) => name !== 'Link'));
  const commonLink = common['link'];
  return { ...common, ...rest, ...(link !== undefined && typeof commonLink === 'string' ? { link: [commonLink, link] } : {}) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function unexpected(error: unknown): WpError {
  // A bug in the demo, not a WordPress answer: say so loudly for whoever runs the tests.
  console.error('demo WordPress: unexpected error', error);
  return criticalError();
}
