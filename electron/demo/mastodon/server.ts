// The demo Mastodon instance: the REST endpoints Control Room uses and the streaming API, on
// loopback, answered the way the Mastodon API documentation describes (error bodies
// `{ "error": ... }`, 401/404/422/429, X-RateLimit-* headers with an ISO reset time,
// Idempotency-Key, POST /oauth/revoke, POST /api/v2/media and the uploaded files served back; the
// authorization-code flow with PKCE in oauth-routes.ts). No real Mastodon can run here (it needs Ruby
// gems): this is exercised only through masto, so it answers what masto sends and masto reads what it
// answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { mastodon } from 'masto';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock, type Clock } from '../../lib/clock';
import { formParams, headerValue, isFormBody, parseJson, readBody } from '../x/http-io';
import { writePage } from '../x/authorize-page';
import { statusProblem, toWire } from './entities';
import { createDemoMastodonOAuth } from './oauth-routes';
import { DemoMastodonInstance, defaultMastodonLimits, type DemoMastodonApp, type DemoMastodonLimits, type DemoMastodonToken } from './instance-state';
import { DemoMastodonMedia, maxMediaBytes } from './media';

export interface StartDemoMastodonOptions {
  readonly clock?: Clock;
  readonly limits?: Partial<DemoMastodonLimits>;
  readonly host?: string;
  /** Tests: /oauth/token grants these scopes whatever was asked for (an instance that oversteps). */
  readonly grantScopes?: readonly string[];
}

export interface DemoMastodonServer {
  readonly url: string;
  readonly account: { readonly id: string; readonly username: string };
  readonly credentials: {
    /** Control Room's application ("read write"): client key and secret let Lock revoke the token. */
    readonly bureau: { readonly accessToken: string; readonly clientId: string; readonly clientSecret: string };
    /** The hijacked newsroom tool's token on the same account. */
    readonly compromised: { readonly accessToken: string };
  };
  readonly instance: DemoMastodonInstance;
  /** Tests: a token of a new application with these scopes on the bureau's account. */
  issueToken(scopes: readonly string[]): string;
  /** Tests: the streaming API drops every connection (a restart, a proxy timeout). */
  dropStreams(): void;
  /** Benchmarks and tests: off drops every streaming client and refuses new ones (push lost). */
  setStreaming(on: boolean): void;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}
const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

