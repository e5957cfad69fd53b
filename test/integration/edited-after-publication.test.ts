// An attacker holding the website's credentials does not post: they edit an approved, verified post
// into abuse (same post id, new content). The next read notices: the post turns unverified and
// critical, says what it read before, and keeps that earlier content as a revision; an edit back to
// the approved content is verified again without an alarm; under a freeze the edited post is
// quarantined (evidence of the edited content, then unpublished). An adopted outside post edited
// afterwards alarms the same way and stands in the incident record at the edit's time; so does an
// approved Mastodon status edited in place and an approved Bluesky post rewritten with putRecord.
// Against the demo newsroom, through the contract.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { demoChannelIds } from '../../electron/demo/plugin';
import { attackerClients } from '../../electron/demo/replay';
import { contentHash, normaliseText } from '../../electron/core/provenance/normalise';
import { sha256Hex } from '../../electron/core/evidence/capture';
import { allChannels } from '../../electron/shared/all-channels';
import type { StoredItem } from '../../electron/store/records';
import { collect } from '../helpers/audit-test-kit';
import { publishThroughApp } from '../helpers/publish-through-app';
import { dataOf } from '../helpers/test-core';
import { demoCoreForFile } from '../helpers/demo-core-suite';
import { until } from '../helpers/until';

const t = demoCoreForFile();

const website = demoChannelIds.website;
const stored = async (id: string): Promise<StoredItem | null> => t.core.monitorRepo.get(website, id);

/** Every provenance the screens were told for this post, in order. */
function feedOf(id: string): { seen: string[]; off: () => void } {
  const seen: string[] = [];
  const off = t.core.events.subscribe((name, payload) => {
    if (name !== 'feed.items') return;
    for (const i of (payload as { items: { itemId: string; provenance: string; severity: string | null }[] }).items) {
      if (i.itemId === id) seen.push(`${i.provenance}/${i.severity ?? '-'}`);
    }
  });
  return { seen, off };
}

/** Publishes `text` through the app on a demo channel and waits until it reads back verified; its id. */
async function approvedAndRead(channelId: string, text: string, statementId: string): Promise<string> {
  await until('first reads', () => t.core.channels.list().every((c) => c.lastReadAt !== null));
  const { adapter } = t.core.channels.adapter(channelId);
  const { channelItemId } = await publishThroughApp(t.core.monitorRepo, channelId, adapter, { title: null, text, html: null }, statementId);
  await until('the approved item read back', async () => (await t.core.monitorRepo.get(channelId, channelItemId))?.provenance === 'verified');
  return channelItemId;
}

/** Waits until the item reads as unverified; the row then. */
const untilUnverified = (channelId: string, id: string): Promise<StoredItem> =>
  until('the edit noticed', async () => {
    const now = await t.core.monitorRepo.get(channelId, id);
    return now?.provenance === 'unverified' ? now : null;
  });

