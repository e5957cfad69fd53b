// Browser mode: serves the built renderer on 127.0.0.1 and the contract over a WebSocket, for the
// end-to-end tests and for machines without the Electron runtime. A random per-run token (sent as
// a WebSocket subprotocol, so it never sits in a URL the server logs) and an exact Origin check
// keep other local processes and web pages out.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Core } from '../core/app';
import type { Caller } from '../core/dispatch';
import { maxMediaUploadChars } from '../shared/contract-media';
import { deliverInOrder } from '../core/event-access';
import { fail } from '../shared/result';
import { contentSecurityPolicy, securityHeaders } from './csp';
import { readStaticFile } from './static-files';

export const tokenProtocolPrefix = 'control-room.token.';
export const wsPath = '/contract';
/** A contract frame is small; anything bigger is a bug or an attack... */
export const maxFrameBytes = 1024 * 1024;
/** ...except an image upload (media.add), which may carry its base64 up to this size. */
export const maxUploadFrameBytes = maxMediaUploadChars + 1024;
/** How the renderer's transport writes an upload frame (JSON.stringify of {id, call, input}, in that order). */
const uploadFrameStart = /^\{"id":\d{1,15},"call":"media\.add","input":\{/;

const requestFrameSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  call: z.string().max(100),
  input: z.unknown(),
});

export interface BrowserHostOptions {
  readonly core: Core;
  readonly rendererDir: string;
  readonly host?: string;
  readonly port?: number;
  /** Tests pass a fixed token; otherwise a fresh random one per run. */
  readonly token?: string;
}

export interface BrowserHost {
  readonly url: string;
  /** The app URL with the token in its fragment (never sent to the server by the browser). */
  readonly appUrl: string;
  readonly origin: string;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const bindHost = options.host ?? '127.0.0.1';
  let origin = '';
  let csp = '';

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    void readStaticFile(options.rendererDir, req.url ?? '/').then((file) => {
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders(csp) }).end('Not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store', ...securityHeaders(csp) });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });

  const refuse = (req: IncomingMessage, reason: string): void => {
    core.logger.warn(`browser host refused a connection from ${req.socket.remoteAddress ?? '?'}: ${reason}`);
  };

  const wss = new WebSocketServer({
    noServer: true,
    // ws enforces one limit for every frame: the upload's. Every other call keeps 1 MiB (below).
    maxPayload: maxUploadFrameBytes,
    handleProtocols: (protocols) => {
      for (const p of protocols) if (p.startsWith(tokenProtocolPrefix)) return p;
      return false;
    },
  });

  server.on('upgrade', (req, socket, head) => {
    const reject = (status: number, reason: string): void => {
      refuse(req, reason);
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== wsPath) return reject(403, `wrong path ${JSON.stringify(path)}`);
    if (req.headers.origin !== origin) return reject(403, `foreign origin ${JSON.stringify(req.headers.origin ?? null)}`);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith(tokenProtocolPrefix));
    if (!offered) return reject(401, 'no token');
    if (!safeEqual(offered.slice(tokenProtocolPrefix.length), token)) return reject(401, 'wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    // Each connection signs in on its own; closing it (a reload, a closed tab) ends the session.
    const caller: Caller = { transport: 'websocket', session: { id: null } };
    const unsubscribe = core.events.subscribe(
      deliverInOrder(
        (name) => core.mayReceive(caller.session, name),
        (name, payload) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: name, payload }));
        },
        (err) => core.logger.error('could not deliver an event to a browser connection', err),
      ),
    );
    ws.on('close', () => {
      unsubscribe();
      if (caller.session.id !== null) core.accounts.signOut(caller.session.id);
    });
    ws.on('error', (err) => {
      // ws closes the socket itself (e.g. 1009 for an oversized frame); say why in the log.
      refuse(req, `socket error: ${err.message}`);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        refuse(req, 'binary frame');
        ws.close(1003, 'text frames only');
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      const size = bytes.length;
      if (size > maxFrameBytes && !uploadFrameStart.test(bytes.subarray(0, 64).toString('utf8'))) {
        refuse(req, `socket error: Max payload size exceeded (${size} bytes, not an image upload)`);
        ws.close(1009, 'frame too large');
        return;
      }
      let frame: z.infer<typeof requestFrameSchema>;
      try {
        const parsed = requestFrameSchema.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'bad frame');
        frame = parsed.data;
      } catch (err) {
        refuse(req, `malformed frame (${(err as Error).message})`);
        ws.send(JSON.stringify({ id: null, result: fail('BAD_INPUT', 'Malformed frame: expected {id, call, input}.') }));
        return;
      }
      void core.dispatch(frame.call, frame.input, caller).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, result }));
      });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, bindHost, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${bindHost}:${port}`;
  origin = url;
  csp = contentSecurityPolicy({ connectSrc: [`ws://${bindHost}:${port}`] });

  return {
    url,
    appUrl: `${url}/#token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
