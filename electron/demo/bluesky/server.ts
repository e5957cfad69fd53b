// The demo newsroom's Bluesky PDS on 127.0.0.1: the XRPC subset Control Room's adapter uses
// (createSession, refreshSession, getSession, deleteSession, listRecords, getRecord, createRecord,
// putRecord, uploadBlob, getBlob, deleteRecord, resolveHandle, revokeAppPassword) answering in the lexicon shapes of @atproto/api,
// and com.atproto.sync.subscribeRepos as a WebSocket of DAG-CBOR frames with cursor replay.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppBskyFeedPost, ComAtprotoRepoCreateRecord, ComAtprotoRepoPutRecord, ComAtprotoServerCreateSession } from '@atproto/api';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import { systemClock, type Clock } from '../../lib/clock';
import { postCollection } from '../../channels/bluesky/firehose';
import { createDemoBlobs, maxUploadBytes } from './blobs';
import { createDemoRepo, type DemoRepo } from './repo';
import { createDemoTokens, scopes, type DemoTokens } from './tokens';

export interface DemoBlueskyAccount {
  readonly did: string;
  readonly handle: string;
  readonly mainPassword: string;
  /** App password name -> password. */
  readonly appPasswords: Map<string, string>;
}

export interface DemoBlueskyServer {
  readonly url: string;
  readonly account: DemoBlueskyAccount;
  readonly credentials: {
    /** Control Room's own app password. */
    readonly bureau: { readonly handle: string; readonly appPassword: string };
    /** The app password a scheduling tool was given, which the attacker holds. */
    readonly compromised: { readonly handle: string; readonly appPassword: string };
  };
  readonly repo: DemoRepo;
  readonly tokens: DemoTokens;
  /** Benchmarks and tests: off drops every subscribeRepos client and refuses new ones (push lost). */
  setStreaming(on: boolean): void;
  /** The cursor each accepted subscribeRepos connection asked for (null: live tail only). */
  subscriptions(): readonly (number | null)[];
  close(): Promise<void>;
}

class XrpcFailure extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

const createSessionInput = z.object({ identifier: z.string(), password: z.string() });
const createRecordInput = z.object({ repo: z.string(), collection: z.string(), record: z.looseObject({ text: z.string().max(3000), createdAt: z.string() }) });
// swapRecord: a CID the record must be at now; null: there must be no record yet (as on the real PDS).
const putRecordInput = z.object({ repo: z.string(), collection: z.string(), rkey: z.string().regex(/^[A-Za-z0-9._:~-]{1,512}$/).refine((k) => k !== '.' && k !== '..'), record: createRecordInput.shape.record, swapRecord: z.string().nullable().optional() });
const deleteRecordInput = z.object({ repo: z.string(), collection: z.string(), rkey: z.string() });
const revokeInput = z.object({ name: z.string() });

const didOf = (seed: string): string => `did:plc:${Buffer.from(seed.padEnd(15, '0')).toString('hex').slice(0, 24).replace(/[^a-z2-7]/g, 'a')}`;

