// The worst ten minutes through the contract, against the demo newsroom: the replay starts, the
// first attacker item is flagged, an operator freezes everything, later attacker items are
// quarantined (evidence, then retracted), a supervisor retracts everything unverified since the
// start, and a pre-approved holding statement goes out through the freeze to every channel,
// where it reads back verified. Checked at the channel servers, not only in the app.
import { expect, it } from 'vitest';
import { demoChannelIds } from '../../electron/demo/plugin';
import { demoBlueskyServer } from '../../electron/demo/newsroom';
import { runReplay } from '../../electron/demo/replay';
import { demoCoreForFile } from '../helpers/demo-core-suite';
import { until } from '../helpers/until';
import { allChannels } from '../../electron/shared/all-channels';

const t = demoCoreForFile();

const channels = Object.values(demoChannelIds);

it('freeze, quarantine, retract, holding statement', { timeout: 120_000 }, async () => {
  const newsroom = t.demo.newsroom()!;
  const op = await t.signedIn('operator');
  const sup = await t.signedIn('supervisor');
  await until('first reads', async () => t.core.channels.list().every((c) => c.lastReadAt !== null));
  const start = new Date().toISOString();

  // The attack starts; the first unverified item appears.
  const replay = runReplay(newsroom.info(), { speed: 100 });
  const first = await until('the first unverified item', async () => (await Promise.all(channels.map((id) => t.core.monitorRepo.list(id, 50)))).flat().find((i) => i.provenance === 'unverified'));
  expect(first.severity).not.toBeNull();

  // One person, one click.
  const frozen = await t.core.dispatch('control.freeze', { scope: allChannels, reason: '' }, op);
  expect(frozen).toMatchObject({ ok: true, data: { frozen: [expect.objectContaining({ scope: allChannels })] } });
  const frozenAt = new Date().toISOString();
  const posted = await replay;

  // Everything the attacker posted after the freeze is taken back without anyone asking.
  const afterFreeze = posted.filter((p) => p.postedAt > frozenAt);
  expect(afterFreeze.length).toBeGreaterThan(5);
  const lateTweets = afterFreeze.filter((p) => p.channel === 'x').map((p) => p.id);
  await until('quarantine on X', async () => lateTweets.every((id) => newsroom.x.deletedIds().includes(id)), 60_000);

  // The supervisor takes back everything unverified since the start.
  const since = await t.core.dispatch('control.retractUnverifiedSince', { since: start, channelIds: channels }, sup);
  expect(since.ok).toBe(true);
  await until('every attacker tweet gone', async () => posted.filter((p) => p.channel === 'x').every((p) => newsroom.x.deletedIds().includes(p.id)), 120_000);
  await until('every attacker web post unpublished', async () => {
    const webIds = new Set(posted.filter((p) => p.channel === 'website').map((p) => Number(p.id)));
    return newsroom.website.posts().filter((p) => webIds.has(p.id)).every((p) => p.status !== 'publish');
  });
  await until('every attacker Mastodon status deleted', async () => posted.filter((p) => p.channel === 'mastodon').every((p) => newsroom.mastodon.instance.deletedIds().includes(p.id)));
  const attackerSkeets = posted.filter((p) => p.channel === 'bluesky').map((p) => p.id);
  expect(attackerSkeets.length).toBeGreaterThan(0);
  await until('every attacker Bluesky post deleted', async () => attackerSkeets.every((rkey) => demoBlueskyServer(newsroom).repo.get(newsroom.blueskyPds.did, rkey) === null));
  const emailItems = await until('email items settled', async () => {
    const items = (await t.core.monitorRepo.list(demoChannelIds.email, 100)).filter((i) => i.provenance === 'unverified');
    return items.length > 0 && items.every((i) => i.status === 'impossible') ? items : null;
  });
  expect(emailItems[0]?.statusDetail).toMatch(/cannot be taken back/);

  // A pre-approved holding statement, by one supervisor, through the freeze, everywhere at once.
  const templates = await t.core.dispatch('templates.list', {}, sup);
  if (!templates.ok) throw new Error(templates.error.message);
  const holding = (templates.data as { id: string; preApproved: boolean; placeholders: string[] }[]).find((x) => x.preApproved);
  expect(holding).toBeDefined();
  const values = Object.fromEntries(holding!.placeholders.map((p) => [p, p === 'time' ? '23:04' : p === 'date' ? '19 July' : 'X, our website and email']));
  const published = await t.core.dispatch('templates.breakGlass', { id: holding!.id, reason: 'account compromised', values, channelIds: channels, throughFreeze: true }, sup);
  expect(published).toMatchObject({ ok: true });
  if (!published.ok) return;
  expect((published.data as { status: string }[]).map((r) => r.status)).toEqual(channels.map(() => 'sent'));

  // It reads back verified on every channel, while the channels stay frozen.
  await until('the statement verified on every channel', async () =>
    (await Promise.all(channels.map((id) => t.core.monitorRepo.list(id, 200)))).every((items) => items.some((i) => i.provenance === 'verified' && i.status === 'live')),
  60_000);
  const state = await t.core.dispatch('control.state', {}, op);
  expect(state).toMatchObject({ ok: true, data: { frozen: [expect.objectContaining({ scope: allChannels })] } });

  // No verified item was touched, at the servers.
  const verifiedTweets = (await t.core.monitorRepo.list(demoChannelIds.x, 200)).filter((i) => i.provenance === 'verified').map((i) => i.itemId);
  expect(verifiedTweets.every((id) => !newsroom.x.deletedIds().includes(id))).toBe(true);

  // The timeline tells the story in order, and the audit log behind it verifies.
  const timeline = await t.core.dispatch('incident.timeline', {}, op);
  if (!timeline.ok) throw new Error(timeline.error.message);
  const whats = (timeline.data as { entries: { what: string }[] }).entries.map((e) => e.what);
  const order = ['First unverified item', 'Alert raised', 'Freeze', 'Quarantine: evidence captured', 'Retraction requested', 'Statement published'].map((w) => whats.indexOf(w));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect(order.slice(0, 3)).toEqual([...order.slice(0, 3)].sort((a, b) => a - b));
  expect(await t.core.dispatch('audit.verify', {}, sup)).toMatchObject({ ok: true, data: { ok: true, firstBadSeq: null } });
  const entries = await t.core.dispatch('audit.list', { limit: 5 }, sup);
  expect(entries).toMatchObject({ ok: true });
  if (entries.ok) expect((entries.data as { seq: number }[]).map((e) => e.seq)).toEqual([...(entries.data as { seq: number }[]).map((e) => e.seq)].sort((a, b) => b - a));
  expect(await t.core.dispatch('audit.list', {}, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
