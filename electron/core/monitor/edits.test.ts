import { beforeEach, expect, it } from 'vitest';
import type { ObservedItem } from '../../channels/types';
import { createSqliteChannelsRepository } from '../../store/channels-repository';
import { openDatabase } from '../../store/database';
import { createSqliteMonitorRepository } from '../../store/monitor-repository';
import type { MonitorRepository } from '../../store/repositories';
import { contentHash } from '../provenance/normalise';
import { newChannelMemory, processBatch, type ScoringSettings } from './process-batch';

const scoring: ScoringSettings = { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: ['met.example'], baselinePerHour: 100 };
const post = (id: string, text: string, html: string | null = null): ObservedItem => ({ channelItemId: id, publishedAt: null, text, html, url: null, raw: { id, text, html } });

let repo: MonitorRepository;
let minute = 0;
const read = (...items: ObservedItem[]) => processBatch('wp', items, new Date(Date.UTC(2019, 6, 19, 22, minute++)), repo, newChannelMemory(), scoring);

beforeEach(async () => {
  const { db } = openDatabase(':memory:');
  await createSqliteChannelsRepository(db).upsert({ id: 'wp', kind: 'wordpress', name: 'Website', config: {}, secretRef: null, demo: true, createdAt: 'now' });
  repo = createSqliteMonitorRepository(db);
  minute = 0;
});

/** A post the app published: its ledger entry is bound to its id. */
async function ours(id: string, text: string, html: string | null = null): Promise<void> {
  await repo.recordPublication({ channelId: 'wp', itemId: id, contentHash: contentHash(text), statementId: 'st-1', approvers: ['sup-1'], publishedAt: 'now' });
  expect((await read(post(id, text, html))).map((i) => i.provenance)).toEqual(['verified']);
}

it('a re-read differing only in spacing, case or markup changes nothing; a link moved to another address behind the same words is an edit', async () => {
  await ours('1', 'Report it here', '<p><a href="https://met.example/report">Report it here</a></p>');
  expect(await read(post('1', 'report  it here ', '<p class="x"><a href="https://met.example/report">Report it here</a></p>'))).toEqual([]);
  expect(await repo.revisions('wp', '1')).toEqual([]);
  expect(await repo.get('wp', '1')).toMatchObject({ provenance: 'verified', severity: null });
  const [edited] = await read(post('1', 'Report it here', '<p><a href="https://phish.example/report">Report it here</a></p>'));
  expect(edited).toMatchObject({ provenance: 'unverified', matchedBy: null, severity: 'critical' });
  expect(edited?.signals[0]?.kind).toBe('edited-after-publication');
  expect(edited?.html).toContain('phish.example');
  expect((await repo.revisions('wp', '1')).map((r) => r.html)).toEqual(['<p><a href="https://met.example/report">Report it here</a></p>']);
});

it("an attacker's own post edited again stays an alarm and its every version is kept", async () => {
  expect((await read(post('9', 'first lie'))).map((i) => i.provenance)).toEqual(['unverified']);
  const [edited] = await read(post('9', 'second lie'));
  expect(edited).toMatchObject({ provenance: 'unverified', severity: 'critical', text: 'second lie' });
  expect(edited?.signals[0]?.detail).toContain('an unverified item');
  expect((await repo.revisions('wp', '9')).map((r) => r.text)).toEqual(['first lie']);
});

it('an edit to the content of an open ledger entry (an approved send whose answer was lost) is verified, once', async () => {
  await ours('1', 'Old text');
  await repo.recordPublication({ channelId: 'wp', itemId: null, contentHash: contentHash('Correction: road open'), statementId: 'st-2', approvers: ['sup-1'], publishedAt: 'now' });
  expect((await read(post('2', 'outside post'))).map((i) => i.provenance)).toEqual(['unverified']);
  // Item 1 is bound to its own entry: another approval does not vouch for it.
  expect((await read(post('1', 'Correction: road open'))).map((i) => i.provenance)).toEqual(['unverified']);
  const [bound] = await read(post('2', 'Correction: road open'));
  expect(bound).toMatchObject({ provenance: 'verified', matchedBy: 'content-hash', severity: null, signals: [] });
  expect(await repo.hasOpenContent('wp', contentHash('Correction: road open'))).toBe(false);
});