export async function startDemoBlueskyServer(options: { readonly clock?: Clock } = {}): Promise<DemoBlueskyServer> {
  const clock = options.clock ?? systemClock;
  const tokens = createDemoTokens(clock);
  const repo = createDemoRepo(clock);
  const blobs = createDemoBlobs();
  const secret = (): string => randomBytes(8).toString('hex').replace(/(.{4})(?=.)/g, '$1-');
  const account: DemoBlueskyAccount = { did: didOf('newsroom'), handle: 'newsroom.bsky.example', mainPassword: `main-${secret()}`, appPasswords: new Map([['Control Room', secret()], ['Scheduler', secret()]]) };
  const partner = { did: didOf('partner'), handle: 'partner.bsky.test' };

  const sessionOut = (grant: { did: string }, t: { accessJwt: string; refreshJwt: string }): ComAtprotoServerCreateSession.OutputSchema => ({ ...t, did: grant.did, handle: account.handle, active: true });
  const bearer = (req: IncomingMessage): string => {
    const h = req.headers.authorization ?? '';
    if (!h.startsWith('Bearer ')) throw new XrpcFailure(401, 'AuthenticationRequired', 'Authentication Required');
    return h.slice(7);
  };
  const authed = (req: IncomingMessage) => {
    const g = tokens.access(bearer(req));
    if (g === 'expired') throw new XrpcFailure(400, 'ExpiredToken', 'Token has expired');
    if (g === 'invalid') throw new XrpcFailure(401, 'InvalidToken', 'Token could not be verified');
    return g;
  };
  const ownRepo = (repoParam: string | null, collection: string | null): void => {
    if (repoParam !== account.did && repoParam !== account.handle) throw new XrpcFailure(400, 'InvalidRequest', `Could not find repo: ${repoParam ?? ''}`);
    if (collection !== postCollection) throw new XrpcFailure(400, 'InvalidRequest', 'The demo PDS holds only app.bsky.feed.post records');
  };

  /** A post record a create or put may write: into this account's posts, its images uploaded here. */
  const postToWrite = (input: z.infer<typeof createRecordInput>): AppBskyFeedPost.Record => {
    ownRepo(input.repo, input.collection);
    const invalid = blobs.checkEmbed(input.record);
    if (invalid) throw new XrpcFailure(400, 'InvalidRecord', invalid);
    return { ...input.record, $type: postCollection } as AppBskyFeedPost.Record;
  };

  const routes: Record<string, (req: IncomingMessage, q: URLSearchParams, body: unknown) => unknown> = {
    'com.atproto.server.createSession': (_req, _q, body) => {
      const input = createSessionInput.parse(body);
      if (input.identifier !== account.handle && input.identifier !== account.did) throw new XrpcFailure(401, 'AuthenticationRequired', 'Invalid identifier or password');
      if (input.password === account.mainPassword) return sessionOut(account, tokens.issue({ did: account.did, scope: scopes.access, appPasswordName: null }));
      const name = [...account.appPasswords].find(([, pw]) => pw === input.password)?.[0];
      if (!name) throw new XrpcFailure(401, 'AuthenticationRequired', 'Invalid identifier or password');
      return sessionOut(account, tokens.issue({ did: account.did, scope: scopes.appPass, appPasswordName: name }));
    },
    'com.atproto.server.refreshSession': (req) => {
      const r = tokens.refresh(bearer(req));
      if (!r) throw new XrpcFailure(400, 'ExpiredToken', 'Token has been revoked');
      return sessionOut(r.grant, r);
    },
    'com.atproto.server.getSession': (req) => ({ did: authed(req).did, handle: account.handle, active: true }),
    'com.atproto.server.deleteSession': (req) => {
      tokens.endSession(bearer(req));
      return undefined;
    },
    'com.atproto.server.revokeAppPassword': (req, _q, body) => {
      // As on the real PDS: only a main-password session may manage app passwords.
      if (authed(req).scope !== scopes.access) throw new XrpcFailure(400, 'InvalidToken', 'Bad token scope');
      const { name } = revokeInput.parse(body);
      account.appPasswords.delete(name);
      tokens.revokeAppPassword(account.did, name);
      return undefined;
    },
    'com.atproto.identity.resolveHandle': (_req, q) => {
      const handle = q.get('handle');
      const did = handle === account.handle ? account.did : handle === partner.handle ? partner.did : null;
      if (!did) throw new XrpcFailure(400, 'InvalidRequest', 'Unable to resolve handle');
      return { did };
    },
    'com.atproto.repo.listRecords': (_req, q) => {
      ownRepo(q.get('repo'), q.get('collection'));
      const limit = Math.min(100, Math.max(1, Number(q.get('limit') ?? 50) || 50));
      const cursor = q.get('cursor');
      return repo.list(account.did, { limit, reverse: q.get('reverse') === 'true', ...(cursor ? { cursor } : {}) });
    },
    'com.atproto.repo.getRecord': (_req, q) => {
      ownRepo(q.get('repo'), q.get('collection'));
      const r = repo.get(account.did, q.get('rkey') ?? '');
      if (!r) throw new XrpcFailure(400, 'RecordNotFound', `Could not locate record: at://${account.did}/${postCollection}/${q.get('rkey') ?? ''}`);
      return { uri: `at://${account.did}/${postCollection}/${r.rkey}`, cid: r.cid.toString(), value: r.value };
    },
    'com.atproto.repo.createRecord': (req, _q, body): ComAtprotoRepoCreateRecord.OutputSchema => {
      const grant = authed(req);
      const input = createRecordInput.parse(body);
      return repo.create(account.did, postToWrite(input), grant.appPasswordName);
    },
    'com.atproto.repo.putRecord': (req, _q, body): ComAtprotoRepoPutRecord.OutputSchema => {
      const grant = authed(req);
      const input = putRecordInput.parse(body);
      const record = postToWrite(input);
      const current = repo.get(account.did, input.rkey)?.cid.toString() ?? null;
      if (input.swapRecord !== undefined && input.swapRecord !== current) throw new XrpcFailure(400, 'InvalidSwap', `Record was at ${current ?? 'null'}`);
      return repo.put(account.did, input.rkey, record, grant.appPasswordName);
    },
    'com.atproto.repo.deleteRecord': (req, _q, body) => {
      authed(req);
      const input = deleteRecordInput.parse(body);
      ownRepo(input.repo, input.collection);
      repo.remove(account.did, input.rkey);
      return {};
    },
  };

  const readBytes = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > maxUploadBytes) throw new XrpcFailure(413, 'PayloadTooLarge', 'request entity too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  };
  const readBody = async (req: IncomingMessage): Promise<unknown> => {
    const text = (await readBytes(req)).toString('utf8');
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  /** uploadBlob takes the bytes as the body, typed by Content-Type; getBlob serves them back as they were. */
  const blobRoutes = async (req: IncomingMessage, res: ServerResponse, nsid: string, q: URLSearchParams): Promise<boolean> => {
    if (nsid === 'com.atproto.repo.uploadBlob' && req.method === 'POST') {
      authed(req);
      const bytes = await readBytes(req);
      send(res, 200, blobs.upload(bytes, (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]?.trim() ?? ''));
      return true;
    }
    if (nsid !== 'com.atproto.sync.getBlob') return false;
    const blob = q.get('did') === account.did ? blobs.get(q.get('cid') ?? '') : undefined;
    if (!blob) throw new XrpcFailure(400, 'BlobNotFound', 'Blob not found');
    res.writeHead(200, { 'content-type': blob.mimeType, 'content-length': String(blob.bytes.length), 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox" });
    res.end(blob.bytes);
    return true;
  };
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    if (body === undefined) return void res.writeHead(status).end();
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const nsid = url.pathname.replace(/^\/xrpc\//, '');
    const route = url.pathname.startsWith('/xrpc/') ? routes[nsid] : undefined;
    blobRoutes(req, res, nsid, url.searchParams)
      .then(async (served) => {
        if (served) return;
        if (!route) return send(res, 501, { error: 'MethodNotImplemented', message: `Method Not Implemented: ${nsid}` });
        send(res, 200, route(req, url.searchParams, await readBody(req)));
      })
      .catch((err: unknown) => {
        if (err instanceof XrpcFailure) return send(res, err.status, { error: err.error, message: err.message });
        if (err instanceof z.ZodError || err instanceof SyntaxError) return send(res, 400, { error: 'InvalidRequest', message: 'Input did not match the lexicon' });
        send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
      });
  });

  const wss = new WebSocketServer({ noServer: true });
  let streaming = true;
  const cursors: (number | null)[] = [];
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/xrpc/com.atproto.sync.subscribeRepos' || !streaming) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      const cursor = Number(url.searchParams.get('cursor') ?? Number.NaN);
      cursors.push(Number.isFinite(cursor) ? cursor : null);
      if (Number.isFinite(cursor)) for (const f of repo.framesAfter(cursor)) ws.send(f);
      const off = repo.onFrame((f) => ws.send(f));
      ws.on('close', off);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const pw = (name: string): string => account.appPasswords.get(name) ?? '';
  return {
    url: `http://127.0.0.1:${port}`,
    account,
    credentials: { bureau: { handle: account.handle, appPassword: pw('Control Room') }, compromised: { handle: account.handle, appPassword: pw('Scheduler') } },
    repo,
    tokens,
    subscriptions: () => [...cursors],
    setStreaming(on) {
      streaming = on;
      if (!on) for (const c of wss.clients) c.terminate();
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
