// What supervisors decide about sends after the approval, through the contract against the demo
// newsroom, on a manual clock: scheduling (the past refused, a freeze holds it, cancelled and
// scheduled again), a scheduled statement that outlives its approval (held, every screen told,
// one confirmation with a fresh passphrase, sent once), a break-glass send used after its window
// (refused at the gate), and the break-glass review (a different supervisor, with a note).
// Checked at the demo X server, not only in the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/core/dispatch';
import { demoChannelIds } from '../../electron/demo/plugin';
import { createManualClock } from '../../electron/lib/clock';
import { allChannels } from '../../electron/shared/all-channels';
import type { EventName } from '../../electron/shared/contract';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { until } from '../helpers/until';
import { collect } from '../helpers/audit-test-kit';

const clock = createManualClock(new Date());
const minute = 60_000;
const hour = 60 * minute;
let t: TestCore;
const events: { name: EventName; payload: unknown }[] = [];

beforeAll(async () => {
  t = await makeTestCore({ clock });
  await t.core.startChannels();
  t.core.events.subscribe((name, payload) => events.push({ name, payload }));
}, 60_000);
afterAll(async () => {
  await t?.close();
});

// The channels the statement below is written for (the demo's Mastodon and Bluesky get no variant here).
const channels = [demoChannelIds.x, demoChannelIds.website, demoChannelIds.email];
type Row = { status: string; heldBy: string | null; channelId: string; lastError: string | null; notBefore: string | null };

const tweets = (text: string) => t.demo.newsroom()!.x.tweets().filter((tw) => tw.text === text);
const rowsOf = (id: string): Promise<Row[]> => t.core.control.outbox.rows(id);

/** An operator writes it, a supervisor approves it: ready to publish on every demo channel. */
async function approvedStatement(text: string): Promise<{ id: string; op: Caller; sup: Caller }> {
  const op = await t.signedIn('operator');
  const sup = await t.signedIn('supervisor');
  const variants = { x: { text }, website: { title: text, html: `<p>${text}</p>` }, email: { subject: text, text, html: '' } };
  const id = dataOf<{ statement: { id: string } }>(await t.core.dispatch('statements.save', { title: text, canonicalText: text, variants }, op)).statement.id;
  const hash = dataOf<{ contentHash: string }>(await t.core.dispatch('statements.submit', { id }, op)).contentHash;
  dataOf(await t.core.dispatch('statements.approve', { id, contentHash: hash }, sup));
  return { id, op, sup };
}

const at = (msFromNow: number) => new Date(clock.now().getTime() + msFromNow).toISOString();

