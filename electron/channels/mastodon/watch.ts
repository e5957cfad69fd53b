// Push for Mastodon: the streaming API's `user` stream over WebSocket, through masto's streaming
// client. A status by the bureau's own account (`update`, `status.update`) or the deletion of one
// it has seen (`delete` carries only the id) calls onChange, so the monitor reads at once; a new
// status (`update`) is handed over itself, parsed as a read would parse it, so no read is needed. Each
// (re)connection also calls onChange: whatever happened while the socket was down is read then.
// Reconnection is ours, with a capped backoff: masto's client is created per connection with
// retry off, and thrown away when its socket closes.
import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import { realSleep, type Sleep } from '../../lib/sleep';
import type { ObservedItem } from '../types';
import { streamedStatusSchema } from './schemas';

export interface WatchUserStreamOptions {
  readonly instanceUrl: string;
  readonly accessToken: string;
  readonly ownAccountId: string;
  /** Ids of the account's statuses known so far (a delete event names only the id); streamed ones are added. */
  readonly ownIds: Set<string>;
  readonly onChange: (pushed?: readonly ObservedItem[]) => void;
  /** The item a streamed status is (null: not one Control Room can read; the monitor then reads). */
  readonly toItem?: (status: unknown) => ObservedItem | null;
  readonly signal: AbortSignal;
  readonly sleep?: Sleep;
}

const minBackoffMs = 500;
const maxBackoffMs = 30_000;

/** Where the instance streams from (instance.configuration.urls.streaming), else the instance itself. */
async function streamingUrl(instanceUrl: string, accessToken: string): Promise<string> {
  try {
    const instance = await createRestAPIClient({ url: instanceUrl, accessToken, timeout: 10_000 }).v2.instance.fetch();
    const url = instance.configuration?.urls?.streaming;
    if (typeof url === 'string' && /^(wss?|https?):\/\//.test(url)) return url;
  } catch {
    // Older instances or a proxy that hides /api/v2/instance: the streaming API usually lives on the same host.
  }
  return instanceUrl.replace(/^http/, 'ws');
}

/** One WebSocket connection's life: resolves when its socket closes or the signal aborts. */
async function connectOnce(url: string, options: WatchUserStreamOptions, onOpen: () => void): Promise<void> {
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  // masto constructs the socket; this subclass only lets us see it open and close.
  class ObservedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.addEventListener('open', onOpen);
      this.addEventListener('close', markClosed);
      this.addEventListener('error', markClosed);
    }
  }
  const client = createStreamingAPIClient({ streamingApiUrl: url, accessToken: options.accessToken, retry: false, implementation: ObservedWebSocket });
  const stop = (): void => markClosed();
  options.signal.addEventListener('abort', stop, { once: true });
  const events = (async () => {
    for await (const event of client.user.subscribe()) {
      if (event.event === 'update' || event.event === 'status.update') {
        const status = streamedStatusSchema.safeParse(event.payload);
        if (status.success && status.data.account.id === options.ownAccountId) {
          options.ownIds.add(status.data.id);
          // An edit (status.update) changes an item already seen: a read settles it.
          const item = event.event === 'update' ? (options.toItem?.(event.payload) ?? null) : null;
          options.onChange(item ? [item] : undefined);
        }
      } else if (event.event === 'delete' && typeof event.payload === 'string' && options.ownIds.has(event.payload)) {
        options.onChange();
      }
    }
  })().catch(() => undefined);
  try {
    await Promise.race([closed, events]);
  } finally {
    options.signal.removeEventListener('abort', stop);
    client.close();
  }
}

/** Watches until the signal aborts; never throws (polling stays the fallback). */
export async function watchUserStream(options: WatchUserStreamOptions): Promise<void> {
  const sleep = options.sleep ?? realSleep;
  let backoff = minBackoffMs;
  while (!options.signal.aborted) {
    const url = await streamingUrl(options.instanceUrl, options.accessToken);
    // Stopped while asking for the URL: an abort event already fired would never close the socket.
    if (options.signal.aborted) break;
    let opened = false;
    await connectOnce(url, options, () => {
      opened = true;
      backoff = minBackoffMs;
      options.onChange();
    });
    if (options.signal.aborted) break;
    if (!opened) backoff = Math.min(backoff * 2, maxBackoffMs);
    await sleep(backoff, options.signal);
  }
}
