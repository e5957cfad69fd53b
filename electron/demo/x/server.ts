// The demo X API v2 server: a local fake of X that the real X adapter (twitter-api-v2 with the
// base-url plugin) talks to unchanged. node:http only; time comes from the injected clock.
// Order per request: route, read body, authenticate, count against the rate limit, validate, act.
// The OAuth 2.0 authorization pages (/i/oauth2/authorize, on x.com for real) are served here too.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../lib/clock';
import { DemoXAuthenticator } from './authenticate';
import { DemoXAuthorizationCodes, DemoXIssuingTokenRegistry } from './authorization-codes';
import { decideAuthorization, DemoXPendingAuthorizations, showAuthorizePage, writePage, type AuthorizeContext, type PageReply } from './authorize-page';
import {
  createDemoXAccounts,
  type DemoXAccount,
  type DemoXAccountOptions,
  type DemoXCredentials,
  type DemoXIntegration,
  type DemoXUser,
} from './credentials';
import { internalError, payloadTooLarge, routeNotFound, tooManyRequests, unauthorized, type XReply } from './errors';
import { formParams, headerValue, isFormBody, maxBodyBytes, readBody, writeReply } from './http-io';
import { DemoXMediaStore, maxPhotoBytes } from './media';
import { appendUpload, createMetadata, finalizeUpload, initializeUpload, servedMedia } from './routes-media';
import { DemoXRateLimiter, defaultXLimits, rateLimitHeaders, type DemoXLimitedEndpoint, type DemoXLimits } from './rate-limits';
import { revokeToken, tokenEndpoint, type OAuth2RouteContext } from './routes-oauth2';
import { createTweet, deleteTweet, getMe, getUserTimeline, type UserRouteContext } from './routes-tweets';
import { DemoXTweetStore, type DemoXAcceptedEvent, type DemoXDeletedEvent, type DemoXTweet } from './store';

export interface StartDemoXServerOptions {
  clock?: Clock;
  /** Per user, per 15-minute window; defaults are X's published limits. */
  limits?: Partial<DemoXLimits>;
  host?: string;
  port?: number;
  /** One account (the demo newsroom) unless given; secrets left out are generated randomly. */
  accounts?: readonly DemoXAccountOptions[];
  /** When set, OAuth 2.0 access tokens stop working this long after issue (X: two hours). */
  oauth2AccessTokenTtlMs?: number;
  /**
   * Tests only: GET /i/oauth2/authorize redirects with a code at once, as if the signed-in user
   * (the first account) had clicked "Authorize app". Off by default: the consent page is shown.
   */
  autoApprove?: boolean;
}

export interface DemoXServer {
  /** e.g. `http://127.0.0.1:51234`: give it to the base-url plugin. */
  url: string;
  /** Where the authorize page lives (x.com for real): give it to startXAuthorization as authorizeBaseUrl. */
  authorizeBaseUrl: string;
  accounts: readonly DemoXAccount[];
  /** The first account's user and credentials. */
  user: DemoXUser;
  credentials: DemoXCredentials;
  limits: Readonly<DemoXLimits>;
  /** Live tweets of every account, newest first. */
  tweets(): DemoXTweet[];
  /** Ids deleted so far, in deletion order. */
  deletedIds(): string[];
  /** Authenticated requests per rate-limited endpoint since the start (refused ones too): what clients spent. */
  requests(): Readonly<Record<DemoXLimitedEndpoint, number>>;
  /** Fires as each tweet is created; returns the unsubscribe function. */
  onAccepted(listener: (event: DemoXAcceptedEvent) => void): () => void;
  onDeleted(listener: (event: DemoXDeletedEvent) => void): () => void;
  /** The account owner disconnects an integration in X's settings (defaults to the first account). */
  revokeIntegration(integration: DemoXIntegration, userId?: string): void;
  close(): Promise<void>;
}

type UserRoute = { kind: 'user'; method: string; pattern: RegExp; endpoint: DemoXLimitedEndpoint; handle: (ctx: UserRouteContext) => XReply | Promise<XReply> };
type OAuth2Route = { kind: 'oauth2'; method: string; pattern: RegExp; handle: (ctx: OAuth2RouteContext) => XReply };
type PageRoute = { kind: 'page'; method: string; pattern: RegExp; handle: (ctx: AuthorizeContext) => PageReply };
type Route = UserRoute | OAuth2Route | PageRoute;

const routes: readonly Route[] = [
  { kind: 'user', method: 'POST', pattern: /^\/2\/tweets$/, endpoint: 'create', handle: createTweet },
  { kind: 'user', method: 'DELETE', pattern: /^\/2\/tweets\/([^/]+)$/, endpoint: 'delete', handle: deleteTweet },
  { kind: 'user', method: 'GET', pattern: /^\/2\/users\/me$/, endpoint: 'me', handle: getMe },
  { kind: 'user', method: 'GET', pattern: /^\/2\/users\/([^/]+)\/tweets$/, endpoint: 'timeline', handle: getUserTimeline },
  { kind: 'user', method: 'POST', pattern: /^\/2\/media\/upload\/initialize$/, endpoint: 'media', handle: (ctx) => initializeUpload(ctx, ctx.media) },
  { kind: 'user', method: 'POST', pattern: /^\/2\/media\/upload\/(\d{1,20})\/append$/, endpoint: 'media', handle: (ctx) => appendUpload(ctx, ctx.media) },
  { kind: 'user', method: 'POST', pattern: /^\/2\/media\/upload\/(\d{1,20})\/finalize$/, endpoint: 'media', handle: (ctx) => finalizeUpload(ctx, ctx.media) },
  { kind: 'user', method: 'POST', pattern: /^\/2\/media\/metadata$/, endpoint: 'media', handle: (ctx) => createMetadata(ctx, ctx.media) },
  { kind: 'oauth2', method: 'POST', pattern: /^\/2\/oauth2\/revoke$/, handle: revokeToken },
  { kind: 'oauth2', method: 'POST', pattern: /^\/2\/oauth2\/token$/, handle: tokenEndpoint },
  { kind: 'page', method: 'GET', pattern: /^\/i\/oauth2\/authorize$/, handle: showAuthorizePage },
  { kind: 'page', method: 'POST', pattern: /^\/i\/oauth2\/authorize\/decision$/, handle: decideAuthorization },
];

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1).map((p) => safeDecode(p ?? '')) };
  }
  return undefined;
}

