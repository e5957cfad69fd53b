// The outbox: an approved statement becomes one row per channel, each sent through the gate,
// channels concurrently, with live per-channel progress. A send whose outcome is unknown (or a
// crash while claimed) is settled by reading the channel, never by posting again blindly.
import { randomUUID } from 'node:crypto';
import { variantSchema, type ChannelAdapter, type PublishResult, type Variant } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { OutboxRow, StatementImage } from '../../store/records';
import type { ControlRepository, MonitorRepository } from '../../store/repositories';
import type { AuditLog, AuditRole } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import type { ControlEventSink, OutboxProgressState } from '../control/events';
import { channelIdPattern } from '../../shared/contract-channels';
import { realSleep, type Sleep } from '../../lib/sleep';
import { describeError, requireSupervisor, type Actor } from '../control/types';
import type { Logger } from '../../lib/log';
import { contentHash } from '../provenance/normalise';
import { createSendDecisions, type SendDecisions } from './decisions';
import { claimForSend, defaultLeaseMs, freezeHolding } from './gate';
import { held, holdText } from './held';
import { announceAwaiting, progressEvent, waitingState as waitingStateAt, waitsForConfirmation } from './progress';
import { defaultRetryPolicy, stepAfterFailure, type RetryPolicy } from './send-policy';
import { checkImagesForChannel, fixSendImages, imagesForSend, publishWith, type OutboxMedia } from './send-images';
import { findPublishedItem, settleVerdict } from './settle';

export type { OutboxMedia } from './send-images';

export interface StatementFanOut {
  readonly statementId: string;
  readonly approvers: readonly string[];
  /** Channel id -> what the statement looks like there. */
  readonly variants: Readonly<Record<string, Variant>>;
  /** Scheduled send: not before this ISO time. */
  readonly notBefore?: string | null;
  /** A supervisor's holding statement: sent even while its channels are frozen (they stay in quarantine). */
  readonly throughFreeze?: boolean;
  /** When the approval (or break-glass window) it relies on runs out; checked again at send time. */
  readonly approvedUntil?: string | null;
  /** The break-glass authorisation it relies on: past its window it is refused, not held. */
  readonly breakGlassId?: string | null;
  /** The approved version's images, in order: fixed at enqueue, sent to every channel. */
  readonly images?: readonly StatementImage[];
  readonly actor: Actor;
}

export interface OutboxDeps {
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  /** Statements' images; without it, statements go out as text only. */
  readonly media?: OutboxMedia;
  readonly audit: AuditLog;
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: ControlEventSink;
  readonly sleep?: Sleep;
  /** Names this desk in claimed_by (the desk id: a restarted desk knows its own claims). */
  readonly owner?: string;
  /** How long a claim is this desk's before another desk may take it over. Default 60 s. */
  readonly leaseMs?: number;
  /** How long after a claim a request may still land; only a read begun later proves absence. Default 30 s (twice the adapters' timeout). */
  readonly settleAfterMs?: number;
  readonly retry?: RetryPolicy;
  /** The background loop looks again at least this often. Default 1 s. */
  readonly idleMs?: number;
}

export interface Outbox extends SendDecisions {
  /** Idempotent per (statement, channel): enqueueing again returns the existing rows. */
  enqueue(input: StatementFanOut): Promise<OutboxRow[]>;
  /** Enqueue, then send every due row now, channels concurrently; resolves with the rows as they stand. */
  fanOut(input: StatementFanOut): Promise<OutboxRow[]>;
  /** One pass over every active row: due queued rows through the gate, stale claims settled. */
  runDue(): Promise<void>;
  /** Start-up: every claimed or unknown row settled by reading its channel (and re-sent if absent). */
  recover(): Promise<OutboxRow[]>;
  rows(statementId: string): Promise<OutboxRow[]>;
  start(): void;
  stop(): Promise<void>;
  /** Look at the queue now (after an unfreeze or an enqueue). */
  kick(): void;
  /** A channel answers again: rows waiting on its network are due now, not after their back-off. */
  networkReturned(channelId: string): Promise<void>;
}

