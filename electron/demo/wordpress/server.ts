// The demo WordPress site: a local stand-in for a bureau's WordPress 6.x website that the website
// channel adapter talks to exactly as it would to the real one (REST API with application
// passwords under /wp-json/, the RSS feed, the public news pages). It backs the demo newsroom,
// the "Replay July 2019 incident" action (the compromised integration posts straight to it) and
// the integration tests. Loopback only, in memory, no Electron.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../lib/clock';
import { UserDirectory, type DemoUserKey, type DemoUsersConfig, type DemoWordPressUserCredentials } from './auth';
import { criticalError, WpError } from './errors';
import { serveFeed } from './feed';
import { BodyTooLargeError, readBody, sendJson, sendText, type DemoSite, type InvalidCredentialsMode } from './http';
import { newsListPage, notFoundPage, postByPermalink, singlePostPage, type PageResponse } from './news-page';
import { MediaStore } from './media';
import { uploadedFile } from './media-routes';
import { PostStore, type AcceptedListener } from './posts';
import { serveRest } from './rest';
import type { DemoWordPressPost } from './types';

export type { AcceptedPostEvent, DemoWordPressPost, PostStatus, WpRole } from './types';
export type { InvalidCredentialsMode } from './http';
export { basicAuthorization } from './auth';
export type { DemoApplicationPasswordConfig, DemoUserConfig, DemoUserKey, DemoUsersConfig, DemoWordPressCredential, DemoWordPressUserCredentials } from './auth';

export interface DemoWordPressServerOptions {
  /** Post dates, modified dates and application-password usage come from here. */
  readonly clock?: Clock;
  /** Loopback by default; the demo is never meant to be reachable from elsewhere. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly siteTitle?: string;
  readonly tagline?: string;
  /** Overrides for the three users (site admin, the bureau's editor, the compromised integration). */
  readonly users?: DemoUsersConfig;
  /** Default `anonymous`, as observed on real WordPress 6.1; see InvalidCredentialsMode. */
  readonly invalidCredentials?: InvalidCredentialsMode;
}

export interface DemoWordPressServer {
  /** The site root, e.g. "http://127.0.0.1:40123" (no trailing slash), like WordPress's home URL. */
  readonly url: string;
  /** `${url}/wp-json` */
  readonly restUrl: string;
  /** `${url}/feed/` */
  readonly feedUrl: string;
  /** Each user's application passwords as created at start (revoking one does not change this). */
  readonly credentials: Readonly<Record<DemoUserKey, DemoWordPressUserCredentials>>;
  /** Every post including drafts and trash, oldest first, as copies. */
  posts(): DemoWordPressPost[];
  /** Called when a post is created or goes public; returns an unsubscribe function. */
  onAccepted(listener: AcceptedListener): () => void;
  close(): Promise<void>;
}

function remoteIp(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The REST route (decoded) from /wp-json/... or ?rest_route=, or null for the public side. */
function restRoute(pathname: string, query: URLSearchParams): string | null {
  if (pathname === '/wp-json' || pathname.startsWith('/wp-json/')) return decodePath(pathname.slice('/wp-json'.length)) || '/';
  // The "plain permalinks" form of the API, which adapters fall back to. PHP keeps the last of
  // repeated parameters, and an empty rest_route is no REST request at all (rest_api_loaded()).
  const plain = query.getAll('rest_route').at(-1);
  if ((pathname === '/' || pathname === '/index.php') && plain) return plain;
  return null;
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function servePublic(site: DemoSite, request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams): void {
  const file = uploadedFile(site, pathname);
  if (file) {
    response.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.bytes.length), 'last-modified': new Date(file.modifiedMs).toUTCString() });
    response.end(file.bytes);
    return;
  }
  const feedParam = query.get('feed');
  const isRoot = pathname === '/' || pathname === '/index.php';
  if ((isRoot && feedParam !== null) || /^\/feed(?:\/(?:rss2\/?)?)?$/.test(pathname)) {
    if (feedParam !== null && feedParam !== 'rss2' && feedParam !== 'feed') {
      const page = notFoundPage(site);
      sendText(response, page.status, page.body, page.headers);
      return;
    }
    const feed = serveFeed(site, headerText(request.headers['if-none-match']), headerText(request.headers['if-modified-since']));
    if (feed.status === 304) {
      response.writeHead(304, { 'last-modified': feed.headers['last-modified'] ?? '', etag: feed.headers['etag'] ?? '' });
      response.end();
      return;
    }
    sendText(response, feed.status, feed.body, feed.headers);
    return;
  }
  const postParam = query.get('p');
  let page: PageResponse;
  if (isRoot && postParam !== null) {
    const id = Number(postParam);
    page = singlePostPage(site, Number.isSafeInteger(id) ? site.posts.get(id) : undefined);
  } else if (isRoot || pathname === '/news' || pathname === '/news/') {
    page = newsListPage(site, query.get('paged'));
  } else {
    const post = postByPermalink(site, pathname);
    page = post ? singlePostPage(site, post) : notFoundPage(site);
  }
  sendText(response, page.status, page.body, page.headers);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function startDemoWordPressServer(options: DemoWordPressServerOptions = {}): Promise<DemoWordPressServer> {
  const clock = options.clock ?? systemClock;
  const users = new UserDirectory(options.users ?? {}, clock.now().getTime());
  const posts = new PostStore(clock);
  let baseUrl = '';
  const site: DemoSite = {
    posts,
    media: new MediaStore(),
    users,
    clock,
    title: options.siteTitle ?? 'Demo Newsroom',
    tagline: options.tagline ?? 'News from the press bureau (demo site)',
    invalidCredentials: options.invalidCredentials ?? 'anonymous',
    baseUrl: () => baseUrl,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Prefixing keeps "//host/path" a path rather than a protocol-relative URL.
    const target = request.url ?? '/';
    let url: URL;
    try {
      url = new URL(`http://demo.invalid${target.startsWith('/') ? target : `/${target}`}`);
    } catch {
      sendText(response, 400, 'Bad Request', { 'content-type': 'text/plain; charset=UTF-8' });
      return;
    }
    const route = restRoute(url.pathname, url.searchParams);
    if (route === null) {
      // Drain any body so keep-alive connections stay usable; the public pages ignore it.
      await readBody(request).catch(() => Buffer.alloc(0));
      servePublic(site, request, response, decodePath(url.pathname), url.searchParams);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      // The client went away mid-body: nobody is left to answer.
      if (!(error instanceof BodyTooLargeError)) {
        response.destroy();
        return;
      }
      const tooLarge = new WpError('rest_request_too_large', 'The request body is too large.', 413);
      sendJson(response, 413, tooLarge.toBody(), { connection: 'close' });
      return;
    }
    const query = new URLSearchParams(url.searchParams);
    query.delete('rest_route');
    serveRest(site, response, { request, route, query, body, remoteIp: remoteIp(request) });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('demo WordPress: request failed', error);
      if (!response.headersSent) sendJson(response, 500, criticalError().toBody());
      else response.destroy();
    });
  });
  // A client that vanishes mid-request must not take the demo down.
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: baseUrl,
    restUrl: `${baseUrl}/wp-json`,
    feedUrl: `${baseUrl}/feed/`,
    credentials: users.credentials,
    posts: () => posts.snapshot(),
    onAccepted: (listener) => posts.onAccepted(listener),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
