// `control-room demo --json` and `control-room demo replay`, run as a user would: the printed
// attacker credentials work with plain HTTP, and every replayed item reads back from its channel.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRestAPIClient } from 'masto';
import { TwitterApi } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCanarySince } from '../../electron/channels/email/read-canary';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import type { DemoInfo } from '../../electron/demo/newsroom';
import { incidentScript } from '../../electron/demo/incident-script';
import type { ReplayedItem } from '../../electron/demo/replay';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'control-room.mjs');
let dir: TempDir;
let demo: ChildProcess;
let info: DemoInfo;

beforeAll(async () => {
  dir = makeTempDir('demo-cli');
  demo = spawn(process.execPath, [bin, 'demo', '--json', '--data-dir', dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
  info = JSON.parse(await new Promise<string>((r) => createInterface({ input: demo.stdout! }).once('line', r))) as DemoInfo;
});
afterAll(async () => {
  const exited = new Promise((r) => demo.once('exit', r));
  demo.kill('SIGTERM');
  await exited;
  dir.remove();
});

describe('control-room demo', () => {
  it('prints the servers and the attacker credentials as JSON', () => {
    expect(info.x.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.website.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.x.attacker.accessToken).toBeTruthy();
    expect(info.website.attacker.applicationPassword).toMatch(/^(\w{4} ){5}\w{4}$/);
    expect(info.email.attacker.password).toBeTruthy();
  });

  it('a post made as the attacker with plain HTTP appears in the public read API', async () => {
    const res = await fetch(`${info.website.url}/wp-json/wp/v2/posts`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${info.website.attacker.username}:${info.website.attacker.applicationPassword}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: 'curl test', content: 'posted with plain HTTP', status: 'publish' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const list = (await (await fetch(`${info.website.url}/wp-json/wp/v2/posts`)).json()) as { id: number }[];
    expect(list.map((p) => p.id)).toContain(id);
  });

  it('replay runs to completion and every item reads back from its channel', { timeout: 60_000 }, async () => {
    const replay = spawn(process.execPath, [bin, 'demo', 'replay', '--speed', '1000', '--json', '--data-dir', dir.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    createInterface({ input: replay.stdout! }).on('line', (l) => lines.push(l));
    const code = await new Promise<number | null>((r) => replay.once('exit', r));
    expect(code).toBe(0);
    const posted = lines.map((l) => JSON.parse(l) as ReplayedItem);
    expect(posted).toHaveLength(incidentScript.length);

    const x = new TwitterApi({ ...info.x.attacker }, { plugins: [createXBaseUrlPlugin(info.x.url)] });
    const timeline = await x.v2.userTimeline(info.x.userId, { max_results: 100 });
    const tweetIds = new Set(timeline.tweets.map((t) => t.id));
    const webIds = new Set(((await (await fetch(`${info.website.url}/wp-json/wp/v2/posts?per_page=100`)).json()) as { id: number }[]).map((p) => String(p.id)));
    const mail = await readCanarySince({ host: info.email.imap.host, port: info.email.imap.port, user: info.email.canary.username, password: info.email.canary.password, security: 'none' }, 0);
    const messageIds = new Set(mail.messages.map((m) => /^Message-ID:\s*(<[^>]+>)/im.exec(m.source.toString('utf8'))?.[1]));

    const masto = createRestAPIClient({ url: info.mastodon.url, accessToken: info.mastodon.attacker.accessToken });
    const statusIds = new Set((await masto.v1.accounts.$select(info.mastodon.accountId).statuses.list({ limit: 40 })).map((st) => st.id));
    const bsky = (await (await fetch(`${info.bluesky.url}/xrpc/com.atproto.repo.listRecords?repo=${info.bluesky.did}&collection=app.bsky.feed.post&limit=100`)).json()) as { records: { uri: string }[] };
    const rkeys = new Set(bsky.records.map((r) => r.uri.slice(r.uri.lastIndexOf('/') + 1)));
    const idsOf = { x: tweetIds, website: webIds, email: messageIds, mastodon: statusIds, bluesky: rkeys } as const;
    expect(posted.filter((p) => p.channel === 'mastodon').length).toBeGreaterThan(0);
    expect(posted.filter((p) => p.channel === 'bluesky').length).toBeGreaterThan(0);
    const missing = posted.filter((p) => !idsOf[p.channel].has(p.id));
    expect(missing).toEqual([]);
  });
});