describe('scheduling', () => {
  it('refuses the past and operators; a freeze holds it at its time; cancelled, it is approved again', { timeout: 60_000 }, async () => {
    const text = `Scheduled statement ${Date.now()}`;
    const { id, op, sup } = await approvedStatement(text);
    expect(await t.core.dispatch('statements.schedule', { id, channelIds: channels, at: at(10 * minute) }, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.core.dispatch('statements.schedule', { id, channelIds: channels, at: at(-minute) }, sup)).toMatchObject({
      ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/has already passed\. Choose a time in the future, or publish now\./) },
    });

    const first = dataOf<Row[]>(await t.core.dispatch('statements.schedule', { id, channelIds: channels, at: at(10 * minute) }, sup));
    expect(first.map((r) => [r.status, r.heldBy])).toEqual(channels.map(() => ['queued', 'schedule']));
    expect(dataOf<{ statement: { status: string } }>(await t.core.dispatch('statements.get', { id }, op)).statement.status).toBe('published');

    expect(await t.core.dispatch('control.cancelSend', { id }, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const cancelled = dataOf<Row[]>(await t.core.dispatch('control.cancelSend', { id }, sup));
    expect(cancelled.map((r) => r.status)).toEqual(channels.map(() => 'cancelled'));
    expect(dataOf<{ statement: { status: string; readyToPublish: boolean } }>(await t.core.dispatch('statements.get', { id }, op)).statement).toMatchObject({ status: 'approved', readyToPublish: true });

    // Scheduled again, then everything is frozen before its time comes.
    dataOf(await t.core.dispatch('statements.schedule', { id, channelIds: [demoChannelIds.x], at: at(10 * minute) }, sup));
    dataOf(await t.core.dispatch('control.freeze', { scope: allChannels, reason: 'checking a report' }, op));
    clock.advance(20 * minute);
    await t.core.control.outbox.runDue();
    expect((await rowsOf(id)).find((r) => r.channelId === demoChannelIds.x)).toMatchObject({ status: 'queued', heldBy: 'freeze' });
    expect(tweets(text)).toHaveLength(0);

    const sup2 = await t.signedIn('supervisor');
    dataOf(await t.core.dispatch('control.unfreeze', { scope: allChannels }, sup2));
    await until('sent after the unfreeze', async () => (await rowsOf(id)).find((r) => r.channelId === demoChannelIds.x)?.status === 'sent');
    expect(tweets(text)).toHaveLength(1);
  });
});

describe('a send that outlives its approval', () => {
  it('is held, every screen is told, and one supervisor confirmation with a fresh passphrase sends it once', { timeout: 60_000 }, async () => {
    const text = `Late statement ${Date.now()}`;
    const { id, sup } = await approvedStatement(text);
    // Beyond the two-hour approval: allowed; the confirmation applies when it comes due.
    dataOf(await t.core.dispatch('statements.schedule', { id, channelIds: [demoChannelIds.x], at: at(3 * hour) }, sup));
    clock.advance(3 * hour);
    await t.core.control.outbox.runDue();
    expect((await rowsOf(id))[0]).toMatchObject({ status: 'queued', heldBy: 'stale-approval' });
    expect(tweets(text)).toHaveLength(0);
    const told = events.filter((e) => e.name === 'outbox.awaitingConfirmation').map((e) => (e.payload as { statementIds: string[] }).statementIds);
    expect(told.at(-1)).toEqual([id]);

    const op = await t.signedIn('operator');
    expect(dataOf<unknown[]>(await t.core.dispatch('control.awaitingConfirmation', {}, op))).toEqual([
      { statementId: id, title: text, channelIds: [demoChannelIds.x], approvedUntil: expect.any(String), heldSince: clock.now().toISOString() },
    ]);
    expect(await t.core.dispatch('control.confirmSend', { id }, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The supervisor signed in six minutes ago: the passphrase is asked again first.
    const late = await t.signedIn('supervisor');
    clock.advance(6 * minute);
    expect(await t.core.dispatch('control.confirmSend', { id }, late)).toMatchObject({ ok: false, error: { code: 'REAUTH_REQUIRED' } });
    expect(tweets(text)).toHaveLength(0);
    dataOf(await t.core.dispatch('accounts.reauthenticate', { passphrase: t.passphrase('supervisor') }, late));
    expect(dataOf<Row[]>(await t.core.dispatch('control.confirmSend', { id }, late))).toMatchObject([{ heldBy: null, confirmedBy: expect.any(String) }]);
    await until('sent after the confirmation', async () => (await rowsOf(id))[0]?.status === 'sent');
    expect(dataOf<unknown[]>(await t.core.dispatch('control.awaitingConfirmation', {}, op))).toEqual([]);
    expect(await t.core.dispatch('control.confirmSend', { id }, late)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(tweets(text)).toHaveLength(1);
  });
});

describe('break-glass', () => {
  const holding = async (sup: Caller) => {
    const list = dataOf<{ id: string; preApproved: boolean; placeholders: string[] }[]>(await t.core.dispatch('templates.list', {}, sup));
    const tpl = list.find((x) => x.preApproved)!;
    return { id: tpl.id, values: Object.fromEntries(tpl.placeholders.map((p) => [p, p === 'time' ? '23:04' : p === 'date' ? '19 July' : 'our X account'])) };
  };

  it('used after its window is refused at send time, with the manual clock', { timeout: 60_000 }, async () => {
    const sup = await t.signedIn('supervisor');
    const op = await t.signedIn('operator');
    const tpl = await holding(sup);
    dataOf(await t.core.dispatch('control.freeze', { scope: [demoChannelIds.x], reason: 'hijacked' }, op));
    const [row] = dataOf<Row[]>(await t.core.dispatch('templates.breakGlass', { id: tpl.id, reason: 'account hijacked', values: tpl.values, channelIds: [demoChannelIds.x] }, sup));
    expect(row).toMatchObject({ status: 'queued', heldBy: 'freeze' });
    clock.advance(16 * minute);
    const sup2 = await t.signedIn('supervisor');
    dataOf(await t.core.dispatch('control.unfreeze', { scope: [demoChannelIds.x] }, sup2));
    await t.core.control.outbox.runDue();
    const list = dataOf<{ id: string; sends: Row[] }[]>(await t.core.dispatch('templates.breakGlassList', { awaitingReview: true }, sup2));
    expect(list[0]?.sends).toMatchObject([{ status: 'failed', lastError: expect.stringMatching(/break-glass authorisation ran out/) }]);
  });

  it('is reviewed by a different supervisor with a note; the one who used it and operators are refused', { timeout: 60_000 }, async () => {
    const sup = await t.signedIn('supervisor');
    const tpl = await holding(sup);
    dataOf(await t.core.dispatch('templates.breakGlass', { id: tpl.id, reason: 'posts not from us', values: tpl.values, channelIds: [demoChannelIds.x] }, sup));
    const [used] = dataOf<{ id: string; supervisorId: string; reason: string; review: unknown; sends: Row[] }[]>(await t.core.dispatch('templates.breakGlassList', { awaitingReview: true }, sup));
    expect(used).toMatchObject({ reason: 'posts not from us', review: null });
    await until('the holding statement sent', async () => (await rowsOf(`break-glass-${used!.id}`))[0]?.status === 'sent');

    expect(await t.core.dispatch('templates.reviewBreakGlass', { id: used!.id, note: 'fine' }, sup)).toMatchObject({
      ok: false, error: { code: 'FORBIDDEN', message: 'You used this break-glass yourself, so a different supervisor must review it (two-person rule).' },
    });
    const op = await t.signedIn('operator');
    expect(await t.core.dispatch('templates.reviewBreakGlass', { id: used!.id, note: 'fine' }, op)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await t.signedIn('admin');
    const note = 'Checked the reason against the incident log; wording as pre-approved.';
    const reviewed = dataOf<{ review: { reviewerId: string; note: string }; sends: Row[] }>(await t.core.dispatch('templates.reviewBreakGlass', { id: used!.id, note }, admin));
    expect(reviewed).toMatchObject({ review: { note }, sends: [{ status: 'sent' }] });
    const waiting = dataOf<{ id: string }[]>(await t.core.dispatch('templates.breakGlassList', { awaitingReview: true }, admin));
    expect(waiting.map((w) => w.id)).not.toContain(used!.id);

    const audited = (await t.core.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))))).filter((e) => e.action === 'templates.reviewBreakGlass');
    expect(audited.map((e) => [e.target, e.reason, (JSON.parse(e.details) as { outcome: string }).outcome])).toEqual([
      [used!.id, 'fine', 'FORBIDDEN'],
      [used!.id, 'fine', 'FORBIDDEN'],
      [used!.id, note, 'ok'],
    ]);
  });
});
