import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../channels/types';
import type { StoredItem } from '../../store/records';
import { contentHash } from '../provenance/normalise';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { collect } from '../../../test/helpers/audit-test-kit';
import { systemActor } from './types';

let kit: ControlKit;
afterEach(() => kit.opened.close());

async function observe(channelId: string, itemId: string, text: string, provenance: StoredItem['provenance'] = 'unverified', at = kit.clock.now().toISOString()): Promise<StoredItem> {
  const item: StoredItem = {
    channelId, itemId, firstSeenAt: at, publishedAt: at, text, html: null, url: null, raw: JSON.stringify({ id: itemId, text }), contentHash: contentHash(text),
    provenance, matchedBy: provenance === 'verified' ? 'item-id' : null, severity: provenance === 'unverified' ? 'high' : null, signals: [], status: 'live', statusDetail: null,
  };
  await kit.ledger.insertNew([item]);
  return item;
}

const progressStates = () => kit.recorder.events.filter((e) => e.name === 'retraction.progress').map((e) => e.payload as { itemId: string; state: string; correctionOffered: boolean; eta: string | null });

describe('retract', () => {
  it('stores evidence before calling the adapter, and each item ends honestly', async () => {
    const x = fakeChannel('x');
    const email = fakeChannel('email', 'content');
    kit = makeControlKit(new Map([['x', x.adapter], ['email', email.adapter]]));
    const id = x.post('F*** the police');
    await observe('x', id, 'F*** the police');
    await observe('x', '999', 'already deleted by hand');
    await observe('email', '1:7', 'test\ntest');
    const evidenceAtCall: boolean[] = [];
    const retract = x.adapter.retract.bind(x.adapter);
    (x.adapter as { retract: typeof retract }).retract = async (itemId) => {
      evidenceAtCall.push(kit.opened.db.prepare('SELECT 1 FROM evidence WHERE channel_id = ? AND item_id = ?').get('x', itemId) !== undefined);
      return retract(itemId);
    };
    const result = await kit.service.retraction.retract([{ channelId: 'x', itemId: id }, { channelId: 'x', itemId: '999' }, { channelId: 'email', itemId: '1:7' }, { channelId: 'x', itemId: 'never-seen' }], supervisor);
    expect(result.jobs).toHaveLength(3);
    expect(result.refused).toEqual([{ channelId: 'x', itemId: 'never-seen', why: expect.stringContaining('no evidence') }]);
    await kit.service.retraction.idle();
    expect(evidenceAtCall).toEqual([true, true]);
    expect([(await kit.ledger.get('x', id))?.status, (await kit.ledger.get('x', '999'))?.status, (await kit.ledger.get('email', '1:7'))?.status]).toEqual(['retracted', 'gone', 'impossible']);
    const finals = progressStates().filter((p) => !['queued', 'retracting', 'waiting'].includes(p.state));
    // Channels run concurrently; within one channel, in request order.
    expect(finals.filter((p) => p.itemId !== '1:7').map((p) => [p.itemId, p.state, p.correctionOffered])).toEqual([
      [id, 'retracted', false],
      ['999', 'already-gone', false],
    ]);
    expect(finals.filter((p) => p.itemId === '1:7').map((p) => [p.state, p.correctionOffered])).toEqual([['impossible', true]]);
    const actions = await kit.actions();
    expect(actions[0]).toBe('retract.request');
    expect(actions.filter((a) => a === 'retract.result')).toHaveLength(3);
  });

  it('retracts every unverified item since T and touches nothing verified', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const ours = x.post('Our statement');
    await observe('x', ours, 'Our statement', 'verified');
    const old = x.post('old unverified');
    await observe('x', old, 'old unverified', 'unverified', '2019-07-19T21:00:00.000Z');
    const bad = [x.post('bad 1'), x.post('bad 2')];
    for (const b of bad) await observe('x', b, `bad ${b}`);
    await kit.service.retraction.retractUnverifiedSince('2019-07-19T21:30:00Z', ['x'], supervisor);
    await kit.service.retraction.idle();
    expect(x.calls.retract).toEqual(bad);
    expect(x.live.map((p) => p.channelItemId)).toEqual([ours, old]);
  });

  it('only a supervisor retracts', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    await expect(kit.service.retraction.retract([{ channelId: 'x', itemId: '1' }], operator)).rejects.toThrow(/Only a supervisor/);
    await expect(kit.service.retraction.retractUnverifiedSince('2019-07-19T00:00:00Z', ['x'], operator)).rejects.toThrow(/Only a supervisor/);
  });

  it('waits out an exhausted budget instead of sending into a 429, and reschedules a 429 it gets', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    x.budgets.push({ endpoint: 'retract', limit: 50, remaining: 0, resetAt: '2019-07-19T22:10:00.000Z' });
    const ids = [x.post('a'), x.post('b')];
    for (const id of ids) await observe('x', id, `attack ${id}`);
    const retract = x.adapter.retract.bind(x.adapter);
    let first = true;
    const calledAt: string[] = [];
    (x.adapter as { retract: typeof retract }).retract = async (itemId) => {
      calledAt.push(kit.clock.now().toISOString());
      x.budgets.splice(0, 1, { endpoint: 'retract', limit: 50, remaining: 40, resetAt: '2019-07-19T22:25:00.000Z' });
      if (first) {
        first = false;
        throw new ChannelError({ kind: 'RATE_LIMITED', resetAt: '2019-07-19T22:11:00.000Z', message: 'X rate limit reached.' });
      }
      return retract(itemId);
    };
    const result = await kit.service.retraction.retract(ids.map((itemId) => ({ channelId: 'x', itemId })), supervisor);
    expect(result.eta['x']).toBe('2019-07-19T22:10:00.400Z');
    await kit.service.retraction.idle();
    // a: 429 at the reset; b goes next (budget left); a again at the reset the 429 named.
    expect(calledAt).toEqual(['2019-07-19T22:10:00.000Z', '2019-07-19T22:10:00.000Z', '2019-07-19T22:11:00.000Z']);
    expect(x.live).toEqual([]);
    expect(progressStates().filter((p) => p.state === 'waiting').length).toBeGreaterThanOrEqual(2);
  });

  it('resumes jobs a crash left running (retract is idempotent)', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const id = x.post('attack');
    await observe('x', id, 'attack');
    const { jobs } = await kit.service.retraction.capture([(await kit.ledger.get('x', id))!], 'manual', supervisor);
    await kit.service.retraction.idle();
    await kit.control.updateRetraction(jobs[0]!.retractionId, { status: 'running' });
    await kit.service.retraction.recover();
    await kit.service.retraction.idle();
    expect((await kit.control.retraction(jobs[0]!.retractionId))?.status).toBe('already-gone');
  });
});

