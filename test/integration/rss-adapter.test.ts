// The RSS/Atom adapter against the demo website's real RSS feed (conditional GET included) and an
// Atom feed served by a loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRssAdapter } from '../../electron/channels/rss/adapter';
import { ChannelError } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { basicAuthorization, startDemoWordPressServer, type DemoWordPressServer } from '../../electron/demo/wordpress/server';

let wp: DemoWordPressServer;
beforeAll(async () => {
  wp = await startDemoWordPressServer();
});
afterAll(async () => {
  await wp.close();
});

async function post(title: string, content: string): Promise<number> {
  const res = await fetch(`${wp.url}/wp-json/wp/v2/posts`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(wp.credentials.compromised), 'content-type': 'application/json' },
    body: JSON.stringify({ title, content, status: 'publish' }),
  });
  return ((await res.json()) as { id: number }).id;
}

describe('RSS adapter on the demo website feed', () => {
  it('reads items as plain text, then answers 304 until something changes', async () => {
    await post('Free Digga D', '<p>test <script>alert(1)</script></p>');
    const rss = createRssAdapter({ url: wp.feedUrl, clock: systemClock });
    const first = await rss.readSince(null);
    const item = first.items.find((i) => i.text.startsWith('Free Digga D'));
    expect(item?.text).toBe('Free Digga D\ntest');
    expect(item?.url).toMatch(/^http:\/\/127\.0\.0\.1/);
    const again = await rss.readSince(first.cursor);
    expect(again.items).toEqual([]);
    expect(rss.conditionalHits()).toBe(1);
    // WordPress's feed validators have one-second granularity (its ETag is a hash of the last
    // modified time), so a post in the same second can hide behind a 304: the monitor's periodic
    // full read (cursor null, no validators) is what catches that case.
    await post('Same-second release', '<p>hidden</p>');
    const full = await rss.readSince(null);
    expect(full.items.map((i) => i.text)).toContain('Same-second release\nhidden');
    await new Promise((r) => setTimeout(r, 1100));
    await post('Second release', '<p>more</p>');
    const third = await rss.readSince(full.cursor);
    expect(third.items.map((i) => i.text)).toContain('Second release\nmore');
  });

  it('is read-only and says so', async () => {
    const rss = createRssAdapter({ url: wp.feedUrl, clock: systemClock });
    await expect(rss.publish({ title: 't', text: 't', html: null }, 'h')).rejects.toBeInstanceOf(ChannelError);
    expect(await rss.retract('x')).toMatchObject({ kind: 'impossible' });
  });
});

describe('RSS adapter on an Atom feed', () => {
  let server: Server;
  let url = '';
  const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title><id>urn:example</id><updated>2019-07-19T23:10:00Z</updated>
  <entry><id>urn:example:1</id><title type="html">Appeal &amp;amp; update</title>
    <link rel="alternate" href="https://news.example.org/1"/><published>2019-07-19T23:04:00Z</published>
    <content type="html">&lt;p&gt;Call &lt;b&gt;101&lt;/b&gt;&lt;/p&gt;</content></entry>
</feed>`;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/atom+xml', etag: '"v1"' }).end(atom);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/atom.xml`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('parses entries and honours ETag', async () => {
    const rss = createRssAdapter({ url, clock: systemClock });
    const r = await rss.readSince(null);
    expect(r.items).toEqual([
      expect.objectContaining({ channelItemId: 'urn:example:1', text: 'Appeal & update\nCall 101', url: 'https://news.example.org/1', publishedAt: '2019-07-19T23:04:00.000Z' }),
    ]);
    expect((await rss.readSince(r.cursor)).items).toEqual([]);
    expect(rss.conditionalHits()).toBe(1);
  });

  it('rejects something that is not a feed with a clear error', async () => {
    const rss = createRssAdapter({ url: `${url.replace('/atom.xml', '')}/`, clock: systemClock });
    server.removeAllListeners('request');
    server.on('request', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>'));
    await expect(rss.readSince(null)).rejects.toMatchObject({ failure: { kind: 'BAD_RESPONSE', message: expect.stringContaining('RSS or Atom') } });
  });
});