it('an approved post edited into abuse alarms, keeps what it said, and an edit back to the approved text is verified again', { timeout: 90_000 }, async () => {
  await until('first reads', () => t.core.channels.list().every((c) => c.lastReadAt !== null));
  const { adapter } = t.core.channels.adapter(website);
  const approved = { title: 'Road closure on the A40', text: '', html: '<p>The A40 is closed eastbound until 18:00 after a collision.</p>' };
  const published = await publishThroughApp(t.core.monitorRepo, website, adapter, approved, 'stmt-edit-1');
  const id = published.channelItemId;
  const first = await until('the approved post read back', async () => ((await stored(id))?.provenance === 'verified' ? stored(id) : null));
  expect(first).toMatchObject({ matchedBy: 'item-id', severity: null });

  const feed = feedOf(id);
  const attacker = attackerClients(t.demo.newsroom()!.info());
  try {
    await attacker.edit({ channel: 'website', id, text: 'Police are corrupt, trust nobody. Donate at https://scam.example/now' });
    const edited = await until('the edit noticed', async () => ((await stored(id))?.provenance === 'unverified' ? stored(id) : null));
    expect(edited).toMatchObject({ severity: 'critical', matchedBy: null, status: 'live' });
    expect(edited?.text).toContain('Police are corrupt');
    expect(edited?.signals[0]?.kind).toBe('edited-after-publication');
    expect(edited?.signals[0]?.detail).toContain('verified publication');
    expect(edited?.signals[0]?.detail).toContain('The A40 is closed eastbound');
    // The content it had is kept, never overwritten.
    expect(await t.core.monitorRepo.revisions(website, id)).toEqual([
      expect.objectContaining({ text: first?.text, contentHash: first?.contentHash, provenance: 'verified', matchedBy: 'item-id' }),
    ]);
    await until('the screens told', () => feed.seen.includes('unverified/critical'));

    // The bureau puts the approved text back: what was approved for this post, so no alarm.
    await attacker.edit({ channel: 'website', id, html: approved.html, text: '' });
    const restored = await until('the revert read', async () => ((await stored(id))?.provenance === 'verified' ? stored(id) : null));
    expect(restored).toMatchObject({ matchedBy: 'item-id', severity: null, signals: [], contentHash: first?.contentHash });
    expect((await t.core.monitorRepo.revisions(website, id)).map((r) => r.provenance)).toEqual(['verified', 'unverified']);
    await until('the screens told', () => feed.seen.at(-1) === 'verified/-');
    expect(feed.seen).toEqual(['unverified/critical', 'verified/-']);
  } finally {
    feed.off();
    attacker.close();
  }
});

it('an approved Mastodon status edited (PUT /api/v1/statuses/:id) alarms, keeps what it said, and "retract everything unverified since" the edit takes it back', { timeout: 90_000 }, async () => {
  const channelId = demoChannelIds.mastodon;
  const approved = { text: 'Appeal: have you seen this van? Call 101 quoting ref 1907.' };
  const id = await approvedAndRead(channelId, approved.text, 'stmt-edit-3');

  const attacker = attackerClients(t.demo.newsroom()!.info());
  try {
    const since = new Date().toISOString();
    await attacker.edit({ channel: 'mastodon', id, text: 'Appeal cancelled. The police cannot be trusted.' });
    const edited = await untilUnverified(channelId, id);
    expect(edited).toMatchObject({ severity: 'critical', text: 'Appeal cancelled. The police cannot be trusted.' });
    expect(edited.signals[0]).toMatchObject({ kind: 'edited-after-publication', detail: expect.stringContaining('Appeal: have you seen this van?') });
    expect((await t.core.monitorRepo.revisions(channelId, id)).map((r) => [r.provenance, r.text])).toEqual([['verified', approved.text]]);

    // First seen before the attack, edited during it: "everything unverified since" takes it back.
    const sup = await t.signedIn('supervisor');
    const asked = dataOf<{ jobs: { itemId: string }[] }>(await t.core.dispatch('control.retractUnverifiedSince', { since, channelIds: [channelId] }, sup));
    expect(asked.jobs.map((j) => j.itemId)).toEqual([id]);
    await until('the edited status deleted', () => t.demo.newsroom()!.mastodon.instance.deletedIds().includes(id));
  } finally {
    attacker.close();
  }
});

