// Quarantine latency: everything frozen, an attacker item accepted by a demo server -> evidence
// captured by the core (quarantine.captured for that item) -> gone from the channel: deleted at
// the X server (its own delete hook), unpublished on the website (the retraction's 'retracted'
// event, then checked against the server's post status). Email cannot be taken back: only its
// capture is timed.
import { attackerClients } from '../../../electron/demo/replay';
import type { ReplayChannel } from '../../../electron/demo/incident-script';
import { startBenchCore } from '../core-fixture';
import { channelOfKey, demoChannels, itemKey } from '../item-keys';
import { quarantineListener } from '../listeners';
import { watchAcceptances, watchXDeletions } from '../newsroom-probe';
import { samplesRow, type Budget, type Row } from '../report';
import { createStageSampler } from '../stage-sampler';
import { seededRandom, sleep, waitFor } from '../timing';
import { allChannels } from '../../../electron/shared/all-channels';

const quarantineStages = ['captured', 'retracted', 'impossible'] as const;

export interface QuarantineOptions {
  readonly posts: Readonly<Record<'x' | 'website' | 'email', number>>;
  readonly meanGapMs: number;
  readonly seed: number;
}

export async function benchQuarantine(o: QuarantineOptions, log: (line: string) => void): Promise<Row[]> {
  const bench = await startBenchCore({ startChannels: true });
  const newsroom = bench.demo.newsroom()!;
  const sampler = createStageSampler(quarantineStages);
  const offs: (() => void)[] = [];
  const clients = attackerClients(newsroom.info());
  try {
    offs.push(watchAcceptances(newsroom, (a) => a.who === 'attacker' && sampler.start(a.key, a.at)));
    offs.push(watchXDeletions(newsroom, (key, at) => sampler.observe('retracted', key, at)));
    offs.push(bench.core.events.subscribe(quarantineListener(sampler)));
    const op = await bench.signedIn('operator');
    const frozen = await bench.core.dispatch('control.freeze', { scope: allChannels, reason: 'bench: quarantine' }, op);
    if (!frozen.ok) throw new Error(`freeze failed: ${frozen.error.message}`);

    const rnd = seededRandom(o.seed);
    const plan: ReplayChannel[] = [];
    // Interleaved, so every channel's queue sees the same pace.
    for (let i = 0; i < Math.max(o.posts.x, o.posts.website, o.posts.email); i++) {
      for (const c of ['x', 'website', 'email'] as const) if (i < o.posts[c]) plan.push(c);
    }
    const nonce = Math.floor(rnd() * 1e9).toString(36);
    for (const [i, channel] of plan.entries()) {
      try {
        await clients.post({ channel, text: `Quarantine ${nonce} #${i}: hacked by nobody`, title: `Quarantine ${nonce} #${i}` });
      } catch (err) {
        log(`quarantine: attacker post ${i} on ${channel} failed: ${(err as Error).message}`);
      }
      await sleep(rnd() * 2 * o.meanGapMs);
    }
    const done = (): boolean =>
      sampler.missing('captured').length === 0 &&
      sampler.missing('retracted').every((k) => channelOfKey(k) === demoChannels.email) &&
      sampler.missing('impossible').every((k) => channelOfKey(k) !== demoChannels.email);
    await waitFor('every quarantined item captured and retracted', done, 30_000).catch(() => undefined);

    // The website's 'retracted' came from the app; the server must agree, or the sample goes.
    const webDown = new Set(newsroom.website.posts().filter((p) => p.status !== 'publish').map((p) => itemKey(demoChannels.website, String(p.id))));
    const retracted = sampler.pairs('retracted').filter((p) => channelOfKey(p.key) !== demoChannels.website || webDown.has(p.key));
    const disagreed = sampler.pairs('retracted').length - retracted.length;
    const confirmed = new Set(retracted.map((p) => p.key));
    const of = (c: string) => retracted.filter((p) => channelOfKey(p.key) === c).map((p) => p.ms);
    const budget: Budget = { stat: 'p50', op: '<=', limit: 2000 };
    const missing = sampler.missing('captured').length;
    log(`quarantine: ${plan.length} attacker posts while frozen, ${sampler.started()} accepted, ${sampler.durations('captured').length} captured, ${retracted.length} retracted at the server` +
      `${disagreed ? `, ${disagreed} website 'retracted' events the server did not confirm (dropped)` : ''}`);
    return [
      samplesRow('quarantine.retracted', 'quarantine (poll 1000 ms): accepted -> evidence captured and retracted at the server, X + website', 'ms', retracted.map((p) => p.ms), {
        budget,
        note: `X: the X server's delete hook; website: the unpublish answer, confirmed by the server's post status.${missing ? ` ${missing} items never captured.` : ''}`,
      }),
      samplesRow('quarantine.retracted.X', 'quarantine: accepted -> deleted at the X server', 'ms', of(demoChannels.x), { budget }),
      samplesRow('quarantine.retracted.website', 'quarantine: accepted -> unpublished on the website', 'ms', of(demoChannels.website), { budget }),
      samplesRow('quarantine.captured', 'quarantine: accepted -> evidence captured (quarantine.captured), all channels', 'ms', sampler.durations('captured')),
      samplesRow('quarantine.capturedToRetracted', 'quarantine breakdown: captured -> retracted (X + website)', 'ms', sampler.pairs('retracted', 'captured').filter((p) => confirmed.has(p.key)).map((p) => p.ms)),
      samplesRow('quarantine.email', 'quarantine: accepted -> email marked impossible to retract (correction offered)', 'ms', sampler.durations('impossible'), { note: 'A delivered email cannot be taken back; the row records that it was captured and flagged.' }),
    ];
  } finally {
    offs.forEach((off) => off());
    clients.close();
    await bench.close();
    if (bench.problems.length) log(`quarantine: the core logged ${bench.problems.length} problem(s): ${bench.problems.slice(0, 5).join(' | ')}`);
  }
}
