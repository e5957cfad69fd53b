// Taking items back: evidence first (committed with the job), then the adapter's retract, one
// channel queue at a time within its rate-limit budget, each item ending honestly (retracted,
// already gone, impossible with a correction offered, or failed with why), with a live ETA.
import { isChannelError, type ChannelAdapter, type RetractOutcome } from '../../channels/types';
import { AppError } from '../../shared/result';
import type { ItemStatus, RetractionRecord, RetractionStatus, StoredItem } from '../../store/records';
import type { ControlRepository, MediaRepository, MonitorRepository } from '../../store/repositories';
import type { AuditLog, AuditRole } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import { evidenceFromItem } from '../evidence/capture';
import { unverifiedAppearedSince } from '../monitor/edits';
import type { Logger } from '../../lib/log';
import { defaultRetractWindows, retractBudget, retractionEta, type BudgetWindow } from './eta';
import type { ControlEventSink, RetractionProgressState } from './events';
import { channelIdPattern } from '../../shared/contract-channels';
import { realSleep, type Sleep } from '../../lib/sleep';
import { describeError, requireSupervisor, type Actor } from './types';

export interface RetractTarget {
  readonly channelId: string;
  readonly itemId: string;
}

export interface RetractRequestResult {
  readonly jobs: readonly { readonly retractionId: number; readonly channelId: string; readonly itemId: string; readonly evidenceId: number }[];
  /** Items not taken on, and why (never observed, so no evidence; channel not connected; already done). */
  readonly refused: readonly { readonly channelId: string; readonly itemId: string; readonly why: string }[];
  /** Per channel with work queued: when its queue should be done (ISO). */
  readonly eta: Readonly<Record<string, string | null>>;
}

export interface RetractionService {
  retract(items: readonly RetractTarget[], actor: Actor): Promise<RetractRequestResult>;
  retractUnverifiedSince(sinceIso: string, channelIds: readonly string[], actor: Actor): Promise<RetractRequestResult>;
  /** Quarantine's entry: capture and queue observed items as the given (system) actor; for 'quarantine', only items whose channel is still frozen (checked in the capture's transaction). */
  capture(items: readonly StoredItem[], origin: RetractionRecord['origin'], actor: Actor): Promise<RetractRequestResult>;
  /** When this channel's queue should be done (ISO), or null when it is empty. */
  eta(channelId: string): Promise<string | null>;
  /** Start-up: jobs left running by a crash go back to pending (retract is idempotent), and run. */
  recover(): Promise<void>;
  /** Resolves when no channel has a worker running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface RetractionDeps {
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  readonly audit: AuditLog;
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: ControlEventSink;
  readonly sleep?: Sleep;
  /** Per-channel-kind delete windows; defaults to the published ones (X: 50 per 15 minutes). */
  readonly retractWindows?: Readonly<Partial<Record<ChannelAdapter['kind'], BudgetWindow>>>;
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** Items' images: evidence copies their bytes (with SHA-256) before anything is deleted. */
  readonly media?: Pick<MediaRepository, 'observedMediaWithBytes' | 'insertEvidenceMedia'>;
}

const finalStatus: Record<Exclude<RetractionStatus, 'pending' | 'running'>, ItemStatus> = {
  retracted: 'retracted',
  'already-gone': 'gone',
  impossible: 'impossible',
  failed: 'failed',
};

