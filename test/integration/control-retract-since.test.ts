// "Retract every unverified item since T" on a mix of the bureau's own statements (verified) and
// the attacker's posts: every unverified item is retracted (X, website) or honestly impossible
// (email, with a correction offered); nothing verified is touched, as the servers show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../electron/channels/types';
import type { Monitor } from '../../electron/core/monitor/monitor';
import type { DemoChannels } from '../helpers/control-demo';
import type { ControlHarness } from '../helpers/control-harness';
import { startMonitoredControl, type MonitoredControl } from '../helpers/control-monitored';
import { supervisor } from '../helpers/control-test-kit';

let m: MonitoredControl;
let demo: DemoChannels;
let h: ControlHarness;
let monitor: Monitor;
let adapters: Map<string, ChannelAdapter>;

beforeAll(async () => {
  m = await startMonitoredControl('control-retract', 1000);
  ({ demo, h, monitor, adapters } = m);
});

afterAll(async () => {
  await m?.close();
});

async function observeAll(expected: number): Promise<void> {
  const channels = [...adapters.keys()];
  for (let i = 0; i < 40; i++) {
    for (const c of channels) await monitor.pollOnce(c);
    let seen = 0;
    for (const c of channels) seen += (await h.ledger.list(c, 100)).length;
    if (seen >= expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the monitor did not observe every item');
}

describe('retract unverified since T', () => {
  it('takes back every unverified item and leaves every verified one', async () => {
    for (const c of adapters.keys()) await monitor.pollOnce(c);
    const since = new Date().toISOString();
    const channels = [...adapters.keys()];
    const ours: { channelId: string; itemId: string | null }[] = [];
    for (const n of [1, 2]) {
      const rows = await h.service.outbox.fanOut({
        statementId: `statement-${n}`, approvers: ['sup-2'], actor: supervisor,
        variants: Object.fromEntries(channels.map((c) => [c, { title: c === 'x' ? null : `Update ${n}`, text: `Update ${n}: roads reopened.`, html: c === 'website' ? `<p>Roads reopened (${n}).</p>` : null }])),
      });
      ours.push(...rows.map((r) => ({ channelId: r.channelId, itemId: r.itemId })));
    }
    const attackTweets = [await demo.attackX(`test ${Date.now()}`), await demo.attackX(`Abuse one ${Date.now()}`), await demo.attackX(`Abuse two ${Date.now()}`)];
    await demo.attackEmail('test', 'Fake bulletin one');
    await demo.attackEmail('URGENT', 'Fake bulletin two');
    const attackPost = demo.wp ? await demo.attackWebsite('Fake news', '<p>Fake</p>') : null;
    const total = 2 * channels.length + 3 + 2 + (attackPost ? 1 : 0);
    await observeAll(total);

    const unverified = await h.ledger.unverifiedSince(channels, since);
    expect(unverified).toHaveLength(3 + 2 + (attackPost ? 1 : 0));
    const result = await h.service.retraction.retractUnverifiedSince(since, channels, supervisor);
    expect(result.jobs).toHaveLength(unverified.length);
    await h.service.retraction.idle();

    // X: the attacker's tweets are gone at the server, the bureau's are still there.
    const live = demo.x.tweets().map((t) => t.id);
    for (const id of attackTweets) expect(live).not.toContain(id);
    for (const o of ours.filter((o) => o.channelId === 'x')) expect(live).toContain(o.itemId);
    if (demo.wp && attackPost) {
      const posts = demo.wp.posts();
      expect(posts.find((p) => String(p.id) === attackPost)?.status).toBe('draft');
      for (const o of ours.filter((o) => o.channelId === 'website')) expect(posts.find((p) => String(p.id) === o.itemId)?.status).toBe('publish');
    }
    // Email: delivered, so impossible; honest about it, with a correction offered.
    const emailItems = await h.ledger.list('email', 100);
    expect(emailItems.filter((i) => i.provenance === 'unverified').map((i) => i.status)).toEqual(['impossible', 'impossible']);
    expect(emailItems.filter((i) => i.provenance === 'verified').map((i) => i.status)).toEqual(['live', 'live']);
    const finals = h.recorder.events
      .filter((e) => e.name === 'retraction.progress')
      .map((e) => e.payload as { channelId: string; state: string; correctionOffered: boolean })
      .filter((p) => !['queued', 'retracting', 'waiting'].includes(p.state));
    expect(finals.filter((p) => p.channelId === 'email')).toEqual([expect.objectContaining({ state: 'impossible', correctionOffered: true }), expect.objectContaining({ state: 'impossible', correctionOffered: true })]);
    expect(finals.filter((p) => p.channelId !== 'email').every((p) => p.state === 'retracted')).toBe(true);
    // Every verified item is as it was.
    for (const c of channels) for (const i of (await h.ledger.list(c, 100)).filter((i) => i.provenance === 'verified')) expect(i.status).toBe('live');
    const actions = await h.actions();
    expect(actions.filter((a) => a === 'retract.request')).toHaveLength(1);
    expect(actions.filter((a) => a === 'retract.result')).toHaveLength(unverified.length);
    expect(await h.control.evidenceBetween(since, new Date().toISOString())).toHaveLength(unverified.length);
  }, 60_000);
});