describe('quarantine', () => {
  it('captures and retracts new unverified items only while the channel is frozen', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const before = await observe('x', x.post('before the freeze'), 'before the freeze');
    await kit.service.quarantine.onItemsObserved('x', [before]);
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijack', actor: operator });
    const attack = await observe('x', x.post('attack'), 'attack');
    const ours = await observe('x', x.post('ours in flight'), 'ours in flight', 'verified');
    await kit.service.quarantine.onItemsObserved('x', [attack, ours]);
    await kit.service.retraction.idle();
    expect(x.calls.retract).toEqual([attack.itemId]);
    expect((await kit.ledger.get('x', before.itemId))?.status).toBe('live');
    const captured = kit.recorder.events.filter((e) => e.name === 'quarantine.captured');
    expect(captured).toHaveLength(1);
    const entries = await kit.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))));
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['control.freeze', 'op-1'],
      ['quarantine.capture', 'system'],
      ['retract.result', 'system'],
    ]);
  });

  it('captures nothing once an unfreeze has committed, even for items it was handed while frozen', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijack', actor: operator });
    const attack = await observe('x', x.post('attack'), 'attack');
    // The unfreeze commits after the monitor saw the item and before the capture's transaction.
    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    const result = await kit.service.retraction.capture([attack], 'quarantine', systemActor);
    await kit.service.retraction.idle();
    expect(result.jobs).toEqual([]);
    expect(x.calls.retract).toEqual([]);
    expect(await kit.control.evidenceBetween('2019-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toEqual([]);
    expect((await kit.ledger.get('x', attack.itemId))?.status).toBe('live');
  });
});

describe('lock runbook', () => {
  it('lists each channel’s actions and records a confirmed step, supervisor only', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    const [book] = await kit.service.lock.list();
    expect(book?.actions.map((a) => a.id)).toEqual(['revoke']);
    await expect(kit.service.lock.run({ channelId: 'x', actionId: 'revoke', confirmed: true, actor: operator })).rejects.toThrow(/Only a supervisor/);
    await expect(kit.service.lock.run({ channelId: 'x', actionId: 'revoke', confirmed: false, actor: supervisor })).rejects.toThrow(/Confirm/);
    const step = await kit.service.lock.run({ channelId: 'x', actionId: 'revoke', confirmed: true, actor: supervisor });
    expect(step).toMatchObject({ outcome: 'done', detail: 'revoked', runBy: 'sup-1' });
    expect((await kit.service.lock.list(['x']))[0]?.steps).toHaveLength(1);
    expect(await kit.actions()).toEqual(['lock.step']);
  });
});
