// A loopback HTTP server that misbehaves on request: a status and body, a hang (timeout), or a
// dropped connection. Adapter tests use it for the failures a real peer will not produce on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { readonly kind: 'reply'; readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drop' };

export interface FaultyServer {
  readonly url: string;
  fault: Fault;
  readonly requests: { method: string; url: string }[];
  close(): Promise<void>;
}

export async function startFaultyServer(initial: Fault): Promise<FaultyServer> {
  const hung: ServerResponse[] = [];
  const state: FaultyServer = {
    url: '',
    fault: initial,
    requests: [],
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    const f = state.fault;
    if (f.kind === 'hang') hung.push(res);
    else if (f.kind === 'drop') req.socket.destroy();
    else res.writeHead(f.status, { 'content-type': 'application/json', ...f.headers }).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (state as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
