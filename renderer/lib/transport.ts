// How the screen reaches the core: the preload's IPC API inside the desktop app, else the
// browser-mode WebSocket. Picked once at start; everything above sees one interface.
import type { ControlRoomApi } from '../../electron/preload/api';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../electron/shared/contract';
import type { Result } from '../../electron/shared/result';

export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
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
  };
}

const tokenProtocolPrefix = 'control-room.token.';

/** Reconnects by itself; calls made while disconnected wait for the connection (up to a limit). */
export function webSocketTransport(url: string, token: string): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url, [`${tokenProtocolPrefix}${token}`]);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('cannot reach the Control Room core'));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const [, settle] of pending) {
          settle({ ok: false, error: { code: 'UNAVAILABLE', message: 'Lost the connection to the Control Room core. Retrying…' } });
        }
        pending.clear();
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
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

export function pickTransport(win: Window = window): Transport {
  if (win.controlRoom) return ipcTransport(win.controlRoom);
  const token = new URLSearchParams(win.location.hash.slice(1)).get('token') ?? '';
  const wsUrl = `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/contract`;
  return webSocketTransport(wsUrl, token);
}
