// Sends that outlive their approval, on the manual clock: a statement queued offline goes out by
// itself when the network returns within its approval window, and is held for one supervisor's
// confirmation when it returns later (never silently sent, never dropped). A break-glass send
// past its window is refused. A supervisor cancels what has not gone out.
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../channels/types';
import { fakeChannel, makeControlKit, operator, supervisor, type ControlKit } from '../../../test/helpers/control-test-kit';
import { networkReturnListener } from './network-return';

let kit: ControlKit;
afterEach(() => kit.opened.close());

const minute = 60_000;
const hour = 60 * minute;
const offline = () => new ChannelError({ kind: 'UNAVAILABLE', message: 'Cannot reach X (ECONNREFUSED).' });

/** An approved statement for X whose approval ends `validFor` after the kit's clock. */
const statement = (id: string, validFor = 2 * hour, extra: { notBefore?: string; breakGlassId?: string } = {}) => ({
  statementId: id,
  approvers: ['author-1', 'sup-2'],
  variants: { x: { title: null, text: `Statement ${id}`, html: null } },
  actor: supervisor,
  approvedUntil: new Date(kit.clock.now().getTime() + validFor).toISOString(),
  ...extra,
});

/** The monitor sees X go offline, then read again. */
async function networkComesBack(): Promise<void> {
  const listener = networkReturnListener(kit.service.outbox);
  await listener.health?.({ channelId: 'x', health: { state: 'offline', why: 'ECONNREFUSED' }, lastReadAt: null, budgets: [] });
  await listener.health?.({ channelId: 'x', health: { state: 'ok' }, lastReadAt: null, budgets: [] });
}

const posted = (x: ReturnType<typeof fakeChannel>, id: string) => x.live.filter((p) => p.text === `Statement ${id}`).length;
const awaitingEvents = () => kit.recorder.events.filter((e) => e.name === 'outbox.awaitingConfirmation').map((e) => (e.payload as { statementIds: string[] }).statementIds);

describe('a statement queued offline', () => {
  it('goes out without asking when the network returns within its approval window', async () => {
    const x = fakeChannel('x');
    x.script.push(offline());
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [queued] = await kit.service.outbox.fanOut(statement('s1'));
    expect(queued).toMatchObject({ status: 'queued', heldBy: 'network' });

    kit.clock.advance(hour);
    await networkComesBack();
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(queued!.id)).toMatchObject({ status: 'sent', confirmedBy: null });
    expect(posted(x, 's1')).toBe(1);
    expect(awaitingEvents()).toEqual([]);
  });

  it('is held, not sent, when the network returns after 3 h; one confirmation sends it once', async () => {
    const x = fakeChannel('x');
    x.script.push(offline());
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [queued] = await kit.service.outbox.fanOut(statement('s2'));
    const approvedUntil = queued!.approvedUntil;

    kit.clock.advance(3 * hour);
    await networkComesBack();
    await kit.service.outbox.runDue();
    const held = (await kit.control.outbox(queued!.id))!;
    expect(held).toMatchObject({ status: 'queued', heldBy: 'stale-approval', notBefore: null });
    expect(held.heldReason).toBe(`Its approval ran out at ${approvedUntil} while it waited. A supervisor must confirm it (or cancel it) before it goes out.`);
    expect(posted(x, 's2')).toBe(0);
    expect(awaitingEvents()).toEqual([['s2']]);
    expect(await kit.service.outbox.awaitingConfirmation()).toEqual([{ statementId: 's2', channelIds: ['x'], approvedUntil, heldSince: kit.clock.now().toISOString() }]);
    expect(await kit.actions()).toContain('outbox.held');

    // The loop leaves it alone however often it runs.
    kit.clock.advance(hour);
    await kit.service.outbox.runDue();
    expect(x.calls.publish).toBe(1);

    await expect(kit.service.outbox.confirm('s2', operator, 2 * hour)).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const [confirmed] = await kit.service.outbox.confirm('s2', supervisor, 2 * hour);
    expect(confirmed).toMatchObject({ heldBy: null, confirmedBy: 'sup-1', approvedUntil: new Date(kit.clock.now().getTime() + 2 * hour).toISOString() });
    expect(awaitingEvents()).toEqual([['s2'], []]);
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(queued!.id)).toMatchObject({ status: 'sent' });
    expect(posted(x, 's2')).toBe(1);

    // A second click finds nothing to confirm, and nothing goes out twice.
    await expect(kit.service.outbox.confirm('s2', supervisor, 2 * hour)).rejects.toThrow(/Nothing of this statement is waiting for a confirmation/);
    await kit.service.outbox.runDue();
    expect(posted(x, 's2')).toBe(1);
    expect((await kit.actions()).filter((a) => a.startsWith('outbox.'))).toEqual(['outbox.enqueue', 'outbox.held', 'outbox.confirmed', 'outbox.publish']);
  });

  it('is never dropped: a supervisor cancels it (audited) and it never goes out', async () => {
    const x = fakeChannel('x');
    x.script.push(offline());
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [queued] = await kit.service.outbox.fanOut(statement('s3'));
    kit.clock.advance(3 * hour);
    await networkComesBack();
    await kit.service.outbox.runDue();
    expect((await kit.control.outbox(queued!.id))?.heldBy).toBe('stale-approval');

    await expect(kit.service.outbox.cancel('s3', operator)).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    const result = await kit.service.outbox.cancel('s3', supervisor);
    expect(result).toMatchObject({ nothingSent: true, rows: [{ status: 'cancelled', heldBy: null, cancelledBy: 'sup-1' }] });
    expect(awaitingEvents()).toEqual([['s3'], []]);
    await kit.service.outbox.runDue();
    expect(posted(x, 's3')).toBe(0);
    expect(await kit.actions()).toContain('outbox.cancelled');
    await expect(kit.service.outbox.cancel('s3', supervisor)).rejects.toThrow(/Nothing of this statement is waiting to go out/);
  });
});

