// Detection on the pushing channels, push vs poll side by side, per channel: attacker posts on the
// demo Bluesky PDS (accepted = the PDS created the record) and on the demo Mastodon instance
// (accepted = the instance created the status) -> stored and classified unverified by the core.
// Once with push on (Bluesky's repo event stream, Mastodon's streaming API `user` stream: the
// monitor reads as soon as the item is announced), once with the stream refused (push lost:
// polling alone), at the same poll interval.
import { attackerClients } from '../../../electron/demo/replay';
import { startBenchCore } from '../core-fixture';
import { demoChannels } from '../item-keys';
import { feedItemsListener } from '../listeners';
import { watchAcceptances } from '../newsroom-probe';
import { samplesRow, type Row } from '../report';
import { createStageSampler } from '../stage-sampler';
import { seededRandom, sleep, waitFor } from '../timing';
import { demoBlueskyServer } from '../../../electron/demo/newsroom';

export interface PushOptions {
  readonly pollIntervalMs: number;
  readonly posts: number;
  readonly meanGapMs: number;
  readonly seed: number;
}

export type PushChannel = 'bluesky' | 'mastodon';
const pushNames: Record<PushChannel, { name: string; stream: string }> = {
  bluesky: { name: 'Bluesky', stream: 'subscribeRepos announces the commit' },
  mastodon: { name: 'Mastodon', stream: "the streaming API's user stream announces the status" },
};

async function pass(channel: PushChannel, o: PushOptions, push: boolean, log: (line: string) => void): Promise<number[]> {
  const bench = await startBenchCore({ startChannels: true, pollIntervalMs: o.pollIntervalMs, mode: 'cli' });
  const newsroom = bench.demo.newsroom()!;
  const channelId = demoChannels[channel];
  const sampler = createStageSampler(['stored'] as const);
  const clients = attackerClients(newsroom.info());
  const offs = [
    watchAcceptances(newsroom, (a) => a.channelId === channelId && a.who === 'attacker' && sampler.start(a.key, a.at)),
    bench.core.events.subscribe(feedItemsListener(sampler, 'stored')),
  ];
  try {
    if (!push) {
      if (channel === 'bluesky') demoBlueskyServer(newsroom).setStreaming(false);
      else newsroom.mastodon.setStreaming(false);
    }
    // Let the adapter's stream connect (or find it refused) before the first post.
    await sleep(500);
    const rnd = seededRandom(o.seed);
    for (let i = 0; i < o.posts; i++) {
      await clients.post({ channel, text: `Bench ${o.seed} ${push ? 'push' : 'poll'} #${i}: f*** the police` }).catch((err: Error) => log(`push bench (${channel}): post ${i} failed: ${err.message}`));
      await sleep(rnd() * 2 * o.meanGapMs);
    }
    await waitFor(`every ${channel} attacker post stored`, () => sampler.missing('stored').length === 0, 20_000).catch(() => undefined);
    return sampler.durations('stored');
  } finally {
    offs.forEach((off) => off());
    clients.close();
    await bench.close();
  }
}

export async function benchPush(channel: PushChannel, o: PushOptions, log: (line: string) => void): Promise<Row[]> {
  const pushed = await pass(channel, o, true, log);
  const polled = await pass(channel, o, false, log);
  const { name, stream } = pushNames[channel];
  const id = `detection.${channel}.${o.pollIntervalMs}`;
  log(`push bench, ${name} (poll ${o.pollIntervalMs} ms): ${pushed.length} pushed and ${polled.length} polled items measured of ${o.posts} each`);
  return [
    samplesRow(`${id}.push`, `detection, ${name} with push (poll ${o.pollIntervalMs} ms underneath): accepted -> stored unverified`, 'ms', pushed, {
      budget: { stat: 'p50', op: '<=', limit: 300 },
      note: `${stream}; the monitor reads at once (a full read, at least 200 ms after the previous one and within the read budget). Core only: the on-screen rows are in the detection benchmark.`,
    }),
    samplesRow(`${id}.poll`, `detection, ${name} polling only (stream refused; poll ${o.pollIntervalMs} ms): accepted -> stored unverified`, 'ms', polled, { note: 'The same posts with the stream refused: what push saves.' }),
  ];
}