it('an approved Bluesky post rewritten in place (com.atproto.repo.putRecord on its rkey) alarms and keeps what it said', { timeout: 90_000 }, async () => {
  const channelId = demoChannelIds.bluesky;
  const approved = { text: 'Flooding on the B4009: use the A34 instead. Updates https://met.example/b4009' };
  const id = await approvedAndRead(channelId, approved.text, 'stmt-edit-bsky');

  const attacker = attackerClients(t.demo.newsroom()!.info());
  try {
    // The push of the update commit wakes a full read, which sees the record's new text.
    await attacker.edit({ channel: 'bluesky', id, text: 'Roads are fine. The police are lying to you: https://scam.example/b4009' });
    const edited = await untilUnverified(channelId, id);
    expect(edited).toMatchObject({ severity: 'critical', status: 'live', text: 'Roads are fine. The police are lying to you: https://scam.example/b4009' });
    expect(edited.signals[0]).toMatchObject({ kind: 'edited-after-publication', detail: expect.stringContaining('Flooding on the B4009') });
    expect((await t.core.monitorRepo.revisions(channelId, id)).map((r) => [r.provenance, r.text])).toEqual([['verified', approved.text]]);
  } finally {
    attacker.close();
  }
});

it('an adopted outside post edited afterwards alarms; under a freeze the edit is quarantined with evidence of what it says now', { timeout: 90_000 }, async () => {
  await until('first reads', () => t.core.channels.list().every((c) => c.lastReadAt !== null));
  const newsroom = t.demo.newsroom()!;
  const attacker = attackerClients(newsroom.info());
  try {
    const id = await attacker.post({ channel: 'website', title: 'Lost dog found', text: 'A black labrador was found near the station.' });
    await until('the outside post read', async () => (await stored(id))?.provenance === 'unverified');
    const sup = await t.signedIn('supervisor');
    dataOf(await t.core.dispatch('feed.adopt', { channelId: website, itemId: id, reason: 'press officer, from the phone' }, sup));
    expect((await stored(id))?.provenance).toBe('adopted');

    dataOf(await t.core.dispatch('control.freeze', { scope: allChannels, reason: 'website hijacked' }, await t.signedIn('operator')));
    const abuse = 'This force is a joke. Leaked names at https://leak.example/names';
    await attacker.edit({ channel: 'website', id, title: 'Leak', text: abuse });

    await until('the edited post unpublished', () => newsroom.website.posts().find((p) => String(p.id) === id)?.status === 'draft', 30_000);
    const item = await stored(id);
    expect(item).toMatchObject({ provenance: 'unverified', severity: 'critical' });
    expect(item?.signals[0]?.detail).toContain('adopted item');
    const captures = await t.core.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).filter((e) => e.action === 'quarantine.capture' && e.target === `${website}:${id}`));
    expect(captures).toHaveLength(1);
    // The evidence is of the edited post as it read when captured, not of what was adopted.
    expect((JSON.parse(captures[0]!.details) as { textSha256: string }).textSha256).toBe(sha256Hex(normaliseText(item!.text)));
    expect(item?.contentHash).toBe(contentHash(`Leak\n${abuse}`));
    const revisions = await t.core.monitorRepo.revisions(website, id);
    expect(revisions.map((r) => [r.provenance, r.text])).toEqual([['adopted', 'Lost dog found\nA black labrador was found near the station.']]);

    // The incident record has it at the edit's time, saying it was edited, after the freeze.
    const editedAt = revisions[0]!.replacedAt;
    const timeline = dataOf<{ entries: { at: string; what: string; detail: string }[] }>(await t.core.dispatch('incident.timeline', {}, sup));
    const entry = timeline.entries.find((e) => e.detail.startsWith(`${id} `));
    expect(entry).toEqual({ at: editedAt, what: expect.stringMatching(/unverified/), who: website, detail: `${id} (edited after publication at ${editedAt}; first seen ${item!.firstSeenAt}): Leak\n${abuse}` });
    const whats = timeline.entries.map((e) => e.what);
    expect(whats.lastIndexOf('Freeze')).toBeLessThan(timeline.entries.indexOf(entry!));
    const bundle = dataOf<{ dir: string }>(await t.core.dispatch('evidence.export', {}, sup));
    expect(readFileSync(join(bundle.dir, 'report.html'), 'utf8')).toContain(`edited after publication at ${editedAt}`);
  } finally {
    attacker.close();
  }
});
