// The store contract (store-contract-suite.ts), continued: statements, templates and break-glass;
// freezes, incidents, the outbox, the ledger's open entries, evidence, retractions and Lock steps.
import { describe, expect, it } from 'vitest';
import { allChannels } from '../../electron/shared/all-channels';
import { at, channel, evidence, outboxRow, seedPeople, version } from './store-contract-fixtures';
import type { ContractContext } from './store-contract-suite';

export function statementsContract(name: string, ctx: ContractContext): void {
  describe(`${name}: statements, templates and break-glass`, () => {
    it('keeps every version, knows every editor, and filters statements newest-updated first', async () => {
      const { statements } = ctx.store();
      await seedPeople(ctx.store());
      await statements.insertVersion(version('st-1', 2, 'sup-1'));
      await statements.insertVersion(version('st-1', 3, 'op-1'));
      await expect(statements.insertVersion(version('st-1', 3, 'op-1'))).rejects.toThrow();
      expect(await statements.getVersion('st-1', 2)).toEqual(version('st-1', 2, 'sup-1'));
      expect((await statements.listVersions('st-1')).map((v) => v.version)).toEqual([1, 2, 3]);
      expect((await statements.editorsOf('st-1')).sort()).toEqual(['op-1', 'sup-1']);
      const st1 = await statements.getStatement('st-1');
      if (!st1) throw new Error('seeded statement missing');
      await statements.updateStatement({ ...st1, status: 'pending', currentVersion: 3, submittedBy: 'op-1', submittedAt: at(4), updatedAt: at(4) });
      await statements.insertStatement({ ...st1, id: 'st-2', authorId: 'sup-1', updatedAt: at(6) });
      expect(await statements.getStatement('st-1')).toMatchObject({ status: 'pending', currentVersion: 3, submittedBy: 'op-1', submittedAt: at(4) });
      expect((await statements.listStatements({})).map((s) => s.id)).toEqual(['st-2', 'st-1']);
      expect((await statements.listStatements({ authorId: 'op-1' })).map((s) => s.id)).toEqual(['st-1']);
      expect((await statements.listStatements({ status: 'draft' })).map((s) => s.id)).toEqual(['st-2']);
      expect(await statements.listStatements({ authorId: 'op-1', status: 'draft' })).toEqual([]);
    });

    it('the latest review is the newest decision (insertion order breaks a tie); voiding touches live approvals only, once', async () => {
      const { statements } = ctx.store();
      await seedPeople(ctx.store());
      const review = { statementId: 'st-1', version: 1, contentHash: 'content-st-1-1', reviewerId: 'sup-1', comment: null, voidedAt: null, voidReason: null };
      await statements.insertReview({ ...review, id: 'r1', decision: 'approved', decidedAt: at(5), expiresAt: at(30) });
      await statements.insertReview({ ...review, id: 'r2', decision: 'approved', decidedAt: at(5), expiresAt: at(31) });
      await statements.insertReview({ ...review, id: 'r0', decision: 'approved', decidedAt: at(4), expiresAt: at(29) });
      await statements.insertReview({ ...review, id: 'r3', decision: 'rejected', comment: 'Wrong date', decidedAt: at(6), expiresAt: null });
      expect((await statements.latestReview('st-1', 'approved'))?.id).toBe('r2');
      expect(await statements.latestReview('st-1', 'rejected')).toEqual({ ...review, id: 'r3', decision: 'rejected', comment: 'Wrong date', decidedAt: at(6), expiresAt: null });
      expect(await statements.voidApprovals('st-1', at(7), 'edited')).toBe(3);
      expect(await statements.voidApprovals('st-1', at(8), 'edited again')).toBe(0);
      expect(await statements.latestReview('st-1', 'approved')).toMatchObject({ id: 'r2', voidedAt: at(7), voidReason: 'edited' });
    });

    it('templates keep versions and approvals; break-glass is reviewed exactly once', async () => {
      const { statements } = ctx.store();
      await seedPeople(ctx.store());
      const template = { id: 't1', name: 'Holding statement', currentVersion: 1, createdAt: at(1), updatedAt: at(1) };
      await statements.insertTemplate(template);
      await statements.insertTemplate({ ...template, id: 't0', name: 'Appeal' });
      await statements.updateTemplate({ ...template, currentVersion: 2, updatedAt: at(2) });
      expect((await statements.listTemplates()).map((t) => t.name)).toEqual(['Appeal', 'Holding statement']);
      expect(await statements.getTemplate('t1')).toEqual({ ...template, currentVersion: 2, updatedAt: at(2) });
      const tv = { templateId: 't1', version: 2, title: 'We are aware', variants: { x: { text: 'We are aware of {{what}}.' } }, contentHash: 'th2', proposedBy: 'op-1', proposedAt: at(2) };
      await statements.insertTemplateVersion(tv);
      expect(await statements.getTemplateVersion('t1', 2)).toEqual(tv);
      expect(await statements.getTemplateVersion('t1', 1)).toBeNull();
      const approval = { templateId: 't1', version: 2, contentHash: 'th2', approverId: 'sup-1', voidedAt: null, voidReason: null };
      await statements.insertTemplateApproval({ ...approval, id: 'a1', approvedAt: at(3) });
      await statements.insertTemplateApproval({ ...approval, id: 'a2', approvedAt: at(3) });
      expect((await statements.latestTemplateApproval('t1'))?.id).toBe('a2');
      expect(await statements.voidTemplateApprovals('t1', at(4), 'new version')).toBe(2);
      expect(await statements.voidTemplateApprovals('t1', at(5), 'again')).toBe(0);

      const bg = {
        id: 'bg1', templateId: 't1', templateVersion: 2, supervisorId: 'sup-1', reason: 'Out of hours', filledValues: [{ name: 'what', value: 'reports' }],
        title: 'We are aware', variants: { x: { text: 'We are aware of reports.' } }, contentHash: 'bgh', issuedAt: at(6), expiresAt: at(21), flaggedForReview: true, review: null,
      };
      await statements.insertBreakGlass(bg);
      await statements.insertBreakGlass({ ...bg, id: 'bg0', issuedAt: at(5) });
      expect((await statements.listBreakGlass()).map((b) => b.id)).toEqual(['bg1', 'bg0']);
      expect(await statements.getBreakGlass('bg1')).toEqual(bg);
      const review = { reviewerId: 'op-1', reviewedAt: at(8), note: 'Justified' };
      expect(await statements.reviewBreakGlass('bg1', review)).toBe(true);
      expect(await statements.reviewBreakGlass('bg1', { ...review, note: 'second' })).toBe(false);
      expect(await statements.reviewBreakGlass('missing', review)).toBe(false);
      expect((await statements.getBreakGlass('bg1'))?.review).toEqual(review);
    });
  });
}

