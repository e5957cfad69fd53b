// The demo canary mailbox's IMAP listener (node:net, loopback, no TLS): one framer and one session
// per connection. Only the canary's own credentials log in; see imap-session.ts for the commands.
//
// Robustness rules, because the fuzz test throws garbage at it: every socket error is swallowed
// per connection, every handler runs inside try/catch, reading pauses while a client is not
// reading its responses, and stop() destroys whatever is still connected.
import { createServer, type Socket } from 'node:net';
import type { CanaryMailbox } from './canary-mailbox';
import { matchesCredential, type Credential } from './credentials';
import { ImapFramer } from './imap-framer';
import { ImapSession } from './imap-session';
import type { Chunk } from './imap-syntax';

export interface CanaryImapServerOptions {
  readonly mailbox: CanaryMailbox;
  readonly account: Credential;
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Inactivity before the server says BYE (RFC 3501 asks for at least 30 minutes). */
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
}

export interface CanaryImapServer {
  readonly host: string;
  readonly port: number;
  /** Open client connections (for tests). */
  connectionCount(): number;
  stop(): Promise<void>;
}

export async function startCanaryImapServer(options: CanaryImapServerOptions): Promise<CanaryImapServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const verifyLogin = (user: Buffer, password: Buffer): boolean => matchesCredential(user, password, options.account);

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new ImapFramer();
    let closed = false;
    let waitingForDrain = false;
    const send = (chunks: readonly Chunk[]): void => {
      if (closed || socket.destroyed || !socket.writable) return;
      const buffer = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : c)));
      if (!socket.write(buffer) && !waitingForDrain) {
        // The client is not reading: stop reading its commands until it catches up.
        waitingForDrain = true;
        socket.pause();
        socket.once('drain', () => {
          waitingForDrain = false;
          socket.resume();
        });
      }
    };
    const session = new ImapSession({
      mailbox: options.mailbox,
      verifyLogin,
      send,
      end: () => {
        closed = true;
        socket.end();
      },
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const event of framer.push(chunk)) {
          if (closed) break;
          session.handle(event);
        }
      } catch {
        // Defensive: the session already turns bad input into BAD; this is for our own bugs.
        send(['* BYE Internal server error\r\n']);
        closed = true;
        socket.destroy();
      }
    });
    socket.setTimeout(options.idleTimeoutMs ?? 30 * 60 * 1000, () => {
      session.bye('Autologout; idle for too long');
      closed = true;
      // A client that never reads would keep a half-closed socket forever.
      setTimeout(() => socket.destroy(), 1000).unref();
    });
    socket.on('error', () => {
      // Resets and broken pipes from clients are routine; the close handler cleans up.
    });
    socket.on('close', () => {
      closed = true;
      sockets.delete(socket);
      session.dispose();
    });
    if (sockets.size > (options.maxConnections ?? 64)) {
      send(['* BYE Too many connections\r\n']);
      closed = true;
      socket.end();
      return;
    }
    session.greet();
  });
  server.on('error', () => {
    // Accept errors (EMFILE and the like) must not take the demo down.
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('canary IMAP server: no listening address');

  return {
    host,
    port: address.port,
    connectionCount: () => sockets.size,
    stop: async () => {
      const closedServer = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) {
        if (!socket.destroyed && socket.writable) socket.write('* BYE Server shutting down\r\n');
        socket.destroy();
      }
      await closedServer;
    },
  };
}
