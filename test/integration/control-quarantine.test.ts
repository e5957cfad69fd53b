// Quarantine with a running monitor: after a freeze, everything the attacker posts through the
// compromised integrations is captured as evidence and retracted automatically; the evidence row
// exists before the server deletes the item, and the bureau's own statement stays up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../electron/channels/types';
import type { Monitor } from '../../electron/core/monitor/monitor';
import type { DemoChannels } from '../helpers/control-demo';
import type { ControlHarness } from '../helpers/control-harness';
import { startMonitoredControl, type MonitoredControl } from '../helpers/control-monitored';
import { allChannels } from '../../electron/shared/all-channels';
import { operator, supervisor } from '../helpers/control-test-kit';

let m: MonitoredControl;
let demo: DemoChannels;
let h: ControlHarness;
let monitor: Monitor;
let adapters: Map<string, ChannelAdapter>;

beforeAll(async () => {
  m = await startMonitoredControl('control-quarantine', 100);
  ({ demo, h, monitor, adapters } = m);
});

afterAll(async () => {
  await m?.close();
});

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('quarantine', () => {
  it('captures evidence, then retracts every attacker item while frozen; the statement stays', async () => {
    for (const id of adapters.keys()) await monitor.pollOnce(id);
    const channels = [...adapters.keys()];
    const statement = await h.service.outbox.fanOut({
      statementId: 'before-freeze', approvers: ['sup-2'], actor: supervisor,
      variants: Object.fromEntries(channels.map((c) => [c, { title: c === 'x' ? null : 'Service update', text: 'Service update: all stations open as normal.', html: c === 'website' ? '<p>All stations open as normal.</p>' : null }])),
    });
    const ourTweet = statement.find((r) => r.channelId === 'x')!.itemId!;

    const deletions: { id: string; deletedAt: number; evidenceCapturedAt: string | null }[] = [];
    const evidenceAt = (channel: string, itemId: string): string | null => {
      const row = h.opened.db.prepare('SELECT captured_at FROM evidence WHERE channel_id = ? AND item_id = ?').get(channel, itemId) as { captured_at: string } | undefined;
      return row?.captured_at ?? null;
    };
    // Read the database at the instant the server deletes: the evidence must already be committed.
    demo.x.onDeleted((e) => deletions.push({ id: e.id, deletedAt: e.deletedAt.getTime(), evidenceCapturedAt: evidenceAt('x', e.id) }));
    const acceptedAt = new Map<string, number>();
    demo.x.onAccepted((e) => acceptedAt.set(e.id, e.acceptedAt.getTime()));

    monitor.subscribe(h.service.quarantine.listener);
    monitor.start();
    await h.service.freeze.freeze({ scope: allChannels, reason: 'Attacker posting through the newsroom tool', actor: operator });

    const attackTweets: string[] = [];
    for (const text of ['test', 'F*** the police <script>alert(1)</script>', 'Free all prisoners now']) {
      attackTweets.push(await demo.attackX(`${text} ${Date.now()}`));
      await new Promise((r) => setTimeout(r, 150));
    }
    await demo.attackEmail('test', 'Ignore this department');
    const attackPost = demo.wp ? await demo.attackWebsite('F*** the police', '<p>Abuse</p>') : null;

    await until('attacker tweets deleted', async () => attackTweets.every((id) => demo.x.deletedIds().includes(id)));
    await until('email item judged', async () => (await h.control.retractionsIn(['impossible'])).some((r) => r.channelId === 'email'));
    if (attackPost) await until('attacker post unpublished', async () => demo.wp!.posts().find((p) => String(p.id) === attackPost)?.status === 'draft');
    await monitor.stop();

    // Evidence first, as the server saw it.
    expect(deletions.map((d) => d.id).sort()).toEqual([...attackTweets].sort());
    for (const d of deletions) {
      expect(d.evidenceCapturedAt).not.toBeNull();
      expect(Date.parse(d.evidenceCapturedAt!)).toBeLessThanOrEqual(d.deletedAt);
    }
    if (attackPost) {
      const post = demo.wp!.posts().find((p) => String(p.id) === attackPost)!;
      expect(Date.parse(evidenceAt('website', attackPost)!)).toBeLessThanOrEqual(post.modifiedMs + 999);
    }
    const latencies = deletions.map((d) => d.deletedAt - acceptedAt.get(d.id)!).sort((a, b) => a - b);
    console.log(`[control-quarantine] attacker tweet live -> deleted: ${latencies.join(', ')} ms (p50 ${latencies[1]} ms, budget 2000 ms)`);

    // The bureau's own statement, published before the freeze, is untouched.
    expect(demo.x.tweets().some((t) => t.id === ourTweet)).toBe(true);
    expect(await h.ledger.get('x', ourTweet)).toMatchObject({ provenance: 'verified', status: 'live' });
    const emailJob = (await h.control.retractionsIn(['impossible'])).find((r) => r.channelId === 'email')!;
    expect(emailJob).toMatchObject({ origin: 'quarantine', requestedBy: 'system', correctionOffered: true });
    expect((await h.ledger.get('email', emailJob.itemId))?.status).toBe('impossible');
    for (const id of attackTweets) expect(await h.ledger.get('x', id)).toMatchObject({ provenance: 'unverified', status: 'retracted' });

    const events = h.recorder.events;
    expect(events.filter((e) => e.name === 'quarantine.captured')).toHaveLength(attackTweets.length + 1 + (attackPost ? 1 : 0));
    const captures = (await h.actions()).filter((a) => a === 'quarantine.capture').length;
    expect(captures).toBe(attackTweets.length + 1 + (attackPost ? 1 : 0));

    // The incident ends with the bureau's statement; its bundle has every step on the timeline,
    // attacker text escaped, and no credential anywhere.
    await h.service.freeze.unfreeze({ scope: allChannels, actor: supervisor });
    await h.service.outbox.fanOut({ statementId: 'holding', approvers: ['sup-2'], actor: supervisor, variants: { x: { title: null, text: 'Our account was misused tonight. The posts were not ours and have been removed.', html: null } } });
    const out = join(m.dir, 'bundle');
    const bundle = await h.service.exportEvidenceBundle({ incidentId: 1 }, out, supervisor);
    expect(bundle.evidenceCount).toBe(captures);
    const secrets = [
      demo.config.x.appKey, demo.config.x.appSecret, demo.config.x.accessToken, demo.config.x.accessSecret,
      ...Object.values(demo.x.credentials.compromised.oauth1), demo.config.email.smtp.password, demo.config.email.canary.password,
      demo.email.credentials.compromised.password, ...(demo.config.website ? [demo.config.website.applicationPassword] : []),
    ];
    expect(readdirSync(out).sort()).toEqual(['audit.json', 'evidence.json', 'manifest.json', 'report.html']);
    for (const name of readdirSync(out)) {
      const text = readFileSync(join(out, name), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${name} must not hold a credential`).toBe(false);
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Here the freeze came first (pre-emptive); the attacker's items follow it.
    const order = ['Freeze', 'First unverified item', 'Alert raised', 'Quarantine: evidence captured', 'Retraction', 'Unfreeze', 'Statement published'].map((step) => html.indexOf(`<td>${step}</td>`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  }, 60_000);
});
