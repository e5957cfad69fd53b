// One function per contract call and one subscription helper, built from the contract's names.
// The preload forwards only: validation happens in main.
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../shared/contract';
import type { Result } from '../shared/result';

export type ControlRoomApi = {
  readonly [N in CallName]: (input: CallInput<N>) => Promise<Result<CallOutput<N>>>;
} & {
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export interface IpcLike {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): void;
}

export function buildApi(
  ipc: IpcLike,
  names: readonly CallName[],
  channelOf: (name: CallName) => string,
  eventChannel: string,
): ControlRoomApi {
  const api: Record<string, unknown> = {};
  for (const name of names) {
    api[name] = (input: unknown) => ipc.invoke(channelOf(name), input);
  }
  api['on'] = (event: EventName, listener: (payload: unknown) => void) => {
    const wrapped = (_e: unknown, message: unknown): void => {
      const m = message as { event?: unknown; payload?: unknown } | null;
      if (m && m.event === event) listener(m.payload);
    };
    ipc.on(eventChannel, wrapped);
    return () => ipc.removeListener(eventChannel, wrapped);
  };
  return Object.freeze(api) as ControlRoomApi;
}
