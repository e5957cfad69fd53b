import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database';
import type { Held } from '../../store/records';
import { makeTempDir } from '../../../test/helpers/audit-test-kit';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { held, holdText } from './held';

let kit: ControlKit | undefined;
const dir = makeTempDir();
afterAll(() => dir.remove());
afterEach(async () => {
  kit?.opened.close();
  kit = undefined;
});

const variant = { title: null, text: 'Statement', html: null };
const insertHeld = async (k: ControlKit, statementId: string, channelId: string, hold: Held, notBefore: string | null = null) =>
  await k.control.insertOutbox({
    statementId, channelId, variant, contentHash: 'h', approvers: ['sup-2'], notBefore, held: hold,
    requestedBy: 'sup-1', requestedRole: 'supervisor', throughFreeze: false, at: k.clock.now().toISOString(),
  });

describe('what holds a send', () => {
  it('says each hold in words, derived from the hold alone', async () => {
    const freeze = { scope: '*', frozenBy: 'op-1', frozenRole: 'operator', frozenAt: '2019-07-19T22:00:00.000Z', reason: 'hijacked', incidentId: 1 };
    expect(held({ by: 'freeze', freeze })).toEqual({ by: 'freeze', reason: 'Frozen (all channels) by op-1 at 2019-07-19T22:00:00.000Z: hijacked' });
    expect(holdText({ by: 'freeze', freeze: { ...freeze, scope: 'x' } })).toMatch(/^Frozen \(channel x\)/);
    expect(holdText({ by: 'not-connected', channelId: 'web' })).toBe('Channel web is not connected; it waits until it is.');
  });

  it('is decided by heldBy: an unfreeze releases what a freeze holds, whatever either text says', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator });
    const byFreeze = await insertHeld(kit, 's1', 'x', { by: 'freeze', reason: 'anything at all' });
    // Words that used to mean "frozen", on a row the schedule holds.
    const bySchedule = await insertHeld(kit, 's2', 'x', { by: 'schedule', reason: 'Frozen (channel x) by op-1 at then: hijacked' }, '2019-07-20T08:00:00.000Z');
    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    expect(await kit.control.outbox(byFreeze.id)).toMatchObject({ heldBy: null, heldReason: null });
    expect(await kit.control.outbox(bySchedule.id)).toMatchObject({ heldBy: 'schedule', heldReason: 'Frozen (channel x) by op-1 at then: hijacked' });
  });

  it('carries over a database from before heldBy: the old freeze-held row is released, the scheduled one keeps waiting', async () => {
    const path = dir.file('schema6.db');
    const old = openDatabase(path, { targetVersion: 6 });
    old.db.exec(`
      INSERT INTO freezes (scope, frozen_by, frozen_role, frozen_at, reason) VALUES ('x', 'op-1', 'operator', '2019-07-19T21:00:00.000Z', 'hijacked');
      INSERT INTO outbox (statement_id, channel_id, variant, content_hash, status, not_before, held_reason, requested_by, requested_role, created_at, updated_at) VALUES
        ('s1', 'x', '${JSON.stringify(variant)}', 'h', 'queued', NULL, 'Frozen (channel x) by op-1 at 2019-07-19T21:00:00.000Z: hijacked', 'sup-1', 'supervisor', 'then', 'then'),
        ('s2', 'x', '${JSON.stringify(variant)}', 'h', 'queued', '2019-07-20T08:00:00.000Z', 'Scheduled for 2019-07-20T08:00:00.000Z.', 'sup-1', 'supervisor', 'then', 'then');
    `);
    old.close();

    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]), { path });
    const [frozenRow, scheduledRow] = (await kit.control.outboxByStatement('s1')).concat(await kit.control.outboxByStatement('s2'));
    expect([frozenRow?.heldBy, scheduledRow?.heldBy]).toEqual(['freeze', 'schedule']);

    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(frozenRow!.id)).toMatchObject({ status: 'sent', heldBy: null });
    expect(await kit.control.outbox(scheduledRow!.id)).toMatchObject({ status: 'queued', heldBy: 'schedule' });
    expect(x.calls.publish).toBe(1);
  });
});
