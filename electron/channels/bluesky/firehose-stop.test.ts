import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { watchFirehose } from './firehose';

let wss: WebSocketServer | null = null;
afterEach(async () => {
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  wss = null;
});

describe('watchFirehose stopping', () => {
  it('returns when stopped while still signing in: no stream is opened, so the core can close', async () => {
    // A stream that accepts and never ends, like a quiet PDS.
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss!.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    let connections = 0;
    wss.on('connection', () => connections++);
    const abort = new AbortController();
    const host = async (): Promise<{ did: string; url: string }> => {
      abort.abort(); // the core closes while the sign-in is on its way
      return { did: 'did:plc:bureau', url };
    };
    await watchFirehose({ host, onChange: () => undefined, signal: abort.signal, sleep: async () => undefined });
    expect(connections).toBe(0);
  });
});
