import { afterEach, describe, expect, it } from 'vitest';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { claimForSend } from './gate';
import { allChannels } from '../../shared/all-channels';

let kit: ControlKit;
afterEach(() => kit.opened.close());

const setup = async () => {
  kit = makeControlKit(new Map([['x', fakeChannel('x').adapter], ['web', fakeChannel('wordpress').adapter]]));
  const rows = await kit.service.outbox.enqueue({ statementId: 's1', approvers: ['sup-2'], variants: { x: { title: null, text: 'Statement', html: null }, web: { title: 'T', text: 'Statement', html: null } }, actor: supervisor });
  const [x, web] = rows;
  if (!x || !web) throw new Error('rows missing');
  return { x, web, gate: { control: kit.control, ledger: kit.ledger } };
};

describe('the outbox gate', () => {
  it('claims durably: status, attempt, claimed_at and an open ledger entry in one commit', async () => {
    const { x, gate } = await setup();
    const claim = await claimForSend(gate, x.id, kit.clock.now(), 'me');
    expect(claim.kind).toBe('claimed');
    const row = (await kit.control.outbox(x.id))!;
    expect(row).toMatchObject({ status: 'claimed', attempts: 1, claimedAt: '2019-07-19T22:00:00.000Z', claimedBy: 'me' });
    expect(row.publicationId).not.toBeNull();
    // The open entry vouches for the content before the channel has even answered.
    expect(await kit.ledger.hasOpenContent('x', x.contentHash)).toBe(true);
    expect(await kit.control.publicationItem(row.publicationId!)).toBeNull();
    // A second claim of the same row is refused: one worker per send.
    expect((await claimForSend(gate, x.id, kit.clock.now(), 'other')).kind).toBe('not-queued');
  });

  it('refuses while the channel is frozen, names why, and records no ledger entry', async () => {
    const { x, web, gate } = await setup();
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator });
    const claim = await claimForSend(gate, x.id, kit.clock.now(), 'me');
    expect(claim.kind).toBe('frozen');
    expect(await kit.control.outbox(x.id)).toMatchObject({ status: 'queued', attempts: 0, heldBy: 'freeze', heldReason: expect.stringMatching(/^Frozen \(channel x\) by op-1 at .*: hijacked$/) });
    expect(await kit.ledger.hasOpenContent('x', x.contentHash)).toBe(false);
    // Another channel is not held by a freeze of x.
    expect((await claimForSend(gate, web.id, kit.clock.now(), 'me')).kind).toBe('claimed');
  });

  it("refuses every channel under 'freeze all', and lets them go once a supervisor unfreezes", async () => {
    const { x, web, gate } = await setup();
    await kit.service.freeze.freeze({ scope: allChannels, reason: 'incident', actor: operator });
    expect((await claimForSend(gate, x.id, kit.clock.now(), 'me')).kind).toBe('frozen');
    expect((await claimForSend(gate, web.id, kit.clock.now(), 'me')).kind).toBe('frozen');
    await kit.service.freeze.unfreeze({ scope: allChannels, actor: supervisor });
    expect(await kit.control.outbox(x.id)).toMatchObject({ heldBy: null, heldReason: null });
    expect((await claimForSend(gate, x.id, kit.clock.now(), 'me')).kind).toBe('claimed');
  });

  it('refuses a scheduled row before its time', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    const [row] = await kit.service.outbox.enqueue({ statementId: 's2', approvers: [], variants: { x: { title: null, text: 'later', html: null } }, notBefore: '2019-07-19T23:00:00Z', actor: supervisor });
    const gate = { control: kit.control, ledger: kit.ledger };
    expect(row).toMatchObject({ heldBy: 'schedule', heldReason: 'Scheduled for 2019-07-19T23:00:00.000Z.' });
    expect((await claimForSend(gate, row!.id, kit.clock.now(), 'me')).kind).toBe('not-due');
    kit.clock.advance(3_600_000);
    expect((await claimForSend(gate, row!.id, kit.clock.now(), 'me')).kind).toBe('claimed');
  });
});