describe('break-glass at use time', () => {
  it('is refused once its window has passed, even though it was valid when queued', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator });
    const [queued] = await kit.service.outbox.fanOut(statement('break-glass-bg1', 15 * minute, { breakGlassId: 'bg1' }));
    expect(queued).toMatchObject({ status: 'queued', heldBy: 'freeze', breakGlassId: 'bg1' });

    kit.clock.advance(16 * minute);
    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    await kit.service.outbox.runDue();
    const refused = (await kit.control.outbox(queued!.id))!;
    expect(refused).toMatchObject({ status: 'failed', heldBy: null });
    expect(refused.lastError).toMatch(/^The break-glass authorisation ran out at .+ before this could go out, so nothing was sent\./);
    expect(x.calls.publish).toBe(0);
    expect(await kit.actions()).toContain('outbox.refused');
  });

  it('goes out when used within its window', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator });
    const [queued] = await kit.service.outbox.fanOut(statement('break-glass-bg2', 15 * minute, { breakGlassId: 'bg2' }));
    kit.clock.advance(14 * minute);
    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(queued!.id)).toMatchObject({ status: 'sent' });
  });
});

describe('scheduled sends', () => {
  it('are held by a freeze at their time, and go once after the unfreeze', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const at = new Date(kit.clock.now().getTime() + 10 * minute).toISOString();
    const [row] = await kit.service.outbox.enqueue(statement('s4', 2 * hour, { notBefore: at }));
    expect(row).toMatchObject({ status: 'queued', heldBy: 'schedule', notBefore: at });
    await kit.service.freeze.freeze({ scope: ['x'], reason: 'hijacked', actor: operator });
    kit.clock.advance(20 * minute);
    await kit.service.outbox.runDue();
    await kit.service.outbox.fanOut(statement('s4', 2 * hour, { notBefore: at }));
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'queued', heldBy: 'freeze' });
    expect(x.calls.publish).toBe(0);
    await kit.service.freeze.unfreeze({ scope: ['x'], actor: supervisor });
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'sent' });
    expect(posted(x, 's4')).toBe(1);
  });

  it('past the approval window: allowed, and held for a confirmation at send time', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.enqueue(statement('s5', 2 * hour, { notBefore: new Date(kit.clock.now().getTime() + 3 * hour).toISOString() }));
    kit.clock.advance(3 * hour);
    await kit.service.outbox.runDue();
    expect(await kit.control.outbox(row!.id)).toMatchObject({ status: 'queued', heldBy: 'stale-approval' });
    await kit.service.outbox.confirm('s5', supervisor, 2 * hour);
    await kit.service.outbox.runDue();
    expect(posted(x, 's5')).toBe(1);
  });

  it('a cancelled schedule never goes; publishing the statement again queues it afresh', async () => {
    const x = fakeChannel('x');
    kit = makeControlKit(new Map([['x', x.adapter]]));
    const [row] = await kit.service.outbox.enqueue(statement('s6', 2 * hour, { notBefore: new Date(kit.clock.now().getTime() + 30 * minute).toISOString() }));
    expect(await kit.service.outbox.cancel('s6', supervisor)).toMatchObject({ nothingSent: true });
    kit.clock.advance(hour);
    await kit.service.outbox.runDue();
    expect(x.calls.publish).toBe(0);
    const [again] = await kit.service.outbox.fanOut(statement('s6'));
    expect(again).toMatchObject({ id: row!.id, status: 'sent', attempts: 1, cancelledBy: null });
    expect(posted(x, 's6')).toBe(1);
    expect((await kit.actions()).filter((a) => a === 'outbox.enqueue')).toHaveLength(2);
  });
});
