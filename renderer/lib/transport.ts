// How the screen reaches the core: the preload's IPC API inside the desktop app, else the
// browser-mode WebSocket. Picked once at start; everything above sees one interface.
import type { ControlRoomApi } from '../../electron/preload/api';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../electron/shared/contract';
import type { Result } from '../../electron/shared/result';

/** 'open' after a reconnect means a new connection: the core signed the old one out. */
export type ConnectionState = 'open' | 'closed';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Connection changes after the first open (IPC never changes). */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

declare global {
  interface Window {
    controlRoom?: ControlRoomApi;
  }
}

function ipcTransport(api: ControlRoomApi): Transport {
  return {
    kind: 'ipc',
    call: (name, input) => (api[name] as (i: typeof input) => Promise<Result<CallOutput<typeof name>>>)(input),
    on: (event, listener) => api.on(event, listener),
    onConnection: () => () => undefined,
  };
}

const tokenProtocolPrefix = 'control-room.token.';
const reconnectDelaysMs = [500, 1000, 2000, 5000, 10_000];

/** Reconnects by itself; calls made while disconnected wait for the connection (up to a limit). */
export function webSocketTransport(url: string, token: string): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let opened: Promise<WebSocket> | null = null;
  let everOpened = false;
  let reconnectAttempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const announce = (state: ConnectionState): void => {
    for (const l of connectionListeners) l(state);
  };

  // Only a connection that once worked is retried: a wrong token must not loop in the console.
  const scheduleReconnect = (): void => {
    if (!everOpened || reconnectTimer !== null || listeners.size === 0) return;
    const delay = reconnectDelaysMs[Math.min(reconnectAttempt, reconnectDelaysMs.length - 1)] ?? 10_000;
    reconnectAttempt++;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect().catch(() => scheduleReconnect());
    }, delay);
  };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [`${tokenProtocolPrefix}${token}`]);
      ws.onopen = () => {
        socket = ws;
        reconnectAttempt = 0;
        const reopened = everOpened;
        everOpened = true;
        resolve(ws);
        if (reopened) announce('open');
      };
      ws.onerror = () => reject(new Error('cannot reach the Control Room core'));
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        for (const [, settle] of pending) {
          settle({ ok: false, error: { code: 'UNAVAILABLE', message: 'Lost the connection to the Control Room core. Retrying…' } });
        }
        pending.clear();
        if (wasOpen) announce('closed');
        scheduleReconnect();
      };
      ws.onmessage = (message: MessageEvent<string>) => {
        const frame = JSON.parse(message.data) as { id?: number | null; result?: Result<unknown>; event?: string; payload?: unknown };
        if (typeof frame.id === 'number' && frame.result) {
          pending.get(frame.id)?.(frame.result);
          pending.delete(frame.id);
        } else if (typeof frame.event === 'string') {
          for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
        }
      };
    });
    opened.catch(() => {
      opened = null;
    });
    return opened;
  };

  return {
    kind: 'websocket',
    call: async (name, input) => {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'Cannot reach the Control Room core. Is `npm run serve` still running?' } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        ws.send(JSON.stringify({ id, call: name, input }));
      });
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => {
        set.delete(listener as (payload: unknown) => void);
        if (set.size === 0) listeners.delete(event);
      };
    },
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}

export function pickTransport(win: Window = window): Transport {
  if (win.controlRoom) return ipcTransport(win.controlRoom);
  const token = new URLSearchParams(win.location.hash.slice(1)).get('token') ?? '';
  const wsUrl = `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/contract`;
  return webSocketTransport(wsUrl, token);
}
