// The leak test: connect channels with known secret values through the real transport, publish,
// retract and export, then look for those values everywhere they must never be: the database
// file and its WAL, the log, the exported evidence, and every frame sent to the screen.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import { startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { startBrowserHost, tokenProtocolPrefix, type BrowserHost } from '../../electron/host/browser-host';
import { startPrivateSecretService, type PrivateSecretService } from '../helpers/secret-service';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { allChannels } from '../../electron/shared/all-channels';
import { describeWithPeers } from '../helpers/peer-suite';

describeWithPeers(['secret-service'], 'secret leak (private Secret Service)', () => {
  let ss: PrivateSecretService;
  let restoreEnv = (): void => undefined;
  let newsroom: DemoNewsroom;
  let t: TestCore;
  let host: BrowserHost;
  const framesToScreen: string[] = [];

  beforeAll(async () => {
    ss = await startPrivateSecretService({ unlocked: true });
    restoreEnv = ss.useInThisProcess();
    newsroom = await startDemoNewsroom();
    t = await makeTestCore({ demo: false });
    const renderer = join(t.dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    host = await startBrowserHost({ core: t.core, rendererDir: renderer });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await t?.close();
    await newsroom?.stop();
    restoreEnv();
    await ss?.stop();
  });

  /** A screen: a WebSocket connection that records every frame the core sends it. */
  async function screen(): Promise<(call: string, input: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>> {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/contract`, [`${tokenProtocolPrefix}${host.token}`], { headers: { origin: host.origin } });
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    let next = 1;
    const waiting = new Map<number, (v: unknown) => void>();
    ws.on('message', (data) => {
      const text = String(data);
      framesToScreen.push(text);
      const frame = JSON.parse(text) as { id?: number; result?: unknown };
      if (typeof frame.id === 'number') waiting.get(frame.id)?.(frame.result);
    });
    return (call, input) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve as (v: unknown) => void);
        ws.send(JSON.stringify({ id, call, input }));
      });
  }

  async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function filesUnder(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
  }

  it('no secret reaches the database, the WAL, the log, an export or the screen', { timeout: 120_000 }, async () => {
    const { x, website, email, mastodon } = newsroom;
    const secrets = {
      'X app secret': x.credentials.bureau.oauth1.appSecret,
      'X access token': x.credentials.bureau.oauth1.accessToken,
      'X access secret': x.credentials.bureau.oauth1.accessSecret,
      'WordPress application password': website.credentials.bureau.applicationPassword,
      'WordPress application password (no spaces)': website.credentials.bureau.applicationPassword.replace(/\s/g, ''),
      'SMTP password': email.credentials.bureau.password,
      'canary password': email.credentials.canary.password,
      'Mastodon access token': mastodon.credentials.bureau.accessToken,
      'Mastodon client secret': mastodon.credentials.bureau.clientSecret,
    };

    const admin = await screen();
    const sup = await screen();
    const op = await screen();
    expect(await admin('accounts.signIn', { username: 'ada', passphrase: t.passphrase('admin') })).toMatchObject({ ok: true });
    expect(await sup('accounts.signIn', { username: 'sam', passphrase: t.passphrase('supervisor') })).toMatchObject({ ok: true });
    expect(await op('accounts.signIn', { username: 'olu', passphrase: t.passphrase('operator') })).toMatchObject({ ok: true });

    const ids: Record<string, string> = {};
    for (const [key, channel] of Object.entries({
      x: { kind: 'x', name: 'X', apiBaseUrl: x.url, auth: { type: 'oauth1', ...x.credentials.bureau.oauth1 } },
      web: { kind: 'wordpress', name: 'Website', siteUrl: website.url, username: website.credentials.bureau.username, applicationPassword: website.credentials.bureau.applicationPassword },
      mail: {
        kind: 'email',
        name: 'Bulletin',
        smtp: { host: email.smtp.host, port: email.smtp.port, security: 'none', user: email.credentials.bureau.username, password: email.credentials.bureau.password },
        canary: { host: email.imap.host, port: email.imap.port, security: 'none', user: email.credentials.canary.username, password: email.credentials.canary.password },
        from: 'press@newsroom.example',
        to: [...email.subscribers],
      },
      masto: { kind: 'mastodon', name: 'Mastodon', instanceUrl: mastodon.url, ...mastodon.credentials.bureau },
    })) {
      const r = await admin('channels.connect', { channel });
      expect(r, key).toMatchObject({ ok: true });
      ids[key] = (r.data as { id: string }).id;
    }
    await until('first reads', async () => t.core.channels.list().every((c) => c.lastReadAt !== null));

    // Publish: draft by the operator, approved by the supervisor, fanned out.
    const draft = await op('statements.save', {
      title: 'Road closure',
      canonicalText: 'The A40 is closed.',
      variants: { x: { text: 'The A40 is closed.' }, website: { title: 'Road closure', html: '<p>The A40 is closed.</p>' }, email: { subject: 'Road closure', text: 'The A40 is closed.', html: '' }, mastodon: { text: 'The A40 is closed.' } },
    });
    const statement = (draft.data as { statement: { id: string; contentHash: string } }).statement;
    expect(await op('statements.submit', { id: statement.id })).toMatchObject({ ok: true });
    const submitted = (await sup('statements.get', { id: statement.id })).data as { statement: { contentHash: string } };
    expect(await sup('statements.approve', { id: statement.id, contentHash: submitted.statement.contentHash })).toMatchObject({ ok: true });
    expect(await sup('statements.publish', { id: statement.id, channelIds: Object.values(ids) })).toMatchObject({ ok: true });

    // The attacker posts; the operator freezes; the supervisor retracts; an export is made.
    const attacker = new TwitterApi(x.credentials.compromised.oauth1, { plugins: [createXBaseUrlPlugin(x.url)] });
    await attacker.v2.tweet('F*** the police');
    await until('the attacker tweet seen', async () => (await t.core.monitorRepo.list(ids['x']!, 50)).some((i) => i.provenance === 'unverified'));
    expect(await op('control.freeze', { scope: allChannels, reason: 'leak test' })).toMatchObject({ ok: true });
    expect(await sup('control.retractUnverifiedSince', { since: '2000-01-01T00:00:00Z', channelIds: Object.values(ids) })).toMatchObject({ ok: true });
    await until('retracted', async () => (await t.core.monitorRepo.list(ids['x']!, 50)).every((i) => i.provenance !== 'unverified' || i.status === 'retracted'));
    const exported = await sup('evidence.export', {});
    expect(exported).toMatchObject({ ok: true });
    const bundleDir = (exported.data as { dir: string }).dir;

    // Now look everywhere.
    const places: Record<string, string> = {
      'the database file': readFileSync(join(t.dir, 'control-room.db')).toString('latin1'),
      'the WAL': (() => {
        try {
          return readFileSync(join(t.dir, 'control-room.db-wal')).toString('latin1');
        } catch {
          return '';
        }
      })(),
      'the log': (() => {
        try {
          return readFileSync(join(t.dir, 'control-room.log'), 'utf8');
        } catch {
          return '';
        }
      })(),
      'the exported evidence': filesUnder(bundleDir).map((f) => readFileSync(f, 'utf8')).join('\n'),
      'frames sent to the screen': framesToScreen.join('\n'),
    };
    expect(framesToScreen.length).toBeGreaterThan(20);
    expect(places['the exported evidence']).toContain('F*** the police');
    const leaks: string[] = [];
    for (const [place, content] of Object.entries(places)) {
      for (const [what, value] of Object.entries(secrets)) if (content.includes(value)) leaks.push(`${what} in ${place}`);
    }
    expect(leaks).toEqual([]);
  });
});
