// A loopback TCP proxy that can take the network away and give it back on the same port: offline
// it does not listen at all (connection refused: provably nothing sent), online it forwards bytes.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ToggleProxy {
  readonly port: number;
  readonly url: string;
  offline(): Promise<void>;
  online(): Promise<void>;
  close(): Promise<void>;
}

export async function startToggleProxy(targetHost: string, targetPort: number): Promise<ToggleProxy> {
  const sockets = new Set<Socket>();
  const make = (): Server =>
    createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  let server: Server | null = make();
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const stop = async (): Promise<void> => {
    if (!server) return;
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    await new Promise<void>((r) => s.close(() => r()));
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    offline: stop,
    online: async () => {
      if (server) return;
      server = make();
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    },
    close: stop,
  };
}