export function controlContract(name: string, ctx: ContractContext): void {
  describe(`${name}: freezes and incidents`, () => {
    it("a channel's own freeze names the reason before the all-channels one; deleting returns how many", async () => {
      const { control } = ctx.store();
      const freeze = { frozenBy: 'sup-1', frozenRole: 'supervisor', frozenAt: at(1), reason: 'Account compromised', incidentId: null };
      expect(await control.freezeFor('x-main')).toBeNull();
      await control.putFreeze({ ...freeze, scope: allChannels, reason: 'Everything' });
      expect((await control.freezeFor('x-main'))?.scope).toBe(allChannels);
      await control.putFreeze({ ...freeze, scope: 'x-main' });
      await control.putFreeze({ ...freeze, scope: 'x-main', reason: 'Replaced', frozenAt: at(2) });
      expect(await control.freezeFor('x-main')).toEqual({ ...freeze, scope: 'x-main', reason: 'Replaced', frozenAt: at(2) });
      expect((await control.freezeFor('wp'))?.scope).toBe(allChannels);
      expect((await control.freezes()).map((f) => f.scope)).toEqual([allChannels, 'x-main']);
      expect(await control.deleteFreezes([])).toBe(0);
      expect(await control.deleteFreezes(['x-main', 'wp'])).toBe(1);
      await control.putFreeze({ ...freeze, scope: 'wp' });
      expect(await control.deleteFreezes(allChannels)).toBe(2);
      expect(await control.freezes()).toEqual([]);
    });

    it('incidents open, close once, and the latest is found open or closed', async () => {
      const { control } = ctx.store();
      expect(await control.currentIncident()).toBeNull();
      const first = await control.openIncident(at(1), 'sup-1', 'Hostile posts');
      expect(await control.currentIncident()).toMatchObject({ id: first, openedBy: 'sup-1', closedAt: null });
      await control.closeIncident(first, at(5), 'sup-1');
      await control.closeIncident(first, at(6), 'sup-2');
      expect(await control.incident(first)).toMatchObject({ closedAt: at(5), closedBy: 'sup-1' });
      expect(await control.currentIncident()).toBeNull();
      expect((await control.latestIncident())?.id).toBe(first);
      const second = await control.openIncident(at(7), 'sup-2', 'Again');
      expect(second).toBeGreaterThan(first);
      expect((await control.latestIncident())?.id).toBe(second);
      expect(await control.incident(999_999)).toBeNull();
    });
  });

  describe(`${name}: the outbox`, () => {
    it('enqueueing is idempotent, except that a cancelled row is queued afresh', async () => {
      const { control } = ctx.store();
      const row = await control.insertOutbox(outboxRow('st-1', 'x-main', { held: { by: 'schedule', reason: 'Scheduled for 10:00' }, notBefore: at(60) }));
      expect(row).toMatchObject({ status: 'queued', attempts: 0, heldBy: 'schedule', heldReason: 'Scheduled for 10:00', notBefore: at(60), approvers: ['sup-1'], approvedUntil: at(50), throughFreeze: false });
      expect(await control.updateOutbox(row.id, { status: 'claimed', attempts: 1, claimedBy: 'desk-a', claimedAt: at(3) }, at(3), { status: ['queued'], attempts: 0 })).toBe(true);
      const again = await control.insertOutbox(outboxRow('st-1', 'x-main', { contentHash: 'other' }));
      expect(again).toMatchObject({ id: row.id, status: 'claimed', attempts: 1, contentHash: 'c-st-1', claimedBy: 'desk-a' });
      expect(await control.updateOutbox(row.id, { status: 'cancelled', cancelledBy: 'sup-1', cancelledAt: at(4) }, at(4), { status: ['claimed'] })).toBe(true);
      const requeued = await control.insertOutbox(outboxRow('st-1', 'x-main', { contentHash: 'c2', throughFreeze: true, at: at(5) }));
      expect(requeued).toMatchObject({ id: row.id, status: 'queued', attempts: 0, contentHash: 'c2', claimedBy: null, cancelledBy: null, heldBy: null, throughFreeze: true, createdAt: at(2), updatedAt: at(5) });
      expect(await control.outbox(row.id)).toEqual(requeued);
      expect(await control.outbox(999_999)).toBeNull();
    });

    it('a compare-and-set applies only while status (and attempts) still match; held writes both columns', async () => {
      const { control } = ctx.store();
      const row = await control.insertOutbox(outboxRow('st-1', 'x-main'));
      expect(await control.updateOutbox(row.id, { status: 'claimed' }, at(3), { status: ['sent', 'failed'] })).toBe(false);
      expect(await control.updateOutbox(row.id, { status: 'claimed', attempts: 1 }, at(3), { status: ['queued'], attempts: 5 })).toBe(false);
      expect(await control.updateOutbox(row.id, { held: { by: 'rate-limit', reason: 'Rate limited: 15 minutes' } }, at(3), { status: ['queued'] })).toBe(true);
      expect(await control.outbox(row.id)).toMatchObject({ status: 'queued', heldBy: 'rate-limit', heldReason: 'Rate limited: 15 minutes', updatedAt: at(3) });
      expect(await control.updateOutbox(row.id, { held: null, status: 'sent', itemId: 'p1', readBack: 'item-id', url: 'https://x.example/p1', sentAt: at(4) }, at(4), { status: ['queued', 'claimed'], attempts: 0 })).toBe(true);
      expect(await control.outbox(row.id)).toMatchObject({ status: 'sent', heldBy: null, heldReason: null, itemId: 'p1', readBack: 'item-id', sentAt: at(4) });
    });

    it('holds and counts queued rows by channel or for every channel, and selects rows by status and channel', async () => {
      const { control } = ctx.store();
      const a = await control.insertOutbox(outboxRow('st-1', 'x-main'));
      const b = await control.insertOutbox(outboxRow('st-1', 'wp'));
      const c = await control.insertOutbox(outboxRow('st-2', 'x-main'));
      await control.updateOutbox(c.id, { status: 'sent' }, at(3), { status: ['queued'] });
      const frozen = { by: 'freeze' as const, reason: 'Frozen (x-main)' };
      expect(await control.holdQueued(['x-main'], frozen, at(4))).toBe(1);
      expect(await control.holdQueued([], frozen, at(4))).toBe(0);
      expect((await control.outbox(c.id))?.heldBy).toBeNull();
      expect(await control.holdQueued(allChannels, frozen, at(5))).toBe(2);
      expect((await control.outbox(b.id))?.heldBy).toBe('freeze');
      expect(await control.holdQueued(allChannels, null, at(6))).toBe(2);
      expect((await control.outbox(a.id))?.heldReason).toBeNull();
      expect(await control.countOutbox(['queued'], allChannels)).toBe(2);
      expect(await control.countOutbox(['queued', 'sent'], ['x-main'])).toBe(2);
      expect(await control.countOutbox(['queued'], [])).toBe(0);
      expect((await control.outboxIn(['queued'])).map((r) => r.id)).toEqual([a.id, b.id]);
      expect((await control.outboxIn(['queued', 'sent'], ['x-main'])).map((r) => r.id)).toEqual([a.id, c.id]);
      expect(await control.outboxIn(['queued'], [])).toEqual([]);
      expect(await control.outboxIn([])).toEqual([]);
      expect((await control.outboxByStatement('st-1')).map((r) => r.channelId)).toEqual(['x-main', 'wp']);
    });

    it('a claim is leased and fenced: another desk takes it over only after the lease, and a stale fence completes nothing', async () => {
      await ctx.store().channels.upsert(channel('x-main'));
      const { control } = ctx.store();
      const row = await control.insertOutbox(outboxRow('st-1', 'x-main'));
      expect(row).toMatchObject({ leaseUntil: null, fence: 0 });
      expect(await control.outboxForClaim(row.id)).toEqual(row);
      expect(await control.outboxForClaim(999_999)).toBeNull();
      expect(await control.updateOutbox(row.id, { status: 'claimed', attempts: 1, claimedBy: 'desk-a', claimedAt: at(1), leaseUntil: at(60), fence: 1 }, at(1), { status: ['queued'], attempts: 0, fence: 0 })).toBe(true);
      const take = (owner: string, fence: number, now: number) => control.takeOverOutbox(row.id, { owner, fence, leaseUntil: at(now + 60), at: at(now) });
      // Desk A's lease still runs: desk B leaves the row alone.
      expect(await take('desk-b', 1, 30)).toBeNull();
      expect(await control.renewOutboxLease(row.id, 1, at(90), at(31))).toBe(true);
      expect(await take('desk-b', 1, 70)).toBeNull();
      // Past the lease, only under the fence it read: two desks cannot both take it.
      expect(await take('desk-b', 0, 100)).toBeNull();
      const taken = await take('desk-b', 1, 100);
      expect(taken).toMatchObject({ status: 'unknown', claimedBy: 'desk-b', leaseUntil: at(160), fence: 2, attempts: 1, claimedAt: at(1) });
      expect(await take('desk-c', 1, 200)).toBeNull();
      // Desk A comes back from the dead: its completion and its renewal are refused.
      expect(await control.updateOutbox(row.id, { status: 'sent', itemId: 'zombie' }, at(101), { status: ['claimed', 'unknown'], attempts: 1, fence: 1 })).toBe(false);
      expect(await control.renewOutboxLease(row.id, 1, at(200), at(101))).toBe(false);
      expect(await control.outbox(row.id)).toMatchObject({ status: 'unknown', itemId: null, claimedBy: 'desk-b', fence: 2 });
      // The desk that took it over takes over its own claim again at once (after its restart), and completes it.
      const again = await take('desk-b', 2, 110);
      expect(again).toMatchObject({ claimedBy: 'desk-b', fence: 3 });
      expect(await control.updateOutbox(row.id, { status: 'sent', itemId: 'p1' }, at(111), { status: ['claimed', 'unknown'], attempts: 1, fence: 3 })).toBe(true);
      expect(await take('desk-b', 3, 300)).toBeNull();
      expect(await control.outbox(row.id)).toMatchObject({ status: 'sent', itemId: 'p1', fence: 3 });
    });

    it('an open ledger entry is released only while still open', async () => {
      await ctx.store().channels.upsert(channel('x-main'));
      const { control, monitor } = ctx.store();
      const open = await monitor.recordPublication({ channelId: 'x-main', itemId: null, contentHash: 'h', statementId: 'st-1', approvers: [], publishedAt: at(1) });
      const bound = await monitor.recordPublication({ channelId: 'x-main', itemId: 'p9', contentHash: 'h9', statementId: 'st-9', approvers: [], publishedAt: at(1) });
      expect(await control.releaseOpenPublication(bound)).toBe(false);
      expect(await control.publicationItem(bound)).toBe('p9');
      expect(await control.releaseOpenPublication(open)).toBe(true);
      expect(await control.releaseOpenPublication(open)).toBe(false);
      expect(await control.publicationItem(open)).toBeUndefined();
    });
  });

  describe(`${name}: evidence, retractions and Lock steps`, () => {
    it('an identical capture reuses the evidence; a changed one is new; found by capture time', async () => {
      const { control } = ctx.store();
      const first = await control.insertEvidence(evidence('x-main', 'p1'));
      expect(first).toEqual({ id: first.id, ...evidence('x-main', 'p1') });
      expect((await control.insertEvidence({ ...evidence('x-main', 'p1'), capturedAt: at(9) })).id).toBe(first.id);
      const changed = await control.insertEvidence(evidence('x-main', 'p1', { rawSha256: 'raw-edited', capturedAt: at(5) }));
      expect(changed.id).not.toBe(first.id);
      expect(await control.evidence(first.id)).toEqual(first);
      expect((await control.evidenceBetween(at(3), at(4))).map((e) => e.id)).toEqual([first.id]);
      expect((await control.evidenceBetween(at(0), at(59))).map((e) => e.id)).toEqual([first.id, changed.id]);
    });

    it('one open retraction per item: asking again returns it; a finished one lets a new one start', async () => {
      const { control } = ctx.store();
      const ev = await control.insertEvidence(evidence('x-main', 'p1'));
      const ask = { channelId: 'x-main', itemId: 'p1', evidenceId: ev.id, origin: 'manual' as const, requestedBy: 'sup-1', requestedRole: 'supervisor', requestedAt: at(4) };
      const first = await control.insertRetraction(ask);
      expect(first).toMatchObject({ created: true, record: { status: 'pending', attempts: 0, correctionOffered: false, origin: 'manual' } });
      const again = await control.insertRetraction({ ...ask, origin: 'quarantine' });
      expect(again).toEqual({ record: first.record, created: false });
      await control.updateRetraction(first.record.id, { status: 'running', attempts: 1 });
      expect((await control.insertRetraction(ask)).created).toBe(false);
      await control.updateRetraction(first.record.id, { status: 'retracted', correctionOffered: true, finishedAt: at(6), detail: 'deleted' });
      expect(await control.retraction(first.record.id)).toMatchObject({ status: 'retracted', attempts: 1, correctionOffered: true, finishedAt: at(6), detail: 'deleted' });
      const next = await control.insertRetraction(ask);
      expect(next.created).toBe(true);
      expect((await control.retractionsIn(['pending'])).map((r) => r.id)).toEqual([next.record.id]);
      expect((await control.retractionsIn(['pending', 'retracted'], 'x-main')).map((r) => r.id)).toEqual([first.record.id, next.record.id]);
      expect(await control.retractionsIn(['pending'], 'wp')).toEqual([]);
      expect(await control.retractionsIn([])).toEqual([]);
    });

    it('Lock steps are kept in the order they ran, each with the desk it ran on', async () => {
      const { control } = ctx.store();
      const step = { actionId: 'revoke-app-password', label: 'Revoke', runBy: 'sup-1', runAt: at(1), outcome: 'done' as const, detail: 'revoked', deskId: 'desk-a' };
      const one = await control.insertLockStep({ ...step, channelId: 'wp' });
      const two = await control.insertLockStep({ ...step, channelId: 'x-main', outcome: 'manual', deskId: 'desk-b' });
      const old = await control.insertLockStep({ ...step, channelId: 'x-main', deskId: null });
      expect(await control.lockSteps()).toEqual([one, two, old]);
      expect((await control.lockSteps('x-main')).map((s) => [s.outcome, s.deskId])).toEqual([['manual', 'desk-b'], ['done', null]]);
    });
  });
}

export { transactionContract } from './store-contract-transactions';
