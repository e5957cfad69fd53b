// The browser-mode host with a real WebSocket client: the token and Origin guards, frame limits,
// and the static files it serves with their CSP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../../electron/core/app';
import { createLogger, type Logger } from '../../electron/lib/log';
import { maxFrameBytes, startBrowserHost, tokenProtocolPrefix, type BrowserHost } from '../../electron/host/browser-host';
import { latestSchemaVersion } from '../../electron/store/migrations';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

let dir: TempDir;
let core: Core;
let host: BrowserHost;
const warnings: string[] = [];

beforeAll(async () => {
  dir = makeTempDir('host');
  const renderer = join(dir.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer folder');
  const base = createLogger({ quiet: true });
  const logger: Logger = { ...base, warn: (m) => warnings.push(m) };
  core = await createCore({ dataDir: join(dir.path, 'data'), mode: 'browser', logger });
  host = await startBrowserHost({ core, rendererDir: renderer });
});
afterAll(async () => {
  await host.close();
  await core.close();
  dir.remove();
});

interface Opened {
  ws: WebSocket;
  next(): Promise<unknown>;
}

function connect(options: { token?: string | null; origin?: string | null }): Promise<Opened> {
  const token = options.token === undefined ? host.token : options.token;
  const origin = options.origin === undefined ? host.origin : options.origin;
  const headers: Record<string, string> = origin === null ? {} : { origin };
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/contract`, token === null ? [] : [`${tokenProtocolPrefix}${token}`], { headers });
  const queue: unknown[] = [];
  const waiters: ((v: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg: unknown = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({ ws, next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))) }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('browser host WebSocket', () => {
  it('answers contract calls with the right token and origin', async () => {
    const { ws, next } = await connect({});
    ws.send(JSON.stringify({ id: 1, call: 'app.status', input: {} }));
    expect(await next()).toMatchObject({ id: 1, result: { ok: true, data: { mode: 'browser', schemaVersion: latestSchemaVersion } } });
    ws.close();
  });

  it.each([
    ['a missing token', { token: null }, 'HTTP 401', 'no token'],
    ['a wrong token', { token: 'not-the-token' }, 'HTTP 401', 'wrong token'],
    ['a foreign origin', { origin: 'https://evil.example' }, 'HTTP 403', 'foreign origin'],
    ['no origin at all', { origin: null }, 'HTTP 403', 'foreign origin'],
  ] as const)('refuses %s and logs why', async (_what, options, status, reason) => {
    await expect(connect(options)).rejects.toThrow(status);
    expect(warnings.some((w) => w.includes(reason))).toBe(true);
  });

  it('refuses a malformed frame with BAD_INPUT and keeps serving', async () => {
    const { ws, next } = await connect({});
    ws.send('{not json');
    expect(await next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    ws.send(JSON.stringify({ id: 2, call: 'app.status' , input: {}, extra: true }));
    expect(await next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    ws.send(JSON.stringify({ id: 3, call: 'app.status', input: {} }));
    expect(await next()).toMatchObject({ id: 3, result: { ok: true } });
    expect(warnings.some((w) => w.includes('malformed frame'))).toBe(true);
    ws.close();
  });

  it('closes the connection on an oversized frame (1009) and logs it', async () => {
    const { ws } = await connect({});
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(maxFrameBytes + 1));
    expect(await closed).toBe(1009);
    await expect.poll(async () => warnings.some((w) => /Max payload size exceeded/i.test(w))).toBe(true);
  });

  it('takes an image upload past 1 MiB (media.add only), and still closes on any other large frame', async () => {
    const { ws, next } = await connect({});
    const dataBase64 = 'A'.repeat(2 * maxFrameBytes);
    ws.send(JSON.stringify({ id: 7, call: 'media.add', input: { fileName: 'big.png', mime: 'image/png', dataBase64 } }));
    // Parsed and dispatched: refused for what it is (nobody signed in), not for its size.
    expect(await next()).toMatchObject({ id: 7, result: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 8, call: 'app.status', input: { padding: dataBase64 } }));
    expect(await closed).toBe(1009);
  });

  it('pushes core events to connected clients', async () => {
    const { next } = await connect({});
    core.events.emit('app.heartbeat', { at: '2019-07-19T23:04:00.000Z' });
    expect(await next()).toEqual({ event: 'app.heartbeat', payload: { at: '2019-07-19T23:04:00.000Z' } });
  });

  it('sends feed events only to a signed-in connection', async () => {
    const { ws, next } = await connect({});
    const feed = { channelId: 'demo-x', items: [] };
    core.events.emit('feed.items', feed);
    core.events.emit('app.heartbeat', { at: 'marker-1' });
    // The heartbeat arrives and the feed event before it did not.
    expect(await next()).toEqual({ event: 'app.heartbeat', payload: { at: 'marker-1' } });

    await core.accounts.createFirstAdmin({ username: 'ada', displayName: 'Ada', passphrase: 'quiet lantern river 1919 first' });
    ws.send(JSON.stringify({ id: 9, call: 'accounts.signIn', input: { username: 'ada', passphrase: 'quiet lantern river 1919 first' } }));
    expect(await next()).toMatchObject({ id: 9, result: { ok: true } });
    core.events.emit('feed.items', feed);
    expect(await next()).toEqual({ event: 'feed.items', payload: feed });
    ws.close();
  });
});

describe('browser host static files', () => {
  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ${host.url.replace('http', 'ws')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const res = await fetch(`${host.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('outside the renderer');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${host.url}/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
