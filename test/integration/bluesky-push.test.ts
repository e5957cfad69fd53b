// Push on the demo PDS, end to end: the adapter's stream resumes from its cursor after the PDS
// drops it, and in a running core a post is read long before the next poll would have come.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtpAgent } from '@atproto/api';
import { createBlueskyAdapter } from '../../electron/channels/bluesky/adapter';
import { startDemoBlueskyServer, type DemoBlueskyServer } from '../../electron/demo/bluesky/server';
import { demoChannelIds } from '../../electron/demo/plugin';
import { demoBlueskyServer } from '../../electron/demo/newsroom';
import { systemClock } from '../../electron/lib/clock';
import { makeTestCore, type TestCore } from '../helpers/test-core';

const post = (agent: AtpAgent, did: string, text: string) => agent.com.atproto.repo.createRecord({ repo: did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() } });

describe('the Bluesky stream after the PDS drops it', () => {
  let pds: DemoBlueskyServer;
  beforeAll(async () => {
    pds = await startDemoBlueskyServer();
  });
  afterAll(() => pds?.close());

  it('reconnects with the kept cursor, is told of what was posted meanwhile, and reads once to fill the gap', async () => {
    const other = new AtpAgent({ service: pds.url });
    await other.login({ identifier: pds.account.handle, password: pds.credentials.compromised.appPassword });
    const adapter = createBlueskyAdapter({ handle: pds.account.handle, appPassword: pds.credentials.bureau.appPassword, pdsUrl: pds.url, clock: systemClock });
    const abort = new AbortController();
    let changes = 0;
    const watching = adapter.watch!(() => changes++, abort.signal);
    await expect.poll(async () => pds.subscriptions().length).toBe(1);
    await post(other, pds.account.did, 'before the drop');
    await expect.poll(async () => changes).toBe(1);

    pds.setStreaming(false);
    await post(other, pds.account.did, 'while the stream is down');
    await new Promise((r) => setTimeout(r, 300));
    pds.setStreaming(true);
    // Resumed after the last event seen (seq 1): the missed commit (seq 2) is replayed, and the
    // reconnect itself asks for one read.
    await expect.poll(async () => pds.subscriptions().at(-1), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => changes, { timeout: 10_000 }).toBe(3);
    abort.abort();
    await watching;
  });
});

describe('a running core with the demo newsroom', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await makeTestCore({ demo: true });
    // A poll an hour away: only the push can bring the post in while this test waits.
    await t.core.settings.set('monitor.pollIntervalMs', String(60 * 60_000), new Date());
    await t.core.startChannels();
  }, 60_000);
  afterAll(() => t?.close());

  it('reads a Bluesky post as soon as the PDS announces it, without waiting for the poll', async () => {
    const id = demoChannelIds.bluesky;
    await expect.poll(async () => t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 10_000 }).not.toBeNull();
    const pds = demoBlueskyServer(t.demo.newsroom()!);
    await expect.poll(async () => pds.subscriptions().length, { timeout: 10_000 }).toBeGreaterThan(0);
    const attacker = new AtpAgent({ service: pds.url });
    await attacker.login({ identifier: pds.account.handle, password: pds.credentials.compromised.appPassword });
    const rkey = (await post(attacker, pds.account.did, 'FREE DIGGA D')).data.uri.split('/').pop()!;
    await expect.poll(async () => (await t.core.monitorRepo.get(id, rkey))?.provenance ?? null, { timeout: 10_000 }).toBe('unverified');
  });
});
