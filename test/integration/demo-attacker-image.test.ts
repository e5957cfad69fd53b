// The July 2019 attacker can post images through every hijacked integration (each channel's own
// client library), and the bureau's adapters read them back with their bytes: what quarantine has
// to keep as evidence.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBlueskyAdapter } from '../../electron/channels/bluesky/adapter';
import { createEmailAdapter } from '../../electron/channels/email/adapter';
import { createMastodonAdapter } from '../../electron/channels/mastodon/adapter';
import type { ChannelAdapter, ObservedItem } from '../../electron/channels/types';
import { createWordPressAdapter } from '../../electron/channels/wordpress/adapter';
import { createXAdapter } from '../../electron/channels/x/adapter';
import { systemClock } from '../../electron/lib/clock';
import type { ReplayChannel } from '../../electron/demo/incident-script';
import { demoBlueskyServer, demoBulletinFrom, startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { attackerClients } from '../../electron/demo/replay';
import { makeImage, sha256 } from '../helpers/test-images';

let newsroom: DemoNewsroom;
beforeAll(async () => {
  newsroom = await startDemoNewsroom();
}, 30_000);
afterAll(async () => {
  await newsroom?.stop();
});

function bureauAdapter(channel: ReplayChannel): ChannelAdapter {
  const { x, website, email, mastodon } = newsroom;
  const bluesky = demoBlueskyServer(newsroom);
  const clock = systemClock;
  switch (channel) {
    case 'x':
      return createXAdapter({ credentials: { kind: 'oauth1', ...x.credentials.bureau.oauth1 }, baseUrl: x.url, clock });
    case 'website':
      return createWordPressAdapter({ siteUrl: website.url, ...website.credentials.bureau, clock });
    case 'email':
      return createEmailAdapter({
        smtp: { host: email.smtp.host, port: email.smtp.port, security: 'none', user: email.credentials.bureau.username, password: email.credentials.bureau.password },
        canary: { host: email.imap.host, port: email.imap.port, security: 'none', user: email.credentials.canary.username, password: email.credentials.canary.password },
        from: demoBulletinFrom,
        subscribers: email.subscribers,
        clock,
      });
    case 'mastodon':
      return createMastodonAdapter({ instanceUrl: mastodon.url, accessToken: mastodon.credentials.bureau.accessToken, clock });
    case 'bluesky':
      return createBlueskyAdapter({ handle: bluesky.account.handle, appPassword: bluesky.credentials.bureau.appPassword, pdsUrl: bluesky.url, clock });
  }
}

async function readUntil(adapter: ChannelAdapter, found: (i: ObservedItem) => boolean): Promise<ObservedItem | undefined> {
  for (let i = 0; i < 40; i++) {
    const item = (await adapter.readSince(null)).items.find(found);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

it.each<ReplayChannel>(['x', 'website', 'email', 'mastodon', 'bluesky'])('the attacker posts an image on %s; the bureau reads it back byte for byte', async (channel) => {
  const attacker = attackerClients(newsroom.info());
  const bytes = await makeImage('image/jpeg', 320, 200);
  const text = `look what we found on ${channel}`;
  await attacker.post({ channel, title: 'leak', text, images: [{ bytes, mime: 'image/jpeg', alt: 'a leaked memo' }] });
  attacker.close();
  const bureau = bureauAdapter(channel);
  const item = await readUntil(bureau, (i) => i.text.includes(text));
  expect(item?.media).toHaveLength(1);
  expect(item?.media?.[0]?.alt).toBe('a leaked memo');
  expect(sha256(await bureau.fetchMedia!(item!.media![0]!, 1_000_000))).toBe(sha256(bytes));
});
