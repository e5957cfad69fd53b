// The demo newsroom on the real Bluesky PDS (where it is installed): the Bluesky column says it is
// the real PDS, and an attacker's post there is read through the real repo event stream at once,
// with the poll an hour away, and flagged unverified.
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoChannelIds } from '../../electron/demo/plugin';
import { describeWithPeers } from '../helpers/peer-suite';
import { makeTestCore, type TestCore } from '../helpers/test-core';

describeWithPeers(['bluesky-pds'], 'the demo newsroom with the real Bluesky PDS', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await makeTestCore({ demo: true, blueskyPds: 'real-if-installed' });
    await t.core.settings.set('monitor.pollIntervalMs', String(60 * 60_000), new Date());
    await t.core.startChannels();
  }, 90_000);
  afterAll(() => t?.close());

  it('names the real PDS on the column and detects an attacker post through its stream', async () => {
    const newsroom = t.demo.newsroom()!;
    expect(newsroom.blueskyPds.kind).toBe('real');
    expect(newsroom.bluesky).toBeNull();
    const id = demoChannelIds.bluesky;
    expect(t.core.channels.list().find((c) => c.id === id)?.name).toBe(`Bluesky @${newsroom.blueskyPds.handle} (real PDS)`);
    await expect.poll(() => t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 20_000 }).not.toBeNull();
    const info = newsroom.info().bluesky;
    expect(info.pds).toBe('real');
    const attacker = new AtpAgent({ service: info.url });
    await attacker.login({ identifier: info.attacker.handle, password: info.attacker.appPassword });
    // Give the adapter's stream a moment to be subscribed before the post (the PDS has no replay before the first cursor).
    await new Promise((r) => setTimeout(r, 1000));
    const res = await attacker.com.atproto.repo.createRecord({ repo: info.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'FREE DIGGA D', createdAt: new Date().toISOString() } });
    const rkey = res.data.uri.split('/').pop()!;
    await expect.poll(async () => (await t.core.monitorRepo.get(id, rkey))?.provenance ?? null, { timeout: 15_000 }).toBe('unverified');
  });
});
