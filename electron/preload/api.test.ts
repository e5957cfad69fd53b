import { describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel, ipcEventChannel } from '../shared/contract';
import { buildApi, type IpcLike } from './api';

function fakeIpc() {
  const listeners = new Set<(e: unknown, m: unknown) => void>();
  const ipc: IpcLike = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
    on: (_c, l) => listeners.add(l),
    removeListener: (_c, l) => listeners.delete(l),
  };
  return { ipc, push: (m: unknown) => listeners.forEach((l) => l({}, m)), count: () => listeners.size };
}

describe('preload api', () => {
  it('exposes exactly one function per contract call, forwarding to its channel', async () => {
    const { ipc } = fakeIpc();
    const api = buildApi(ipc, callNames, ipcChannel, ipcEventChannel);
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    await expect(api['app.status']({})).resolves.toEqual({ ok: true, data: { channel: 'cr:call:app.status', input: {} } });
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('subscriptions deliver only their event and unsubscribe cleanly', () => {
    const { ipc, push, count } = fakeIpc();
    const api = buildApi(ipc, callNames, ipcChannel, ipcEventChannel);
    const seen: unknown[] = [];
    const off = api.on('app.heartbeat', (p) => seen.push(p));
    push({ event: 'settings.changed', payload: { key: 'demo.enabled', value: 'true' } });
    push({ event: 'app.heartbeat', payload: { at: 'now' } });
    off();
    push({ event: 'app.heartbeat', payload: { at: 'later' } });
    expect(seen).toEqual([{ at: 'now' }]);
    expect(count()).toBe(0);
  });
});