export function createRetractionService(deps: RetractionDeps): RetractionService {
  const { control, ledger, audit, adapters, clock, logger, events } = deps;
  const sleep = deps.sleep ?? realSleep;
  const windows = deps.retractWindows ?? defaultRetractWindows;
  const maxAttempts = deps.maxAttempts ?? 5;
  const retryDelayMs = deps.retryDelayMs ?? 5_000;
  const workers = new Map<string, Promise<void>>();
  /** Measured time per retraction, per channel (moving average). */
  const perItemMs = new Map<string, number>();
  let stopped = false;
  const stopSignal = new AbortController();

  const nowIso = (): string => clock.now().toISOString();

  const etaMs = async (channelId: string): Promise<number | null> => {
    const adapter = adapters.get(channelId);
    const pending = (await control.retractionsIn(['pending', 'running'], channelId)).length;
    if (!adapter || pending === 0) return null;
    return retractionEta({
      pending,
      nowMs: clock.now().getTime(),
      budget: retractBudget(adapter.limits()),
      window: windows[adapter.kind] ?? null,
      perItemMs: perItemMs.get(channelId) ?? 200,
    });
  };
  const eta = async (channelId: string): Promise<string | null> => {
    const ms = await etaMs(channelId);
    return ms === null ? null : new Date(ms).toISOString();
  };

  const progress = async (job: RetractionRecord, state: RetractionProgressState, detail: string | null, correctionOffered = false): Promise<void> => {
    const [etaIso, pending] = [await eta(job.channelId), (await control.retractionsIn(['pending'], job.channelId)).length];
    events.emit('retraction.progress', {
      retractionId: job.id, channelId: job.channelId, itemId: job.itemId, origin: job.origin, state, detail, correctionOffered,
      eta: etaIso, pending, at: nowIso(),
    });
  };

  const finish = async (job: RetractionRecord, status: Exclude<RetractionStatus, 'pending' | 'running'>, detail: string, correctionOffered = false): Promise<void> => {
    const at = nowIso();
    await control.transaction(async () => {
      await control.updateRetraction(job.id, { status, detail, correctionOffered, finishedAt: at });
      await ledger.setStatus(job.channelId, job.itemId, finalStatus[status], detail);
      await audit.append({
        actor: job.requestedBy, role: job.requestedRole as AuditRole, action: 'retract.result', target: `${job.channelId}:${job.itemId}`,
        details: { retractionId: job.id, evidenceId: job.evidenceId, origin: job.origin, outcome: status, detail, correctionOffered, attempts: job.attempts + 1 },
      });
    });
    await progress({ ...job, status }, status, detail, correctionOffered);
  };

  const describeOutcome = (o: RetractOutcome): { status: 'retracted' | 'already-gone' | 'impossible'; detail: string; correction: boolean } => {
    if (o.kind === 'retracted') return { status: 'retracted', detail: `Retracted (${o.how}).`, correction: false };
    if (o.kind === 'already-gone') return { status: 'already-gone', detail: 'Already gone from the channel.', correction: false };
    return { status: 'impossible', detail: o.correctionOffered ? `${o.why} A correction can be sent to the same list (it goes through approval).` : o.why, correction: o.correctionOffered };
  };

  const execute = async (adapter: ChannelAdapter, job: RetractionRecord): Promise<void> => {
    // Evidence first: no evidence row for exactly this item, no retraction.
    const evidence = await control.evidence(job.evidenceId);
    if (!evidence || evidence.channelId !== job.channelId || evidence.itemId !== job.itemId) {
      await finish(job, 'failed', 'No evidence record for this item, so it was not retracted.');
      return;
    }
    await control.updateRetraction(job.id, { status: 'running', attempts: job.attempts + 1 });
    await progress(job, 'retracting', null);
    const started = clock.now().getTime();
    let outcome: RetractOutcome;
    try {
      outcome = await adapter.retract(job.itemId);
    } catch (err) {
      const f = isChannelError(err) ? err.failure : null;
      if (f?.kind === 'RATE_LIMITED') {
        // Scheduled, never dropped: back to pending until the channel's reset.
        await control.updateRetraction(job.id, { status: 'pending', notBefore: f.resetAt, detail: f.message });
        await progress(job, 'waiting', f.message);
        return;
      }
      if (f?.kind === 'NOT_FOUND') return finish(job, 'already-gone', 'Already gone from the channel.');
      const final = f?.kind === 'AUTH_REVOKED' || f?.kind === 'REJECTED' || job.attempts + 1 >= maxAttempts;
      if (final) return finish(job, 'failed', describeError(err));
      const notBefore = new Date(clock.now().getTime() + retryDelayMs * 2 ** job.attempts).toISOString();
      await control.updateRetraction(job.id, { status: 'pending', notBefore, detail: `${describeError(err)} Trying again at ${notBefore}.` });
      await progress(job, 'waiting', describeError(err));
      return;
    }
    const took = clock.now().getTime() - started;
    perItemMs.set(job.channelId, 0.8 * (perItemMs.get(job.channelId) ?? took) + 0.2 * took);
    const d = describeOutcome(outcome);
    await finish(job, d.status, d.detail, d.correction);
  };

  const drain = async (channelId: string): Promise<void> => {
    const adapter = adapters.get(channelId);
    if (!adapter) return;
    while (!stopped) {
      const pending = await control.retractionsIn(['pending'], channelId);
      const first = pending[0];
      if (!first) return;
      const nowMs = clock.now().getTime();
      const due = pending.find((j) => j.notBefore === null || Date.parse(j.notBefore) <= nowMs);
      const budget = retractBudget(adapter.limits());
      const resetMs = budget ? Date.parse(budget.resetAt) : Number.NaN;
      // Never exceed a budget: wait for the reset instead of spending a request on a certain 429.
      const exhaustedUntil = budget && budget.remaining <= 0 && resetMs > nowMs ? resetMs : null;
      if (!due || exhaustedUntil !== null) {
        const until = exhaustedUntil ?? Math.min(...pending.map((j) => Date.parse(j.notBefore ?? nowIso())));
        await progress(due ?? first, 'waiting', `Waiting for the channel's rate limit until ${new Date(until).toISOString()}.`);
        await sleep(until - nowMs, stopSignal.signal);
        continue;
      }
      await execute(adapter, due);
    }
  };

  const kick = (channelId: string): void => {
    if (workers.has(channelId) || stopped) return;
    const p = drain(channelId)
      .catch((err: unknown) => logger.error(`retraction worker for ${channelId} failed`, err))
      .finally(() => workers.delete(channelId));
    workers.set(channelId, p);
  };

  const capture = async (items: readonly StoredItem[], origin: RetractionRecord['origin'], actor: Actor, extra: Record<string, unknown> = {}, refusedIn: RetractRequestResult['refused'] = []): Promise<RetractRequestResult> => {
    const at = nowIso();
    const jobs = await control.transaction(async () => {
      const incidentId = (await control.currentIncident())?.id ?? null;
      const out: { record: RetractionRecord; evidenceId: number }[] = [];
      for (const item of items) {
        if (origin === 'quarantine' && (await control.freezeFor(item.channelId)) === null) continue;
        // Evidence first, in the same commit as the job: a crash leaves both or neither.
        const ev = await control.insertEvidence(evidenceFromItem(item, { capturedAt: at, capturedBy: actor.id, reason: origin === 'quarantine' ? 'quarantine' : 'retract', incidentId }));
        const images = (await deps.media?.observedMediaWithBytes(item.channelId, item.itemId)) ?? [];
        if (images.length > 0) await deps.media?.insertEvidenceMedia(ev.id, images);
        const { record, created } = await control.insertRetraction({ channelId: item.channelId, itemId: item.itemId, evidenceId: ev.id, origin, requestedBy: actor.id, requestedRole: actor.role, requestedAt: at });
        if (created) await ledger.setStatus(item.channelId, item.itemId, 'retracting', null);
        if (origin === 'quarantine') {
          await audit.append({ actor: actor.id, role: actor.role, action: 'quarantine.capture', target: `${item.channelId}:${item.itemId}`, reason: 'new unverified item while frozen', details: { evidenceId: ev.id, retractionId: record.id, rawSha256: ev.rawSha256, textSha256: ev.textSha256 } });
        }
        out.push({ record, evidenceId: ev.id });
      }
      if (origin !== 'quarantine') {
        await audit.append({
          actor: actor.id, role: actor.role, action: 'retract.request', target: [...new Set(items.map((i) => i.channelId))].join(',') || null,
          details: { origin, count: out.length, items: out.slice(0, 200).map((j) => `${j.record.channelId}:${j.record.itemId}`), refused: refusedIn.length, ...extra },
        });
      }
      return out;
    });
    for (const { record, evidenceId } of jobs) {
      if (origin === 'quarantine') events.emit('quarantine.captured', { channelId: record.channelId, itemId: record.itemId, evidenceId, retractionId: record.id, at });
      await progress(record, 'queued', null);
    }
    const channels = [...new Set(jobs.map((j) => j.record.channelId))];
    const etas = Object.fromEntries(await Promise.all(channels.map(async (c) => [c, await eta(c)] as const)));
    for (const c of channels) kick(c);
    return { jobs: jobs.map(({ record, evidenceId }) => ({ retractionId: record.id, channelId: record.channelId, itemId: record.itemId, evidenceId })), refused: refusedIn, eta: etas };
  };

  const resolve = async (targets: readonly RetractTarget[]): Promise<{ items: StoredItem[]; refused: { channelId: string; itemId: string; why: string }[] }> => {
    const items: StoredItem[] = [];
    const refused: { channelId: string; itemId: string; why: string }[] = [];
    const seen = new Set<string>();
    for (const t of targets) {
      if (!channelIdPattern.test(t.channelId) || typeof t.itemId !== 'string' || t.itemId === '' || t.itemId.length > 200) throw new AppError('BAD_INPUT', 'Each item to retract needs a channel id and an item id.');
      const key = `${t.channelId}\u0000${t.itemId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const stored = await ledger.get(t.channelId, t.itemId);
      if (!stored) refused.push({ ...t, why: 'Control Room never observed this item, so it has no evidence to keep; it was not retracted.' });
      else if (!adapters.has(t.channelId)) refused.push({ ...t, why: `Channel ${t.channelId} is not connected.` });
      else if (stored.status === 'retracted' || stored.status === 'impossible') refused.push({ ...t, why: `Already ${stored.status}.` });
      else items.push(stored);
    }
    return { items, refused };
  };

  return {
    async retract(targets, actor) {
      requireSupervisor(actor, 'retract items');
      if (!Array.isArray(targets) || targets.length === 0) throw new AppError('BAD_INPUT', 'Select the items to retract.');
      const { items, refused } = await resolve(targets);
      return capture(items, 'manual', actor, {}, refused);
    },
    async retractUnverifiedSince(sinceIso, channelIds, actor) {
      requireSupervisor(actor, 'retract items');
      if (!Number.isFinite(Date.parse(sinceIso))) throw new AppError('BAD_INPUT', 'Give the time to retract unverified items since.');
      if (channelIds.some((c) => !channelIdPattern.test(c))) throw new AppError('BAD_INPUT', 'One of the channel ids is not valid.');
      const since = new Date(sinceIso).toISOString();
      // An older item edited into something unverified since then counts too: the edit is what appeared.
      const items = (await unverifiedAppearedSince(ledger, channelIds, since)).filter((i) => i.status === 'live' || i.status === 'failed');
      const unconnected = items.filter((i) => !adapters.has(i.channelId));
      return capture(items.filter((i) => adapters.has(i.channelId)), 'since', actor, { since, channels: [...channelIds] }, unconnected.map((i) => ({ channelId: i.channelId, itemId: i.itemId, why: `Channel ${i.channelId} is not connected.` })));
    },
    capture: (items, origin, actor) => capture(items, origin, actor),
    eta,
    async recover() {
      for (const job of await control.retractionsIn(['running'])) await control.updateRetraction(job.id, { status: 'pending' });
      for (const c of new Set((await control.retractionsIn(['pending'])).map((j) => j.channelId))) kick(c);
    },
    async idle() {
      while (workers.size > 0) await Promise.all([...workers.values()]);
    },
    async stop() {
      stopped = true;
      stopSignal.abort();
      while (workers.size > 0) await Promise.all([...workers.values()]);
    },
  };
}
