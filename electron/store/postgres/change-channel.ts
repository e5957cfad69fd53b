// Team mode's change feed on PostgreSQL: NOTIFY on one channel after a desk's write commits, and one
// dedicated LISTEN connection per desk (outside the pool: a pooled client would be handed to
// queries). The listening connection reconnects by itself with backoff when the server restarts or
// the network drops. Payloads are the caller's (small JSON of ids); PostgreSQL caps them at 8000 bytes.
import pg from 'pg';
import type { ChangeChannel, ChangeListenerHandlers } from '../repositories';

export const changeChannelName = 'control_room_changes';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const maxChangePayloadBytes = 7900;

export interface PgChangeChannelOptions {
  readonly applicationName?: string;
  /** First wait after a lost connection; doubled each failed attempt up to maxBackoffMs. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export function createPgChangeChannel(pool: pg.Pool, url: string, options: PgChangeChannelOptions = {}): ChangeChannel {
  const minBackoff = options.minBackoffMs ?? 100;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  return {
    shared: true,
    async publish(payload) {
      if (Buffer.byteLength(payload) > maxChangePayloadBytes) throw new Error(`change payload of ${Buffer.byteLength(payload)} bytes is over ${maxChangePayloadBytes}`);
      await pool.query('SELECT pg_notify($1, $2)', [changeChannelName, payload]);
    },
    listen(handlers: ChangeListenerHandlers) {
      let stopped = false;
      let client: pg.Client | null = null;
      let timer: NodeJS.Timeout | null = null;
      let backoff = minBackoff;
      let connectedOnce = false;

      const lost = (c: pg.Client, err: Error): void => {
        if (client !== c) return;
        client = null;
        c.removeAllListeners();
        // A late error from the dead connection must not crash the process.
        c.on('error', () => undefined);
        c.end().catch(() => undefined);
        if (stopped) return;
        const wait = backoff;
        backoff = Math.min(backoff * 2, maxBackoff);
        handlers.onLost?.(err, wait);
        timer = setTimeout(() => {
          timer = null;
          void connect();
        }, wait);
      };

      const connect = async (): Promise<void> => {
        if (stopped) return;
        const c = new pg.Client({ connectionString: url, application_name: options.applicationName ?? 'control-room changes', connectionTimeoutMillis: 10_000, keepAlive: true });
        client = c;
        c.on('error', (err) => lost(c, err));
        c.on('end', () => lost(c, new Error('the change feed connection ended')));
        c.on('notification', (msg) => {
          if (msg.channel === changeChannelName && msg.payload !== undefined) handlers.onPayload(msg.payload);
        });
        try {
          await c.connect();
          await c.query(`LISTEN ${changeChannelName}`);
        } catch (err) {
          lost(c, err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (stopped || client !== c) return;
        backoff = minBackoff;
        const reconnected = connectedOnce;
        connectedOnce = true;
        handlers.onListening?.(reconnected);
      };

      void connect();
      return {
        async stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
          const c = client;
          client = null;
          if (c) {
            c.removeAllListeners();
            c.on('error', () => undefined);
            await c.end().catch(() => undefined);
          }
        },
      };
    },
  };
}