function write(res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(toWire(reply.body));
  res.writeHead(reply.status, { ...extra, ...reply.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

function bodyParams(text: string, contentType: string | undefined): Record<string, unknown> {
  if (isFormBody(contentType)) return Object.fromEntries(formParams(text));
  const parsed = parseJson(text || '{}');
  return parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : {};
}

const bearer = (req: IncomingMessage): string | undefined => /^Bearer (.+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];

export async function startDemoMastodonServer(options: StartDemoMastodonOptions = {}): Promise<DemoMastodonServer> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const instance = new DemoMastodonInstance(() => origin, clock, { ...defaultMastodonLimits, ...options.limits });
  const account = { id: '109000000000000001', username: 'newsroom', displayName: 'Newsroom press office (demo)', note: 'Official news from the demo press bureau.' };
  instance.addAccount(account);
  const bureauApp = instance.registerApp('Control Room', ['read', 'write']);
  const toolApp = instance.registerApp('Newsroom scheduler', ['read', 'write']);
  const bureauToken = instance.issueToken(bureauApp, account.id);
  const toolToken = instance.issueToken(toolApp, account.id);
  const oauth = createDemoMastodonOAuth({ instance, clock, accountId: account.id, ...(options.grantScopes ? { grantScopes: options.grantScopes } : {}) });
  const media = new DemoMastodonMedia(() => origin);
  const mediaIdsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

  const authed = (token: DemoMastodonToken, method: string, path: string, query: URLSearchParams, params: Record<string, unknown>, idempotencyKey: string | undefined): Reply => {
    if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') return { status: 200, body: instance.account(token.accountId) };
    if (method === 'GET' && path === '/api/v1/apps/verify_credentials') {
      const app = instance.apps.get(token.clientId) as DemoMastodonApp;
      const body: mastodon.v1.Application = { name: app.name, website: null, scopes: [...token.scopes], redirectUris: [...app.redirectUris] };
      return { status: 200, body };
    }
    const listMatch = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path);
    if (method === 'GET' && listMatch) {
      const id = decodeURIComponent(listMatch[1] ?? '');
      if (!instance.account(id)) return error(404, 'Record not found');
      const limit = Math.min(Math.max(Number(query.get('limit') ?? '20') || 20, 1), 40);
      const ids = (k: string): string | null => (/^\d+$/.test(query.get(k) ?? '') ? (query.get(k) as string) : null);
      return { status: 200, body: instance.list(id, { limit, minId: ids('min_id'), sinceId: ids('since_id'), maxId: ids('max_id') }) };
    }
    if (method === 'POST' && path === '/api/v1/statuses') {
      if (!token.scopes.some((s) => s === 'write' || s === 'write:statuses')) return error(403, 'This action is outside the authorized scopes');
      const text = typeof params['status'] === 'string' ? params['status'] : '';
      const spoilerText = typeof params['spoiler_text'] === 'string' ? params['spoiler_text'] : '';
      const visibility = (['public', 'unlisted', 'private', 'direct'] as const).find((v) => v === params['visibility']) ?? 'public';
      const mediaIds = mediaIdsOf(params['media_ids'] ?? params['media_ids[]']);
      const problem = statusProblem(text, spoilerText, instance.limits.characters, mediaIds.length > 0);
      if (problem) return error(422, problem);
      const claimed = media.claim(token.accountId, mediaIds);
      if (!claimed.ok) return error(422, claimed.error);
      return { status: 200, body: instance.create(token.accountId, { text, spoilerText, visibility, idempotencyKey: idempotencyKey ?? null, application: instance.apps.get(token.clientId)?.name ?? 'Web', media: claimed.media, onCreated: claimed.attach }) };
    }
    const statusMatch = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path);
    if (method === 'PUT' && statusMatch) {
      // Editing a status (Mastodon 3.5+): the same scope and validation as posting one.
      if (!token.scopes.some((s) => s === 'write' || s === 'write:statuses')) return error(403, 'This action is outside the authorized scopes');
      const text = typeof params['status'] === 'string' ? params['status'] : '';
      const spoilerText = typeof params['spoiler_text'] === 'string' ? params['spoiler_text'] : '';
      const id = decodeURIComponent(statusMatch[1] ?? '');
      const problem = statusProblem(text, spoilerText, instance.limits.characters, (instance.status(id)?.mediaAttachments.length ?? 0) > 0);
      if (problem) return error(422, problem);
      const edited = instance.edit(token.accountId, id, { text, spoilerText });
      return edited ? { status: 200, body: edited } : error(404, 'Record not found');
    }
    if (method === 'DELETE' && statusMatch) {
      const removed = instance.remove(token.accountId, decodeURIComponent(statusMatch[1] ?? ''));
      // The deleted status comes back with its source text, for "delete and redraft".
      return removed ? { status: 200, body: { ...removed, text: removed.content } } : error(404, 'Record not found');
    }
    const mediaMatch = /^\/api\/v1\/media\/(\d{1,24})$/.exec(path);
    if (method === 'GET' && mediaMatch) {
      const found = media.get(token.accountId, mediaMatch[1] ?? '');
      return found ? { status: 200, body: found } : error(404, 'Record not found');
    }
    if (method === 'GET' && path === '/api/v2/instance') {
      return { status: 200, body: { domain: new URL(origin).host, title: 'Demo Mastodon', version: '4.4.0', configuration: { urls: { streaming: origin.replace(/^http/, 'ws') } } } };
    }
    return error(404, 'Record not found');
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const file = method === 'GET' ? media.file(url.pathname) : undefined;
    if (file) {
      res.writeHead(200, { 'content-type': file.mime, 'content-length': String(file.bytes.length), 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(file.bytes);
      return;
    }
    const upload = method === 'POST' && url.pathname === '/api/v2/media';
    const body = await readBody(req, upload ? maxMediaBytes + 64 * 1024 : undefined);
    if (!body.ok) return write(res, error(413, 'Request too large'));
    const params = bodyParams(body.text, headerValue(req, 'content-type'));
    const oauthReply = oauth.route(method, url.pathname, url.searchParams, params);
    if (oauthReply) return oauthReply.kind === 'page' ? writePage(res, oauthReply.page) : write(res, oauthReply.reply);
    if (method === 'POST' && url.pathname === '/oauth/revoke') {
      const [id, sec, tok] = [params['client_id'], params['client_secret'], params['token']].map((v) => (typeof v === 'string' ? v : ''));
      return write(res, instance.revoke(id ?? '', sec ?? '', tok ?? '') ? { status: 200, body: {} } : { status: 403, body: { error: 'unauthorized_client', error_description: 'You are not authorized to revoke this token' } });
    }
    const token = instance.token(bearer(req));
    if (!token) return write(res, error(401, 'The access token is invalid'));
    const general = instance.consume(token.accountId, 'requests');
    if (!general.allowed) return write(res, error(429, 'Too many requests'), general.headers);
    let headers = general.headers;
    if (method === 'DELETE' && url.pathname.startsWith('/api/v1/statuses/')) {
      const deletes = instance.consume(token.accountId, 'deletes');
      if (!deletes.allowed) return write(res, error(429, 'Too many requests'), deletes.headers);
      headers = deletes.headers;
    }
    if (upload) {
      if (!token.scopes.some((s) => s === 'write' || s === 'write:media')) return write(res, error(403, 'This action is outside the authorized scopes'), headers);
      const done = media.upload(token.accountId, headerValue(req, 'content-type'), body.bytes);
      return write(res, done.ok ? { status: 200, body: done.media } : error(done.status, done.error), headers);
    }
    write(res, authed(token, method, url.pathname, url.searchParams, params, headerValue(req, 'idempotency-key')), headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.emitWarning(`demo Mastodon server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      write(res, error(500, 'Internal error'));
    });
  });

  // The streaming API: the token as Sec-WebSocket-Protocol (as masto sends it) or ?access_token=.
  const sockets = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0] ?? false });
  const subscribed = new Map<WebSocket, { accountId: string; user: boolean }>();
  let streaming = true;
  server.on('upgrade', (req, socket, head) => {
    if (!streaming) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"Streaming API unavailable"}');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const offered = (headerValue(req, 'sec-websocket-protocol') ?? '').split(',')[0]?.trim();
    const token = url.pathname === '/api/v1/streaming' ? instance.token(url.searchParams.get('access_token') ?? offered) : null;
    if (!token) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"Invalid access token"}');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      subscribed.set(ws, { accountId: token.accountId, user: url.searchParams.get('stream') === 'user' });
      ws.on('message', (data) => {
        const msg = parseJson(String(data));
        const v = msg.ok ? (msg.value as { type?: unknown; stream?: unknown }) : {};
        const entry = subscribed.get(ws);
        if (entry && v.stream === 'user') entry.user = v.type === 'subscribe';
      });
      ws.on('close', () => subscribed.delete(ws));
    });
  });
  instance.onEvent((e) => {
    const accountId = e.kind === 'delete' ? e.accountId : e.status.account.id;
    const message = JSON.stringify(e.kind === 'delete' ? { stream: ['user'], event: 'delete', payload: e.id } : { stream: ['user'], event: e.kind, payload: JSON.stringify(toWire(e.status)) });
    for (const [ws, entry] of subscribed) if (entry.user && entry.accountId === accountId) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    account: { id: account.id, username: account.username },
    credentials: { bureau: { accessToken: bureauToken, clientId: bureauApp.clientId, clientSecret: bureauApp.clientSecret }, compromised: { accessToken: toolToken } },
    instance,
    issueToken: (scopes) => instance.issueToken(instance.registerApp('Test app', scopes), account.id),
    dropStreams: () => {
      for (const ws of subscribed.keys()) ws.terminate();
    },
    setStreaming: (on) => {
      streaming = on;
      if (!on) for (const ws of subscribed.keys()) ws.terminate();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const ws of subscribed.keys()) ws.terminate();
        sockets.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
