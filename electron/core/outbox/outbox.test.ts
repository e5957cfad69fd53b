import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../channels/types';
import { fakeChannel, makeControlKit, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { contentHash } from '../provenance/normalise';

let kit: ControlKit;
afterEach(() => kit.opened.close());

const statement = (id: string, channels: readonly string[], text = `Statement ${id}`) => ({
  statementId: id,
  approvers: ['sup-2', 'sup-3'],
  variants: Object.fromEntries(channels.map((c) => [c, { title: c === 'email' ? 'Subject' : null, text, html: null }])),
  actor: supervisor,
});

describe('outbox state machine', () => {
  it('sends each channel once and binds the ledger entry to the item id (email stays open for the monitor)', async () => {
    const x = fakeChannel('x');
    const email = fakeChannel('email', 'content');
    kit = makeControlKit(new Map([['x', x.adapter], ['email', email.adapter]]));
    const rows = await kit.service.outbox.fanOut(statement('s1', ['x', 'email']));
    expect(rows.map((r) => [r.channelId, r.status, r.attempts])).toEqual([['x', 'sent', 1], ['email', 'sent', 1]]);
    const xRow = rows[0]!;
    expect(await kit.ledger.hasItem('x', xRow.itemId!)).toBe(true);
    expect(await kit.ledger.hasOpenContent('x', xRow.contentHash)).toBe(false);
    // Email's id is the sender's own: the ledger waits to match it by content when it reads back.
    expect(await kit.ledger.hasOpenContent('email', contentHash('Subject\nStatement s1'))).toBe(true);
    // Enqueueing again (a retry of the whole request) sends nothing more.
    await kit.service.outbox.fanOut(statement('s1', ['x', 'email']));
    expect([x.calls.publish, email.calls.publish]).toEqual([1, 1]);
    expect((await kit.actions()).filter((a) => a === 'outbox.publish')).toHaveLength(2);
    expect((await kit.actions()).filter((a) => a === 'outbox.enqueue')).toHaveLength(1);
  });

  it('settles an unknown outcome by reading the channel and never posts twice', async () => {
    const x = fakeChannel('x');
    x.script.push('accept-then-unknown');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.fanOut(statement('s2', ['x']));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(x.calls.publish).toBe(1);
    expect(x.live.filter((p) => p.text === 'Statement s2')).toHaveLength(1);
    expect(await kit.ledger.hasItem('x', row!.itemId!)).toBe(true);
    const states = kit.recorder.events.filter((e) => e.name === 'outbox.progress').map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['queued', 'sending', 'unknown', 'settling', 'sent']);
    expect(await kit.actions()).toEqual(['outbox.enqueue', 'outbox.unknown', 'outbox.settled']);
  });

  it('sends again only after a read begun past the settle window finds nothing', async () => {
    const x = fakeChannel('x');
    x.script.push(new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: 'timed out' }));
    kit = makeControlKit(new Map([['x', x.adapter]]), { settleAfterMs: 30_000 });
    const start = kit.clock.now().getTime();
    const [row] = await kit.service.outbox.fanOut(statement('s3', ['x']));
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(x.calls.publish).toBe(2);
    expect(x.calls.read).toBeGreaterThanOrEqual(2);
    expect(kit.clock.now().getTime() - start).toBeGreaterThanOrEqual(30_000);
    expect(x.live.filter((p) => p.text === 'Statement s3')).toHaveLength(1);
  });

  it('takes the item the monitor already matched to the open entry', async () => {
    const x = fakeChannel('x');
    x.script.push('accept-then-unknown');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [queued] = await kit.service.outbox.enqueue(statement('s4', ['x']));
    // The monitor binds the open entry by content hash while the send's outcome is unknown.
    const original = x.adapter.publish.bind(x.adapter);
    (x.adapter as { publish: typeof original }).publish = async (v, h) => {
      try {
        return await original(v, h);
      } finally {
        await kit.ledger.bindOpenPublication('x', queued!.contentHash, x.live[x.live.length - 1]!.channelItemId);
      }
    };
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(queued!.id)).toMatchObject({ status: 'sent', itemId: x.live[0]!.channelItemId });
    expect(x.calls.publish).toBe(1);
  });

  it('retries a send that provably did not go out, releasing the open ledger entry meanwhile', async () => {
    const x = fakeChannel('x');
    x.script.push(new ChannelError({ kind: 'UNAVAILABLE', message: 'Cannot reach X.' }));
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.fanOut(statement('s5', ['x']));
    expect(row).toMatchObject({ status: 'queued', attempts: 1, notBefore: '2019-07-19T22:00:05.000Z', heldBy: 'network', heldReason: expect.stringContaining('Retrying at') });
    expect(await kit.ledger.hasOpenContent('x', row!.contentHash)).toBe(false);
    await kit.service.outbox.runDue();
    expect(x.calls.publish).toBe(1);
    kit.clock.advance(5_000);
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('waits for the rate-limit reset, and fails for good on a refusal, each channel on its own', async () => {
    const x = fakeChannel('x');
    const web = fakeChannel('wordpress');
    x.script.push(new ChannelError({ kind: 'RATE_LIMITED', resetAt: '2019-07-19T22:15:00.000Z', message: '429' }));
    web.script.push(new ChannelError({ kind: 'REJECTED', message: 'WordPress refused the publish (rest_cannot_create).' }));
    const email = fakeChannel('email', 'content');
    kit = makeControlKit(new Map([['x', x.adapter], ['web', web.adapter], ['email', email.adapter]]));
    const rows = await kit.service.outbox.fanOut(statement('s6', ['x', 'web', 'email']));
    expect(rows.map((r) => [r.channelId, r.status])).toEqual([['x', 'queued'], ['web', 'failed'], ['email', 'sent']]);
    expect(rows[0]).toMatchObject({ notBefore: '2019-07-19T22:15:00.000Z', heldBy: 'rate-limit', heldReason: expect.stringMatching(/^Rate limited/) });
    expect(rows[1]?.lastError).toContain('rest_cannot_create');
    kit.clock.set('2019-07-19T22:15:00Z');
    await kit.service.outbox.runDue();
    expect((await kit.control.outbox(rows[0]!.id))?.status).toBe('sent');
    expect(await kit.actions()).toContain('outbox.failed');
  });

  it('recovers a row left claimed by a crash: found on the channel -> sent, not posted again', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.enqueue(statement('s7', ['x']));
    // A crashed process: claimed, published, then nothing recorded.
    await kit.control.updateOutbox(row!.id, { status: 'claimed', attempts: 1, claimedAt: kit.clock.now().toISOString() }, kit.clock.now().toISOString(), { status: ['queued'] });
    x.post('Statement s7');
    const recovered = await kit.service.outbox.recover();
    expect(recovered[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(x.calls.publish).toBe(0);
  });

  it('refuses a statement for a channel that is not connected', async () => {
    kit = makeControlKit(new Map([['x', fakeChannel('x').adapter]]));
    await expect(kit.service.outbox.enqueue(statement('s8', ['x', 'bluesky']))).rejects.toThrow(/not connected/);
    expect(await kit.control.outboxByStatement('s8')).toEqual([]);
  });
});
