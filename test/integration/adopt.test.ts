// A legitimate outside post (the duty officer tweeting from a phone) is flagged unverified like any
// other; a supervisor adopts it with a reason, it turns "adopted" on every screen, and the audit log
// says who vouched for it and why.
import { expect, it } from 'vitest';
import { demoChannelIds } from '../../electron/demo/plugin';
import { attackerClients } from '../../electron/demo/replay';
import { dataOf } from '../helpers/test-core';
import { demoCoreForFile } from '../helpers/demo-core-suite';
import { collect } from '../helpers/audit-test-kit';

const t = demoCoreForFile();

it('a supervisor adopts an outside post with a reason; it is audited', { timeout: 60_000 }, async () => {
  const outside = attackerClients(t.demo.newsroom()!.info());
  const id = await outside.post({ channel: 'x', text: 'Road open again on the A40 (posted from the phone app)' });
  outside.close();
  const seen: string[] = [];
  const off = t.core.events.subscribe((name, payload) => {
    if (name === 'feed.items') for (const i of (payload as { items: { itemId: string; provenance: string }[] }).items) if (i.itemId === id) seen.push(i.provenance);
  });
  for (let i = 0; i < 100 && !await t.core.monitorRepo.get(demoChannelIds.x, id); i++) await new Promise((r) => setTimeout(r, 100));
  expect((await t.core.monitorRepo.get(demoChannelIds.x, id))?.provenance).toBe('unverified');

  const input = { channelId: demoChannelIds.x, itemId: id, reason: 'duty officer, from the phone app' };
  expect(await t.core.dispatch('feed.adopt', input, await t.signedIn('operator'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const adopted = dataOf<{ provenance: string; matchedBy: string }>(await t.core.dispatch('feed.adopt', input, await t.signedIn('supervisor')));
  expect(adopted).toMatchObject({ provenance: 'adopted', matchedBy: 'adoption' });
  expect(seen).toEqual(['unverified', 'adopted']);
  expect(await t.core.dispatch('feed.adopt', input, await t.signedIn('supervisor'))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  off();

  const entries = await t.core.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).filter((e) => e.action === 'feed.adopt'));
  expect(entries.map((e) => [e.target, e.reason, (JSON.parse(e.details) as { outcome: string }).outcome])).toEqual([
    [demoChannelIds.x, 'duty officer, from the phone app', 'FORBIDDEN'],
    [demoChannelIds.x, 'duty officer, from the phone app', 'ok'],
    [demoChannelIds.x, 'duty officer, from the phone app', 'CONFLICT'],
  ]);
});
