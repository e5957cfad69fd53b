import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, collect } from '../../../test/helpers/audit-test-kit';
import { createSqliteControlRepository } from '../../store/control-repository';
import { AppError } from '../../shared/result';
import { fakeChannel, makeControlKit, openControlDb, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { allChannels } from '../../shared/all-channels';

let kit: ControlKit | null = null;
afterEach(async () => {
  kit?.opened.close();
  kit = null;
});
const channels = () => new Map([['x', fakeChannel('x').adapter], ['web', fakeChannel('wordpress').adapter], ['email', fakeChannel('email', 'content').adapter]]);

describe('freeze', () => {
  it('lets anyone signed in freeze, records who/when/why, holds queued rows and audits it in the same commit', async () => {
    kit = makeControlKit(channels());
    await kit.service.outbox.enqueue({ statementId: 's1', approvers: [], variants: { x: { title: null, text: 'a', html: null }, web: { title: 't', text: 'a', html: null } }, actor: supervisor });
    const result = await kit.service.freeze.freeze({ scope: ['x'], reason: '  abusive posts on X ', actor: operator });
    expect(result.frozen).toEqual([{ scope: 'x', frozenBy: 'op-1', frozenRole: 'operator', frozenAt: '2019-07-19T22:00:00.000Z', reason: 'abusive posts on X', incidentId: 1 }]);
    expect(result.heldRows).toBe(1);
    expect((await kit.control.outboxIn(['queued'])).map((r) => [r.channelId, r.heldBy, r.heldReason?.slice(0, 17) ?? null])).toEqual([['x', 'freeze', 'Frozen (channel x'], ['web', null, null]]);
    const entry = await kit.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).find((e) => e.action === 'control.freeze'));
    expect(entry).toMatchObject({ actor: 'op-1', role: 'operator', target: 'x', reason: 'abusive posts on X' });
    expect(JSON.parse(entry!.details)).toMatchObject({ channels: ['x'], heldRows: 1, incidentId: 1 });
    const pushed = kit.recorder.events.find((e) => e.name === 'control.freezeChanged');
    expect(pushed?.payload).toMatchObject({ changedBy: 'op-1', heldRows: 1, frozen: [{ scope: 'x' }] });
  });

  it('refuses an unfreeze by a non-supervisor (and audits the attempt); a supervisor lifts it', async () => {
    kit = makeControlKit(channels());
    await kit.service.freeze.freeze({ scope: allChannels, reason: 'incident', actor: operator });
    await expect(kit!.service.freeze.unfreeze({ scope: allChannels, actor: operator })).rejects.toThrow(AppError);
    try {
      await kit.service.freeze.unfreeze({ scope: allChannels, actor: operator });
    } catch (err) {
      expect((err as AppError).code).toBe('FORBIDDEN');
    }
    expect(await kit.service.freeze.state()).toHaveLength(1);
    await kit.service.freeze.unfreeze({ scope: allChannels, actor: supervisor });
    expect(await kit.service.freeze.state()).toEqual([]);
    expect(await kit.control.incident(1)).toMatchObject({ closedBy: 'sup-1' });
    expect(await kit.actions()).toEqual(['control.freeze', 'control.unfreeze.refused', 'control.unfreeze.refused', 'control.unfreeze']);
  });

  it("lifting one channel out of 'freeze all' keeps every other channel frozen under the original record", async () => {
    kit = makeControlKit(channels());
    await kit.service.freeze.freeze({ scope: allChannels, reason: 'incident', actor: operator });
    await kit.service.freeze.unfreeze({ scope: ['web'], actor: supervisor });
    expect((await kit.service.freeze.state()).map((f) => [f.scope, f.frozenBy, f.reason]).sort()).toEqual([
      ['email', 'op-1', 'incident'],
      ['x', 'op-1', 'incident'],
    ]);
    expect((await kit.control.currentIncident())?.id).toBe(1);
  });

  it('survives a restart: the frozen state is in the database file', async () => {
    const dir = makeTempDir();
    try {
      const path = dir.file('control.db');
      kit = makeControlKit(channels(), { path });
      await kit.service.freeze.freeze({ scope: ['email'], reason: 'fake bulletin', actor: operator });
      kit.opened.close();
      kit = null;
      const reopened = openControlDb(path);
      try {
        expect(await createSqliteControlRepository(reopened.db).freezeFor('email')).toMatchObject({ frozenBy: 'op-1', reason: 'fake bulletin' });
      } finally {
        reopened.close();
      }
    } finally {
      dir.remove();
    }
  });

  it('takes an empty reason (freeze first), refuses an overlong one and bad channel ids', async () => {
    kit = makeControlKit(channels());
    await expect(kit!.service.freeze.freeze({ scope: ['x'], reason: 'x'.repeat(2001), actor: operator })).rejects.toThrow(/under 2000 characters/);
    await expect(kit!.service.freeze.freeze({ scope: [], reason: 'r', actor: operator })).rejects.toThrow(/Choose the channels/);
    await expect(kit!.service.freeze.freeze({ scope: ['X Y'], reason: 'r', actor: operator })).rejects.toThrow(/not a channel id/);
  });

  it('holds a long queue in one step (timed by npm run bench, not here)', async () => {
    kit = makeControlKit(channels());
    for (let i = 0; i < 300; i++) await kit.service.outbox.enqueue({ statementId: `s${i}`, approvers: [], variants: { x: { title: null, text: `t${i}`, html: null }, web: { title: 't', text: `t${i}`, html: null } }, actor: supervisor });
    const result = await kit.service.freeze.freeze({ scope: allChannels, reason: 'incident', actor: operator });
    expect(result.heldRows).toBe(600);
  });
});