/**
 * Split by hand rather than with `new URL`: the path must stay exactly as the client sent (and
 * signed) it, and no request target, however odd, may throw.
 */
function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, query: new URLSearchParams() } : { path: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}

function formatOrigin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startDemoXServer(options: StartDemoXServerOptions = {}): Promise<DemoXServer> {
  const clock = options.clock ?? systemClock;
  const limits: Readonly<DemoXLimits> = { ...defaultXLimits, ...options.limits };
  const accounts = createDemoXAccounts(options.accounts);
  const users = new Map(accounts.map((a) => [a.user.id, a.user] as const));
  const registry = new DemoXIssuingTokenRegistry(accounts, clock, options.oauth2AccessTokenTtlMs);
  const codes = new DemoXAuthorizationCodes(clock, (tokens) => registry.revokeIssued(tokens));
  const pending = new DemoXPendingAuthorizations(clock);
  const autoApprove = options.autoApprove === true;
  const authenticator = new DemoXAuthenticator(registry);
  const limiter = new DemoXRateLimiter(limits, clock);
  const requested: Record<DemoXLimitedEndpoint, number> = { create: 0, delete: 0, timeline: 0, me: 0, media: 0 };
  const store = new DemoXTweetStore(clock);
  const media = new DemoXMediaStore();
  const host = options.host ?? '127.0.0.1';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitTarget(req.url ?? '/');
    const matched = matchRoute(method, path);
    // Media bytes are public on X (pbs.twimg.com), served as uploaded.
    if (method === 'GET' && path.startsWith('/media/')) return serveMedia(res, path);
    // An append carries a chunk (1 MB by default, up to X's 5 MB photo limit) inside multipart framing.
    const body = await readBody(req, /\/append$/.test(path) ? maxPhotoBytes + 64 * 1024 : maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'too-large') writeReply(res, payloadTooLarge());
      return;
    }
    if (!matched) return writeReply(res, routeNotFound());
    const contentType = headerValue(req, 'content-type');
    const authorization = headerValue(req, 'authorization');
    const { route, params } = matched;
    if (route.kind === 'oauth2') return writeReply(res, route.handle({ authorization, body: body.text, contentType, registry, codes }));
    const hostHeader = (headerValue(req, 'host') ?? `${host}:${(server.address() as AddressInfo).port}`).toLowerCase();
    if (route.kind === 'page') {
      const signedIn = accounts[0];
      if (!signedIn) throw new Error('Demo X server needs an account');
      const requestOrigin = headerValue(req, 'origin');
      return writePage(
        res,
        route.handle({
          query,
          body: body.text,
          contentType,
          cookie: headerValue(req, 'cookie'),
          requestOrigin: requestOrigin === undefined ? undefined : requestOrigin.toLowerCase(),
          ownOrigin: `http://${hostHeader}`,
          registry,
          codes,
          pending,
          user: signedIn.user,
          autoApprove,
        }),
      );
    }

    // Form-body parameters are signed (RFC 5849 3.4.1.3.1); JSON bodies are not.
    const requestParams = [...query, ...(isFormBody(contentType) ? formParams(body.text) : [])];
    const principal = authenticator.authenticate({ method, authorization, localOrigin: `http://${hostHeader}`, path, requestParams });
    // No rate-limit headers here: without a valid credential there is no user to count against.
    if (!principal) return writeReply(res, unauthorized());
    requested[route.endpoint]++;
    const decision = limiter.consume(principal.userId, route.endpoint);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) return writeReply(res, tooManyRequests(), headers);
    const ctx: UserRouteContext = { principal, pathParams: params, query, body: body.text, bytes: body.bytes, contentType, store, users, media, origin: `http://${hostHeader}` };
    writeReply(res, await route.handle(ctx), headers);
  }

  function serveMedia(res: ServerResponse, path: string): void {
    const found = servedMedia(path, media);
    if (!found?.bytes) return writeReply(res, routeNotFound());
    res.writeHead(200, { 'content-type': found.mime, 'content-length': String(found.bytes.length), 'cache-control': 'max-age=604800' });
    res.end(found.bytes);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug answers 500 instead of taking the demo down; the fuzz test treats any 5xx as a failure.
      process.emitWarning(`demo X server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      writeReply(res, internalError());
    });
  });
  // Garbage that is not even HTTP gets a bare 400 and a closed socket, never an exception.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const first = accounts[0];
  if (!first) throw new Error('Demo X server needs an account');

  const url = formatOrigin(host, port);
  return {
    url,
    authorizeBaseUrl: url,
    accounts,
    user: first.user,
    credentials: first.credentials,
    limits,
    tweets: () => store.liveTweets(),
    deletedIds: () => store.deletedIds(),
    requests: () => ({ ...requested }),
    onAccepted: (listener) => store.onAccepted(listener),
    onDeleted: (listener) => store.onDeleted(listener),
    revokeIntegration: (integration, userId = first.user.id) => registry.revokeIntegration(userId, integration),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets of clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
