import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredItem } from '../../store/records';
import { makeTempDir, type TempDir } from '../../../test/helpers/audit-test-kit';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { registerSecretForRedaction } from '../../lib/log';
import { contentHash } from '../provenance/normalise';
import { checkEvidence, evidenceFromItem, sha256Hex } from './capture';
import { escapeHtml } from './report-html';
import { allChannels } from '../../shared/all-channels';

let kit: ControlKit | null = null;
let dir: TempDir | null = null;
afterEach(async () => {
  kit?.opened.close();
  dir?.remove();
  kit = null;
  dir = null;
});

const item = (text: string, raw: unknown, itemId = '42'): StoredItem => ({
  channelId: 'x', itemId, firstSeenAt: '2019-07-19T21:58:00.000Z', publishedAt: null, text, html: null, url: null, raw: JSON.stringify(raw), contentHash: contentHash(text),
  provenance: 'unverified', matchedBy: null, severity: 'critical', signals: [], status: 'live', statusDetail: null,
});

describe('evidence records', () => {
  it('hash the raw payload and the normalised text (which is the content hash)', async () => {
    const i = item('  F*** the\u200B POLICE ', { id: '42', text: 'F*** the POLICE' });
    const e = evidenceFromItem(i, { capturedAt: 'now', capturedBy: 'system', reason: 'quarantine', incidentId: null });
    expect(e.normalisedText).toBe('f*** the police');
    expect(e.rawSha256).toBe(sha256Hex(i.raw));
    expect(e.textSha256).toBe(i.contentHash);
    expect(checkEvidence(e)).toEqual([]);
    expect(checkEvidence({ ...e, raw: e.raw.replace('42', '43') })).toEqual(['raw payload does not match raw_sha256']);
  });

  it('are append-only in the database', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    const stored = await kit.control.insertEvidence(evidenceFromItem(item('a', { a: 1 }), { capturedAt: 'now', capturedBy: 'system', reason: 'retract', incidentId: null }));
    expect(() => kit!.opened.db.exec(`UPDATE evidence SET text = 'b' WHERE id = ${stored.id}`)).toThrow(/append-only/);
    expect(() => kit!.opened.db.exec(`DELETE FROM evidence WHERE id = ${stored.id}`)).toThrow(/append-only/);
    // The same capture twice is one record.
    expect((await kit.control.insertEvidence(evidenceFromItem(item('a', { a: 1 }), { capturedAt: 'later', capturedBy: 'sup-1', reason: 'retract', incidentId: null }))).id).toBe(stored.id);
  });
});

describe('evidence bundle export', () => {
  it('writes evidence, audit extract, an escaped HTML report and a manifest of hashes, with no secrets', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const secret = 'sk-live-SUPERSECRET-token-value';
    registerSecretForRedaction(secret);
    const attack = '<script>alert(1)</script> & "quotes" test';
    const id = x.post(attack);
    await kit.ledger.insertNew([{ ...item(attack, { id, text: attack, access_token: secret, note: `leaked ${secret}` }, id), firstSeenAt: kit.clock.now().toISOString() }]);
    kit.clock.advance(30_000);
    await kit.service.freeze.freeze({ scope: allChannels, reason: 'hijack <b>now</b>', actor: operator });
    kit.clock.advance(1_000);
    await kit.service.retraction.retract([{ channelId: 'x', itemId: id }], supervisor);
    await kit.service.retraction.idle();
    await kit.service.freeze.unfreeze({ scope: allChannels, actor: supervisor });
    await kit.service.outbox.fanOut({ statementId: 'holding', approvers: ['sup-2'], variants: { x: { title: null, text: 'Our account was misused; the posts were not ours.', html: null } }, actor: supervisor });
    dir = makeTempDir();
    const out = join(dir.dir, 'bundle');
    const bundle = await kit.service.exportEvidenceBundle({ incidentId: 1 }, out, supervisor);
    expect(bundle.from).toBe('2019-07-19T22:00:00.000Z');
    expect(bundle.files.map((f) => f.name)).toEqual(['evidence.json', 'audit.json', 'report.html', 'manifest.json']);
    for (const f of bundle.files) {
      const data = readFileSync(join(out, f.name));
      expect(sha256Hex(data)).toBe(f.sha256);
      expect(data.toString('utf8')).not.toContain(secret);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.name)).toEqual(['evidence.json', 'audit.json', 'report.html']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(attack));
    expect(html).toContain('hijack &lt;b&gt;now&lt;/b&gt;');
    const order = ['First unverified item', 'Alert raised', 'Freeze', 'Retraction requested', 'Retraction', 'Unfreeze', 'Statement published'].map((step) => html.indexOf(`<td>${step}</td>`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const evidence = JSON.parse(readFileSync(join(out, 'evidence.json'), 'utf8')) as { items: { raw: { access_token: string }; redacted: boolean }[] };
    expect(evidence.items[0]?.raw.access_token).toBe('[redacted]');
    expect(evidence.items[0]?.redacted).toBe(true);
    expect((await kit.actions()).at(-1)).toBe('evidence.export');
    // Never overwrites an earlier export.
    await expect(kit.service.exportEvidenceBundle({ incidentId: 1 }, out, supervisor)).rejects.toThrow(/already exists/);
  });

  it('puts an old post edited into abuse during the incident on its timeline at the edit, saying so; the incident starts with that edit', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    const now = () => kit!.clock.now().toISOString();
    const edit = (before: StoredItem, text: string, provenance: StoredItem['provenance']) =>
      kit!.ledger.recordEdit({ ...before, text, contentHash: contentHash(text), provenance, matchedBy: null, severity: 'critical', signals: [{ kind: 'edited-after-publication', detail: 'was verified', weight: 1 }], observedAt: now() });
    // Approved three days before the incident, long before its look-back.
    const old: StoredItem = { ...item('Road closure on the A40', {}, 'old'), firstSeenAt: '2019-07-16T10:00:00.000Z', provenance: 'verified', matchedBy: 'item-id', severity: null };
    await kit.ledger.insertNew([old]);
    kit.clock.advance(60_000);
    // New and unverified, then edited to other abuse: it stands at when it was first seen.
    const fresh: StoredItem = { ...item('first abuse', {}, 'fresh'), firstSeenAt: now() };
    await kit.ledger.insertNew([fresh]);
    kit.clock.advance(60_000);
    const editedAt = now();
    await edit(old, 'The police are corrupt', 'unverified');
    kit.clock.advance(60_000);
    await edit(fresh, 'second abuse', 'unverified');
    kit.clock.advance(60_000);
    await kit.service.freeze.freeze({ scope: allChannels, reason: 'hijack', actor: operator });

    const timeline = await kit.service.incidentTimeline({ incidentId: 1 });
    expect(timeline.from).toBe(fresh.firstSeenAt);
    expect(timeline.entries.filter((e) => e.who === 'x')).toEqual([
      { at: fresh.firstSeenAt, what: 'First unverified item', who: 'x', detail: 'fresh: second abuse' },
      { at: editedAt, what: 'Item edited into unverified content', who: 'x', detail: `old (edited after publication at ${editedAt}; first seen ${old.firstSeenAt}): The police are corrupt` },
    ]);
    // Edited first, it is where the incident starts.
    await kit.ledger.setProvenance('x', 'fresh', 'adopted', null);
    const first = (await kit.service.incidentTimeline({ incidentId: 1 })).entries[0];
    expect(first).toEqual({ at: editedAt, what: 'First unverified item', who: 'x', detail: expect.stringContaining('old (edited after publication at') });
  });
});
