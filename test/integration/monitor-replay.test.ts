// The July 2019 replay against a running monitor on the demo newsroom: every attacker item is
// flagged unverified on the right channel, and every item published through the app stays
// verified. Both sets are asserted exactly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app';
import { createDemoPlugin, demoChannelIds } from '../../electron/demo/plugin';
import { createLogger } from '../../electron/lib/log';
import { incidentScript } from '../../electron/demo/incident-script';
import { runReplay, type ReplayedItem } from '../../electron/demo/replay';
import { publishThroughApp } from '../helpers/publish-through-app';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

let dir: TempDir;
let core: Core;
const demo = createDemoPlugin();
beforeAll(async () => {
  dir = makeTempDir('monitor-replay');
  core = await createCore({ dataDir: dir.path, mode: 'cli', logger: createLogger({ quiet: true }), plugin: demo });
  await core.settings.set('monitor.pollIntervalMs', '250', new Date());
  await core.startChannels();
});
afterAll(async () => {
  await core.close();
  dir.remove();
});

const channelOf = { x: demoChannelIds.x, website: demoChannelIds.website, email: demoChannelIds.email, mastodon: demoChannelIds.mastodon, bluesky: demoChannelIds.bluesky } as const;

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('flags exactly the attacker items, and keeps exactly the app items verified', { timeout: 90_000 }, async () => {
  const ids = Object.values(channelOf);
  await until('the first read of every channel', async () => core.channels.list().every((c) => c.lastReadAt !== null));

  const ours: { channelId: string; itemId: string | null; text: string }[] = [];
  const statement = {
    x: { title: null, text: 'Our account was accessed without authorisation. Please ignore posts since 23:04.', html: null },
    website: { title: 'Statement on unauthorised access', text: '', html: '<p>Our account was accessed without authorisation.</p>' },
    email: { title: 'Statement on unauthorised access', text: 'Our account was accessed without authorisation.', html: null },
    mastodon: { title: null, text: 'Our account was accessed without authorisation. Please ignore posts since 23:04.', html: null },
    bluesky: { title: null, text: 'Our account was accessed without authorisation. Please ignore posts since 23:04. https://met.example/statement', html: null },
  };
  for (const [key, variant] of Object.entries(statement) as [keyof typeof statement, (typeof statement)[keyof typeof statement]][]) {
    const { adapter } = core.channels.adapter(channelOf[key]);
    const r = await publishThroughApp(core.monitorRepo, channelOf[key], adapter, variant, 'stmt-1');
    ours.push({ channelId: channelOf[key], itemId: r.readBack === 'item-id' ? r.channelItemId : null, text: adapter.renderedText(variant) });
  }

  const newsroom = demo.newsroom();
  if (!newsroom) throw new Error('demo newsroom not running');
  const attacker: ReplayedItem[] = await runReplay(newsroom.info(), { speed: 2000 });
  expect(attacker).toHaveLength(incidentScript.length);

  const all = async () => (await Promise.all(ids.map((id) => core.monitorRepo.list(id, 1000)))).flat();
  await until('every item to be read back', async () => (await all()).length >= attacker.length + ours.length);
  const items = await all();

  // Identity as the attacker knows it: tweet id, post id, or the bulletin's Message-ID.
  const identity = (i: (typeof items)[number]): string =>
    `${i.channelId}|${i.channelId === channelOf.email ? (JSON.parse(i.raw) as { messageId: string }).messageId : i.itemId}`;
  const unverified = items.filter((i) => i.provenance === 'unverified').map(identity).sort();
  const expectedUnverified = attacker.map((a) => `${channelOf[a.channel]}|${a.id}`).sort();
  expect(unverified).toEqual(expectedUnverified);

  const verified = items.filter((i) => i.provenance === 'verified').map((i) => `${i.channelId}|${i.text}`).sort();
  expect(verified).toEqual(ours.map((o) => `${o.channelId}|${o.text}`).sort());
  // A polled channel reads our item after the send answered, so the ledger knows its id. A pushing
  // channel (Mastodon, Bluesky) can hand the item over before the answer reaches the app: then it is
  // matched to the still-open ledger entry by its content, and that entry is bound to the same id.
  const pushing = new Set<string>([channelOf.mastodon, channelOf.bluesky]);
  for (const o of ours.filter((o) => o.itemId !== null)) {
    const matchedBy = items.find((i) => i.channelId === o.channelId && i.itemId === o.itemId)?.matchedBy;
    if (pushing.has(o.channelId)) expect(['item-id', 'content-hash']).toContain(matchedBy);
    else expect(matchedBy).toBe('item-id');
    expect(await core.monitorRepo.hasItem(o.channelId, o.itemId!)).toBe(true);
  }
  expect(items.filter((i) => i.provenance === 'unverified').every((i) => i.severity !== null)).toBe(true);
});
