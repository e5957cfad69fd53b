// Detection on a pushing channel, push vs poll side by side: attacker posts on the demo Bluesky
// PDS (accepted = the PDS created the record) -> stored and classified unverified by the core.
// Once with the repo event stream on (the monitor reads as soon as a commit is announced), once
// with the stream refused (push lost: polling alone), at the same poll interval.
import { attackerClients } from '../../../electron/demo/replay';
import { demoChannelIds as pluginChannels } from '../../../electron/demo/plugin';
import { demoBlueskyServer } from '../../../electron/demo/newsroom';
import { startBenchCore } from '../core-fixture';
import { itemKey } from '../item-keys';
import { feedItemsListener } from '../listeners';
import { samplesRow, type Row } from '../report';
import { createStageSampler } from '../stage-sampler';
import { now, seededRandom, sleep, waitFor } from '../timing';

export interface PushOptions {
  readonly pollIntervalMs: number;
  readonly posts: number;
  readonly meanGapMs: number;
  readonly seed: number;
}

async function pass(o: PushOptions, push: boolean, log: (line: string) => void): Promise<number[]> {
  const bench = await startBenchCore({ startChannels: true, pollIntervalMs: o.pollIntervalMs, mode: 'cli' });
  const newsroom = bench.demo.newsroom()!;
  const channelId = pluginChannels.bluesky;
  const sampler = createStageSampler(['stored'] as const);
  const clients = attackerClients(newsroom.info());
  const offs = [
    demoBlueskyServer(newsroom).repo.onCreated((e) => e.by === 'Scheduler' && sampler.start(itemKey(channelId, e.rkey), now())),
    bench.core.events.subscribe(feedItemsListener(sampler, 'stored')),
  ];
  try {
    if (!push) demoBlueskyServer(newsroom).setStreaming(false);
    // Let the adapter's stream connect (or find it refused) before the first post.
    await sleep(500);
    const rnd = seededRandom(o.seed);
    for (let i = 0; i < o.posts; i++) {
      await clients.post({ channel: 'bluesky', text: `Bench ${o.seed} ${push ? 'push' : 'poll'} #${i}: f*** the police` }).catch((err: Error) => log(`push bench: post ${i} failed: ${err.message}`));
      await sleep(rnd() * 2 * o.meanGapMs);
    }
    await waitFor('every Bluesky attacker post stored', () => sampler.missing('stored').length === 0, 20_000).catch(() => undefined);
    return sampler.durations('stored');
  } finally {
    offs.forEach((off) => off());
    clients.close();
    await bench.close();
  }
}

export async function benchPush(o: PushOptions, log: (line: string) => void): Promise<Row[]> {
  const pushed = await pass(o, true, log);
  const polled = await pass(o, false, log);
  const id = `detection.bluesky.${o.pollIntervalMs}`;
  log(`push bench (poll ${o.pollIntervalMs} ms): ${pushed.length} pushed and ${polled.length} polled items measured of ${o.posts} each`);
  return [
    samplesRow(`${id}.push`, `detection, Bluesky with push (poll ${o.pollIntervalMs} ms underneath): accepted -> stored unverified`, 'ms', pushed, {
      budget: { stat: 'p50', op: '<=', limit: 300 },
      note: 'subscribeRepos announces the commit; the monitor reads at once (full read, at least 200 ms after the previous read). Core only: the screen adds the push + render of the detection rows.',
    }),
    samplesRow(`${id}.poll`, `detection, Bluesky polling only (stream refused; poll ${o.pollIntervalMs} ms): accepted -> stored unverified`, 'ms', polled, { note: 'The same posts with the repo event stream refused by the PDS: what push saves.' }),
  ];
}