type SendEnd = 'sent' | 'unknown' | 'waiting' | 'failed' | 'skipped';
type SettleEnd = 'sent' | 'requeued' | 'failed' | 'unreadable' | 'stopped';

export function createOutbox(deps: OutboxDeps): Outbox {
  const { control, ledger, audit, adapters, clock, logger, events } = deps;
  const sleep = deps.sleep ?? realSleep;
  const owner = deps.owner ?? `pid-${process.pid}-${randomUUID().slice(0, 8)}`;
  const settleAfterMs = deps.settleAfterMs ?? 30_000;
  const retry = deps.retry ?? defaultRetryPolicy;
  const idleMs = deps.idleMs ?? 1_000;
  const leaseMs = deps.leaseMs ?? defaultLeaseMs;
  const busy = new Map<number, Promise<void>>();
  let running = false;
  let stopSignal = new AbortController();
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  const nowIso = (): string => clock.now().toISOString();

  const waitingState = (row: OutboxRow): OutboxProgressState => waitingStateAt(row, nowIso());
  const progress = (row: OutboxRow, state: OutboxProgressState, error: string | null = null): void => {
    events.emit('outbox.progress', progressEvent(row, state, error, nowIso()));
  };
  const current = (id: number): Promise<OutboxRow | null> => control.outbox(id);
  const report = async (id: number, state: OutboxProgressState, error: string | null = null): Promise<void> => {
    const row = await current(id);
    if (row) progress(row, state, error);
  };
  const auditRow = async (row: OutboxRow, action: string, details: Record<string, unknown>): Promise<void> => {
    await audit.append({ actor: row.requestedBy, role: row.requestedRole as AuditRole, action, target: `${row.channelId}:${row.statementId}`, details: { rowId: row.id, attempt: row.attempts, ...details } });
  };

  /** Makes the ledger say the app published `itemId`; call inside the transaction that marks the row sent. */
  const bindLedger = async (row: OutboxRow, itemId: string, at: string): Promise<void> => {
    // The monitor may have seen the item first and bound our open entry by its content hash.
    if (await ledger.hasItem(row.channelId, itemId)) return;
    if (await ledger.bindOpenPublication(row.channelId, row.contentHash, itemId)) return;
    // Our open entry went to an identical outside post: this item still gets its own entry.
    await ledger.recordPublication({ channelId: row.channelId, itemId, contentHash: row.contentHash, statementId: row.statementId, approvers: row.approvers, publishedAt: at });
  };

  const markSent = (row: OutboxRow, itemId: string, url: string | null, readBack: PublishResult['readBack'], how: 'answer' | 'read-back'): Promise<boolean> => {
    const at = nowIso();
    return control.transaction(async () => {
      // Compare-and-set on the claim's attempt: whoever settles a row first wins, exactly once.
      // The fence refuses a desk whose claim was taken over meanwhile (it died, or was only presumed dead).
      const done = await control.updateOutbox(row.id, { status: 'sent', itemId, url, readBack, sentAt: at, held: null, lastError: null }, at, { status: ['claimed', 'unknown'], attempts: row.attempts, fence: row.fence });
      if (!done) return false;
      // Content channels (email) keep the entry open: the monitor binds it when the item reads back, once.
      if (readBack === 'item-id') await bindLedger(row, itemId, at);
      await auditRow(row, how === 'answer' ? 'outbox.publish' : 'outbox.settled', { itemId, found: true, readBack, approvers: [...row.approvers] });
      return true;
    });
  };

  const send = async (row: OutboxRow): Promise<SendEnd> => {
    const adapter = adapters.get(row.channelId);
    if (!adapter) {
      // Another desk may hold this channel's credential: the row is left for it to claim, and only
      // an unheld row is marked as waiting for a connection.
      if (row.heldBy === null) await control.updateOutbox(row.id, { held: held({ by: 'not-connected', channelId: row.channelId }) }, nowIso(), { status: ['queued'] });
      await report(row.id, 'queued');
      return 'waiting';
    }
    const claim = await claimForSend({ control, ledger }, row.id, clock.now(), owner, leaseMs);
    if (claim.kind === 'not-queued') return 'skipped';
    if (claim.kind === 'expired') {
      await auditRow(claim.row, 'outbox.refused', { why: claim.why, breakGlassId: claim.row.breakGlassId });
      progress(claim.row, 'failed', claim.why);
      return 'failed';
    }
    if (claim.kind === 'stale' && claim.newlyHeld) {
      await auditRow(claim.row, 'outbox.held', { heldBy: 'stale-approval', approvedUntil: claim.row.approvedUntil });
      await announceAwaiting(control, events, nowIso());
    }
    if (claim.kind !== 'claimed') {
      progress(claim.row, waitingState(claim.row));
      return 'waiting';
    }
    const claimed = claim.row;
    progress(claimed, 'sending');
    const outgoing = await imagesForSend(deps.media, adapter, claimed);
    if ('refusal' in outgoing) return failed(claimed, outgoing.refusal);
    let result: PublishResult;
    try {
      result = await publishWith(adapter, claimed, outgoing.images);
    } catch (err) {
      return failed(claimed, err);
    }
    // The channel's ids for our images: read-back matches an image the channel re-encoded by them.
    if (result.mediaRefs && result.mediaRefs.length > 0) await deps.media?.recordMediaRefs(claimed.channelId, claimed.statementId, result.mediaRefs);
    if (await markSent(claimed, result.channelItemId, result.url, result.readBack, 'answer')) await report(claimed.id, 'sent');
    return 'sent';
  };

  const failed = async (row: OutboxRow, err: unknown): Promise<SendEnd> => {
    const step = stepAfterFailure(err, row.attempts, clock.now(), retry);
    const at = nowIso();
    const expect = { status: ['claimed'] as const, attempts: row.attempts, fence: row.fence };
    if (step.kind === 'unknown') {
      await control.transaction(async () => {
        // The open ledger entry stays: if the post exists, it is ours.
        if (await control.updateOutbox(row.id, { status: 'unknown', lastError: step.reason }, at, expect)) await auditRow(row, 'outbox.unknown', { why: step.reason });
      });
      await report(row.id, 'unknown', step.reason);
      return 'unknown';
    }
    await control.transaction(async () => {
      // Nothing went out: the open ledger entry must not vouch for a post that does not exist.
      if (row.publicationId !== null) await control.releaseOpenPublication(row.publicationId);
      if (step.kind === 'failed') {
        if (await control.updateOutbox(row.id, { status: 'failed', lastError: step.reason, held: null, publicationId: null }, at, expect)) await auditRow(row, 'outbox.failed', { why: step.reason });
      } else {
        await control.updateOutbox(row.id, { status: 'queued', notBefore: step.notBefore, held: held(step.hold), lastError: step.reason, publicationId: null }, at, expect);
      }
    });
    await report(row.id, step.kind === 'failed' ? 'failed' : step.kind === 'rate-limited' ? 'rate-limited' : 'retrying', step.reason);
    return step.kind === 'failed' ? 'failed' : 'waiting';
  };

  /** `first` is this desk's (taken over under its fence); settling stops once another desk takes it. */
  const settle = async (first: OutboxRow): Promise<SettleEnd> => {
    const adapter = adapters.get(first.channelId);
    if (!adapter) return 'stopped';
    for (;;) {
      const row = await current(first.id);
      if (!row || (row.status !== 'claimed' && row.status !== 'unknown') || row.fence !== first.fence) return 'stopped';
      progress(row, 'settling');
      const readStartedMs = clock.now().getTime();
      let items;
      try {
        items = (await adapter.readSince(null)).items;
      } catch (err) {
        // Still unknown; read again after a pause rather than on every pass of the loop.
        const notBefore = new Date(clock.now().getTime() + retry.baseDelayMs).toISOString();
        await control.updateOutbox(row.id, { lastError: `Could not read ${row.channelId} to settle the send: ${describeError(err)}`, notBefore }, nowIso(), { status: ['claimed', 'unknown'], fence: row.fence });
        await report(row.id, 'unknown', describeError(err));
        return 'unreadable';
      }
      // Checked after the read and decided in one transaction: the monitor may have bound our open
      // entry by content hash while we were reading, and must not do so between check and decision.
      const decision = await control.transaction(async () => {
        const bound = row.publicationId === null ? undefined : await control.publicationItem(row.publicationId);
        if (typeof bound === 'string') return { kind: 'marked' as const, sent: await markSent(row, bound, null, 'item-id', 'read-back') };
        const found = await findPublishedItem(items, row.contentHash, (id) => ledger.hasItem(row.channelId, id));
        const verdict = settleVerdict(found, Date.parse(row.claimedAt ?? row.updatedAt), readStartedMs, settleAfterMs);
        if (verdict.kind === 'found') return { kind: 'marked' as const, sent: await markSent(row, verdict.item.channelItemId, verdict.item.url, 'item-id', 'read-back') };
        if (verdict.kind === 'absent') return { kind: 'absent' as const, end: await requeueAbsent(row) };
        return verdict;
      });
      if (decision.kind === 'marked') return decision.sent ? (await report(row.id, 'sent'), 'sent') : 'stopped';
      if (decision.kind === 'absent') {
        if (decision.end !== 'stopped') await report(row.id, decision.end === 'failed' ? 'failed' : 'retrying', decision.end === 'failed' ? absentWhy(row) : holdText({ by: 'resend' }));
        return decision.end;
      }
      if (!running && stopSignal.signal.aborted) return 'stopped';
      // Waiting to prove absence can outlast the lease: keep it, or stop if another desk took the row.
      if (!(await control.renewOutboxLease(row.id, row.fence, leaseEnd(), nowIso()))) return 'stopped';
      await sleep(decision.untilMs - clock.now().getTime(), stopSignal.signal);
    }
  };

  const absentWhy = (row: OutboxRow): string => `Never reached the channel in ${row.attempts} attempts.`;
  /** Store side only (the caller reports after its commit): queued again, or failed once attempts run out. */
  const requeueAbsent = (row: OutboxRow): Promise<SettleEnd> => {
    const at = nowIso();
    const exhausted = row.attempts >= retry.maxAttempts;
    return control.transaction(async () => {
      if (row.publicationId !== null) await control.releaseOpenPublication(row.publicationId);
      const patch = exhausted ? { status: 'failed' as const, lastError: absentWhy(row), held: null, publicationId: null } : { status: 'queued' as const, notBefore: null, held: held({ by: 'resend' }), publicationId: null };
      const done = await control.updateOutbox(row.id, patch, at, { status: ['claimed', 'unknown'], attempts: row.attempts, fence: row.fence });
      if (!done) return 'stopped';
      await auditRow(row, 'outbox.settled', { found: false, requeued: !exhausted });
      return exhausted ? 'failed' : 'requeued';
    });
  };

  const leaseEnd = (): string => new Date(clock.now().getTime() + leaseMs).toISOString();
  /**
   * A claimed or unknown row becomes this desk's to settle: its own (this process is its only
   * worker here), or another desk's whose lease ran out, that desk presumed dead mid-send. Either
   * way the send's outcome is unknown and the raised fence refuses the old claimant's late writes.
   * Null: another desk's lease still runs, or another desk took it first.
   */
  const takeOver = (row: OutboxRow): Promise<OutboxRow | null> | null => {
    const at = nowIso();
    if (row.claimedBy !== owner && row.leaseUntil !== null && row.leaseUntil > at) return null;
    return control.takeOverOutbox(row.id, { owner, fence: row.fence, leaseUntil: leaseEnd(), at });
  };

  /** One row to rest: sent, failed, waiting for its time, or held. Never two workers on one row. */
  const work = async (rowId: number): Promise<void> => {
    for (;;) {
      const row = await current(rowId);
      if (!row) return;
      if (row.status === 'queued') {
        if ((await send(row)) !== 'unknown') return;
      } else if (row.status === 'claimed' || row.status === 'unknown') {
        const mine = await takeOver(row);
        if (!mine) return;
        if ((await settle(mine)) !== 'requeued') return;
      } else return;
    }
  };
  const drive = (rowId: number): Promise<void> => {
    const existing = busy.get(rowId);
    if (existing) return existing;
    const p = work(rowId)
      .catch((err: unknown) => logger.error(`outbox row ${rowId} failed`, err))
      .finally(() => busy.delete(rowId));
    busy.set(rowId, p);
    return p;
  };

  /** Channels concurrently, each channel's rows in order: one slow or failing channel holds no other. */
  const runRows = async (rows: readonly OutboxRow[]): Promise<void> => {
    const byChannel = new Map<string, OutboxRow[]>();
    for (const r of rows) byChannel.set(r.channelId, [...(byChannel.get(r.channelId) ?? []), r]);
    await Promise.all([...byChannel.values()].map(async (list) => {
      for (const r of list) await drive(r.id);
    }));
  };

  const enqueue = async (input: StatementFanOut): Promise<OutboxRow[]> => {
    const statementId = typeof input.statementId === 'string' ? input.statementId.trim() : '';
    if (statementId === '' || statementId.length > 200) throw new AppError('BAD_INPUT', 'A statement id is needed to publish.');
    const entries = Object.entries(input.variants ?? {});
    if (entries.length === 0) throw new AppError('BAD_INPUT', 'Choose at least one channel to publish to.');
    const notBefore = input.notBefore ?? null;
    if (notBefore !== null && !Number.isFinite(Date.parse(notBefore))) throw new AppError('BAD_INPUT', 'The scheduled time is not a valid time.');
    const images = input.images ?? [];
    const prepared: { channelId: string; variant: Variant; hash: string }[] = [];
    for (const [channelId, variant] of entries) {
      if (!channelIdPattern.test(channelId)) throw new AppError('BAD_INPUT', `"${channelId.slice(0, 64)}" is not a channel id.`);
      const adapter = adapters.get(channelId);
      if (!adapter || !adapter.capabilities.publish) throw new AppError('BAD_INPUT', `Channel ${channelId} is not connected for publishing. Connect it in Settings or leave it out.`);
      await checkImagesForChannel(deps.media, channelId, adapter, images);
      const parsed = variantSchema.parse(variant);
      prepared.push({ channelId, variant: parsed, hash: contentHash(adapter.renderedText(parsed)) });
    }
    const throughFreeze = input.throughFreeze === true;
    if (throughFreeze) requireSupervisor(input.actor, 'publish through a freeze');
    const at = nowIso();
    const when = notBefore === null ? null : new Date(notBefore).toISOString();
    const approvedUntil = input.approvedUntil ? new Date(input.approvedUntil).toISOString() : null;
    const breakGlassId = input.breakGlassId ?? null;
    const rows = await control.transaction(async () => {
      await fixSendImages(deps.media, statementId, images);
      // A cancelled row is queued afresh (the statement is published again); any other stands.
      const existed = new Set((await control.outboxByStatement(statementId)).filter((r) => r.status !== 'cancelled').map((r) => r.channelId));
      const out: OutboxRow[] = [];
      for (const p of prepared) {
        const freeze = await freezeHolding(control, { channelId: p.channelId, throughFreeze });
        const hold = freeze ? held({ by: 'freeze', freeze }) : when !== null && when > at ? held({ by: 'schedule', until: when }) : null;
        out.push(await control.insertOutbox({ statementId, channelId: p.channelId, variant: p.variant, contentHash: p.hash, approvers: input.approvers, notBefore: when, held: hold, requestedBy: input.actor.id, requestedRole: input.actor.role, throughFreeze, approvedUntil, breakGlassId, at }));
      }
      const created = out.filter((r) => !existed.has(r.channelId));
      if (created.length > 0) {
        await audit.append({ actor: input.actor.id, role: input.actor.role, action: 'outbox.enqueue', target: statementId, details: { channels: created.map((r) => r.channelId), approvers: [...input.approvers], notBefore: when, throughFreeze, approvedUntil, breakGlassId } });
      }
      return out;
    });
    for (const r of rows) if (r.status === 'queued') progress(r, waitingState(r));
    return rows;
  };

  const activeRows = (): Promise<OutboxRow[]> => control.outboxIn(['queued', 'claimed', 'unknown']);
  // Settling (a read) is never held by a freeze; sending is, and the gate has the last word. A row
  // waiting for a supervisor's confirmation is left alone until the confirmation clears its hold.
  const isDue = async (r: OutboxRow, at: string): Promise<boolean> =>
    (r.notBefore === null || r.notBefore <= at) && (r.status !== 'queued' || (!waitsForConfirmation(r) && (await freezeHolding(control, r)) === null));

  const nextWaitMs = async (): Promise<number> => {
    const now = clock.now().getTime();
    let wait = idleMs;
    for (const r of await activeRows()) {
      if (r.status === 'queued' && r.notBefore !== null && !waitsForConfirmation(r) && (await freezeHolding(control, r)) === null) wait = Math.min(wait, Date.parse(r.notBefore) - now);
    }
    return Math.max(0, wait);
  };

  const runDue = async (): Promise<void> => {
    const at = nowIso();
    // Skipping rows that are held or not due saves a transaction each; the gate still decides every send.
    const due: OutboxRow[] = [];
    for (const r of await activeRows()) if (!busy.has(r.id) && (await isDue(r, at))) due.push(r);
    await runRows(due);
  };

  const kick = (): void => wake?.();
  return {
    ...createSendDecisions({ control, audit, clock, events, kick }),
    enqueue,
    async fanOut(input) {
      const rows = await enqueue(input);
      await runRows(rows);
      return control.outboxByStatement(rows[0]?.statementId ?? input.statementId);
    },
    runDue,
    async recover() {
      const stale = (await control.outboxIn(['claimed', 'unknown'])).filter((r) => !busy.has(r.id));
      await runRows(stale);
      return (await Promise.all(stale.map((r) => current(r.id)))).filter((r): r is OutboxRow => r !== null);
    },
    rows: (statementId) => control.outboxByStatement(statementId),
    start() {
      if (running) return;
      running = true;
      stopSignal = new AbortController();
      loop = (async () => {
        while (running) {
          try {
            await runDue();
          } catch (err) {
            logger.error('outbox pass failed', err);
          }
          if (!running) break;
          const pause = new AbortController();
          wake = () => pause.abort();
          const stop = (): void => pause.abort();
          stopSignal.signal.addEventListener('abort', stop, { once: true });
          // A store that cannot be read (the database gone) must not end the loop: wait and try again.
          let waitMs = idleMs;
          try {
            waitMs = await nextWaitMs();
          } catch (err) {
            logger.error('outbox could not read its schedule; trying again', err);
          }
          await sleep(waitMs, pause.signal);
          stopSignal.signal.removeEventListener('abort', stop);
        }
      })();
    },
    async stop() {
      running = false;
      stopSignal.abort();
      wake?.();
      await loop;
      loop = null;
      await Promise.allSettled([...busy.values()]);
    },
    kick,
    async networkReturned(channelId) {
      const at = nowIso();
      for (const r of await control.outboxIn(['queued'], [channelId])) {
        if (r.lastError !== null && r.notBefore !== null && r.notBefore > at) {
          await control.updateOutbox(r.id, { notBefore: at }, at, { status: ['queued'], attempts: r.attempts });
        }
      }
      wake?.();
    },
  };
}
