// Every held reason reworded (one text for every kind of hold, none of the old words): freezing,
// unfreezing, rate limits and scheduling must behave exactly as before. Nothing reads the text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChannelError } from '../../channels/types';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import type { Hold } from './held';

const reworded = 'Reworded by the copy desk: not sending yet.';

vi.mock('./held', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./held')>();
  return { ...actual, holdText: () => reworded, held: (hold: Hold) => ({ by: hold.by, reason: reworded }) };
});

let kit: ControlKit;
afterEach(() => kit.opened.close());

const statement = (id: string, channels: readonly string[], notBefore: string | null = null) => ({
  statementId: id,
  approvers: ['sup-2'],
  variants: Object.fromEntries(channels.map((c) => [c, { title: null, text: `Statement ${id}`, html: null }])),
  notBefore,
  actor: supervisor,
});

const states = (rowId: number): string[] =>
  kit.recorder.events
    .filter((e) => e.name === 'outbox.progress' && (e.payload as { rowId: number }).rowId === rowId)
    .map((e) => (e.payload as { state: string }).state);

describe('held reasons are text only', () => {
  it('a freeze still holds, shows as held, and an unfreeze still releases', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter], ['web', fakeChannel('wordpress').adapter]]));
    const [row] = await kit.service.outbox.enqueue(statement('s1', ['x']));
    expect((await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator })).heldRows).toBe(1);
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'queued', heldBy: 'freeze', heldReason: reworded });
    // Frozen rows are not even tried; a direct attempt is refused by the gate and shown as held.
    await kit.service.outbox.runDue();
    await kit.service.outbox.fanOut(statement('s1', ['x']));
    expect(x.calls.publish).toBe(0);
    expect(states(row!.id)).toContain('held');

    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    expect(await kit.control.outbox(row!.id)).toMatchObject({ heldBy: null, heldReason: null });
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'sent', heldBy: null });
    expect(x.calls.publish).toBe(1);
  });

  it('a rate limit still waits for its reset, and shows as rate limited', async () => {
    const x = fakeChannel('x');
    x.script.push(new ChannelError({ kind: 'RATE_LIMITED', resetAt: '2019-07-19T22:15:00.000Z', message: '429' }));
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.fanOut(statement('s2', ['x']));
    expect(row).toMatchObject({ status: 'queued', heldBy: 'rate-limit', heldReason: reworded, notBefore: '2019-07-19T22:15:00.000Z' });
    // Asked again (a retried request), it still reports the rate limit, not a plain retry.
    await kit.service.outbox.enqueue(statement('s2', ['x']));
    expect(states(row!.id).at(-1)).toBe('rate-limited');
    kit.clock.set('2019-07-19T22:15:00Z');
    await kit.service.outbox.runDue();
    expect((await kit.control.outbox(row!.id))?.status).toBe('sent');
  });

  it('a scheduled send is still shown as scheduled and goes at its time', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.enqueue(statement('s3', ['x'], '2019-07-19T23:00:00Z'));
    expect(row).toMatchObject({ heldBy: 'schedule', heldReason: reworded });
    expect(states(row!.id)).toEqual(['scheduled']);
    await kit.service.outbox.runDue();
    expect(x.calls.publish).toBe(0);
    kit.clock.set('2019-07-19T23:00:00Z');
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'sent', heldBy: null });
  });
});
