// The live monitor: one read loop per channel, paced by its rate-limit budget, reporting each
// channel's health and every new item, and noticing items that vanish from a channel. Channels
// that push (adapter.watch) wake their loop for an immediate full read, coalesced and still
// paced by the budget; the poll keeps running underneath as the fallback. In team mode one desk
// reads each channel: the one holding the channel's reader lease in the shared store, renewed while
// it runs; the other desks wait, ask for the lease again, and take over where the reader stopped
// (the cursor is shared) when its lease runs out or is released.
import { isChannelError, type ChannelAdapter, type ChannelHealth, type ObservedItem, type RateBudget } from '../../channels/types';
import type { StoredItem } from '../../store/records';
import type { DesksRepository, MediaRepository, MonitorRepository } from '../../store/repositories';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import { realSleep, type Sleep } from '../../lib/sleep';
import { backoffDelay, paceDelay } from './pacing';
import { newChannelMemory, processBatch, type ChannelMemory, type ImageCheck, type ScoringSource } from './process-batch';
import { imageMismatch, resolveItemMedia } from './read-media';

export interface MonitoredChannel {
  readonly id: string;
  readonly name: string;
  readonly adapter: ChannelAdapter;
  readonly pollIntervalMs: number;
  /**
   * This desk cannot read the channel (its credential is not in this desk's keychain). Team mode: it
   * never asks for the reader lease, which it would hold while every read failed, so nobody would
   * read the channel for the bureau; a desk that can read it takes it.
   */
  readonly unreadable?: boolean;
}

export interface ChannelReport {
  readonly channelId: string;
  readonly health: ChannelHealth;
  readonly lastReadAt: string | null;
  readonly budgets: readonly RateBudget[];
}

/** A listener may return a promise: the read waits for it (quarantine captures before the next read). */
export interface MonitorListener {
  itemsObserved?(channelId: string, items: readonly StoredItem[]): void | Promise<void>;
  itemsGone?(channelId: string, itemIds: readonly string[]): void | Promise<void>;
  health?(report: ChannelReport): void | Promise<void>;
  /** Team mode: this desk took (true) or lost (false) the channel's reader lease. */
  readerChanged?(channelId: string, reading: boolean): void | Promise<void>;
}

/** Team mode: the shared store's reader leases, and this desk's id in them. */
export interface ReaderLeases {
  readonly deskId: string;
  readonly repo: Pick<DesksRepository, 'acquireReader' | 'renewReader' | 'releaseReader'>;
  /** How long a grant or renewal lasts (default 4 s): a dead reader's channel is free after this. */
  readonly leaseMs?: number;
  /** How often the reader renews (default 1.5 s). */
  readonly renewMs?: number;
  /** How often a desk not reading asks for the lease (default 0.5 s): a dead reader is replaced within leaseMs + askMs. */
  readonly askMs?: number;
}

export const defaultReaderLeaseMs = 4000;
export const defaultReaderRenewMs = 1500;
export const defaultReaderAskMs = 500;

export interface MonitorDeps {
  readonly repo: MonitorRepository;
  /** Where the images of items read back are kept; without it, images are not fetched. */
  readonly media?: MediaRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Read at each batch when a function: a settings change applies to the next item. */
  readonly scoring: ScoringSource;
  /** Injected so tests can run an hour of reading in a second. */
  readonly sleep?: Sleep;
  /** Every Nth read is a full read of the recent window, to notice deletions. */
  readonly fullReadEvery?: number;
  /** A push never reads sooner than this after the previous read: a burst costs one read. */
  readonly pushMinGapMs?: number;
  /** Team mode: read a channel only while this desk holds its lease. Absent (one desk): read every channel. */
  readonly readers?: ReaderLeases;
}

interface ChannelLoop {
  readonly channel: MonitoredChannel;
  abort: AbortController | null;
  running: Promise<void> | null;
  readonly memory: ChannelMemory;
  health: ChannelHealth;
  lastReadAt: string | null;
  failures: number;
  reads: number;
  /** The channel pushed a change since the last read began. */
  pushPending: boolean;
  /** Ends the current wait early when a push arrives. */
  wake: AbortController | null;
  lastReadEndMs: number;
  watching: Promise<void> | null;
  /** Team mode: the fencing token of the lease this desk holds on the channel, null when it does not read it. */
  lease: number | null;
  /** Team mode: until when (performance.now()) the lease is known to run; no read starts after it. */
  leaseUntil: number;
  /** Team mode: stops this desk's reading (poll and push watch) when the lease is lost. */
  reading: AbortController | null;
  /** Team mode: the loop that takes, renews and releases the lease. */
  keeping: Promise<void> | null;
}

export interface Monitor {
  /** Adds a channel; its loop starts at once when the monitor is running. */
  add(channel: MonitoredChannel): void;
  remove(channelId: string): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  /** One read of one channel now; returns the new items and those an edit changed. */
  pollOnce(channelId: string): Promise<readonly StoredItem[]>;
  /** The delay the loop would wait after the last read. */
  nextDelay(channelId: string): number;
  report(channelId: string): ChannelReport;
  reports(): ChannelReport[];
  subscribe(listener: MonitorListener): () => void;
}

export function createMonitor(deps: MonitorDeps): Monitor {
  const loops = new Map<string, ChannelLoop>();
  const listeners = new Set<MonitorListener>();
  const sleep = deps.sleep ?? realSleep;
  const fullReadEvery = deps.fullReadEvery ?? 10;
  const pushMinGapMs = deps.pushMinGapMs ?? 200;
  let started = false;

  const loopOf = (channelId: string): ChannelLoop => {
    const loop = loops.get(channelId);
    if (!loop) throw new Error(`unknown channel ${channelId}`);
    return loop;
  };
  const reportOf = (loop: ChannelLoop): ChannelReport => ({
    channelId: loop.channel.id,
    health: loop.health,
    lastReadAt: loop.lastReadAt,
    budgets: loop.channel.adapter.limits(),
  });
  const emit = async (f: (l: MonitorListener) => void | Promise<void>): Promise<void> => {
    for (const l of listeners) {
      try {
        await f(l);
      } catch (err) {
        deps.logger.error('monitor listener failed', err);
      }
    }
  };
  const setHealth = async (loop: ChannelLoop, health: ChannelHealth): Promise<void> => {
    loop.health = health;
    await emit((l) => l.health?.(reportOf(loop)));
  };

  const detectGone = async (loop: ChannelLoop, visibleIds: readonly string[], complete: boolean, at: string): Promise<void> => {
    const id = loop.channel.id;
    const visible = new Set(visibleIds);
    const seenTimes: string[] = [];
    for (const v of visibleIds) {
      const seen = (await deps.repo.get(id, v))?.firstSeenAt;
      if (seen !== undefined) seenTimes.push(seen);
    }
    if (!complete && seenTimes.length === 0) return;
    const oldest = complete ? null : seenTimes.reduce((a, b) => (a < b ? a : b));
    const gone = (await deps.repo.liveItemIdsSince(id, oldest))
      .map((r) => r.itemId)
      .filter((itemId) => !visible.has(itemId));
    if (gone.length === 0) return;
    await deps.repo.markGone(id, gone, at);
    await emit((l) => l.itemsGone?.(id, gone));
  };

  const read = async (loop: ChannelLoop): Promise<readonly StoredItem[]> => {
    const { channel } = loop;
    const state = await deps.repo.cursor(channel.id);
    // A pushed change may be a deletion: read the whole recent window.
    const full = loop.reads % fullReadEvery === 0 || loop.pushPending;
    loop.pushPending = false;
    loop.reads++;
    const result = await channel.adapter.readSince(full ? null : state.cursor);
    const now = deps.clock.now();
    const at = now.toISOString();
    const profile = result.profile ? JSON.stringify(result.profile) : state.profile;
    loop.memory.profileChanged = state.profile !== null && profile !== state.profile;
    const mode = state.lastReadAt === null ? 'baseline' : 'live';
    // Images are fetched and inspected before the items are classified and stored, so an alarm,
    // quarantine and evidence all see them; items already stored are not fetched again.
    const media = deps.media;
    const withMedia: ObservedItem[] = [];
    if (media) {
      for (const i of result.items) if ((i.media?.length ?? 0) > 0 && !(await deps.repo.exists(channel.id, i.channelItemId))) withMedia.push(i);
    }
    const imagesOf = media ? await resolveItemMedia(channel.adapter, withMedia) : new Map<string, never[]>();
    const imageCheck: ImageCheck | undefined = media && channel.adapter.fetchMedia
      ? async (item, hash) => {
          const expected = await media.expectedMedia(channel.id, item.channelItemId, hash);
          return expected ? imageMismatch(expected, imagesOf.get(item.channelItemId) ?? []) : null;
        }
      : undefined;
    const fresh = await processBatch(channel.id, result.items, now, deps.repo, loop.memory, deps.scoring, mode, imageCheck);
    if (media) {
      for (const item of fresh) {
        const found = imagesOf.get(item.itemId);
        if (found) await media.setObservedMedia(channel.id, item.itemId, found);
      }
    }
    await deps.repo.saveCursor(channel.id, result.cursor ?? state.cursor, at, profile);
    loop.lastReadAt = at;
    loop.lastReadEndMs = now.getTime();
    loop.failures = 0;
    if (result.visibleIds) await detectGone(loop, result.visibleIds, result.windowComplete, at);
    if (loop.health.state !== 'ok') await setHealth(loop, { state: 'ok' });
    else await emit((l) => l.health?.(reportOf(loop)));
    if (fresh.length > 0) await emit((l) => l.itemsObserved?.(channel.id, fresh));
    return fresh;
  };

  const delayAfter = (loop: ChannelLoop): number => {
    const now = deps.clock.now().getTime();
    const h = loop.health;
    if (h.state === 'rate-limited') return Math.max(loop.channel.pollIntervalMs, Date.parse(h.until) - now + 250);
    if (loop.failures > 0) return backoffDelay(loop.channel.pollIntervalMs, loop.failures);
    return paceDelay(loop.channel.pollIntervalMs, loop.channel.adapter.limits().find((b) => b.endpoint === 'read'), now);
  };

  const pollSafely = async (loop: ChannelLoop): Promise<readonly StoredItem[]> => {
    try {
      return await read(loop);
    } catch (err) {
      loop.lastReadEndMs = deps.clock.now().getTime();
      loop.failures++;
      if (!isChannelError(err)) {
        deps.logger.error(`reading ${loop.channel.id} failed`, err);
        await setHealth(loop, { state: 'degraded', why: 'unexpected error while reading (see the log)' });
        return [];
      }
      const f = err.failure;
      if (f.kind === 'RATE_LIMITED') await setHealth(loop, { state: 'rate-limited', until: f.resetAt });
      else if (f.kind === 'AUTH_REVOKED') await setHealth(loop, { state: 'auth-revoked', why: f.message });
      else if (f.kind === 'UNAVAILABLE' || f.kind === 'OUTCOME_UNKNOWN') await setHealth(loop, { state: 'offline', why: f.message });
      else await setHealth(loop, { state: 'degraded', why: f.message });
      return [];
    }
  };

  /** After a push: at once, but never sooner than the minimum gap nor faster than the budget. */
  const pushDelay = (loop: ChannelLoop): number => {
    // A channel that is rate-limited or failing keeps its poll's back-off: a push does not hurry it.
    if (loop.health.state === 'rate-limited' || loop.failures > 0) return delayAfter(loop);
    const now = deps.clock.now().getTime();
    const gap = paceDelay(pushMinGapMs, loop.channel.adapter.limits().find((b) => b.endpoint === 'read'), now);
    return Math.max(0, gap - (now - loop.lastReadEndMs));
  };

  const waitForNext = async (loop: ChannelLoop, signal: AbortSignal): Promise<void> => {
    if (!loop.pushPending) {
      const wake = new AbortController();
      loop.wake = wake;
      await sleep(delayAfter(loop), AbortSignal.any([signal, wake.signal]));
      loop.wake = null;
    }
    // Pushes arriving during this wait only set the flag again: one read covers them all.
    if (loop.pushPending && !signal.aborted) await sleep(pushDelay(loop), signal);
  };

  /** Items the channel pushed itself: classified and stored now, as a read would; no read spent. */
  const takePushed = async (loop: ChannelLoop, items: readonly ObservedItem[]): Promise<void> => {
    const { channel } = loop;
    const now = deps.clock.now();
    const fresh = await processBatch(channel.id, items, now, deps.repo, loop.memory, deps.scoring, 'live');
    if (fresh.length > 0) await emit((l) => l.itemsObserved?.(channel.id, fresh));
  };

  const onPush = async (loop: ChannelLoop, pushed?: readonly ObservedItem[]): Promise<void> => {
    // Before the first read (the baseline) everything goes through a read, pushed or not; so do
    // items with images, whose bytes only a read fetches and checks.
    const takeable = pushed && pushed.length > 0 && pushed.every((i) => (i.media?.length ?? 0) === 0);
    try {
      if (takeable && (await deps.repo.cursor(loop.channel.id)).lastReadAt !== null) {
        await takePushed(loop, pushed);
        return;
      }
    } catch (err) {
      deps.logger.error(`taking pushed items of ${loop.channel.id} failed; reading instead`, err);
    }
    loop.pushPending = true;
    loop.wake?.abort();
  };

  /** Team mode: a lease renewed too late (the database slow or gone) may already be another desk's. */
  const leaseRunning = (loop: ChannelLoop): boolean => !deps.readers || performance.now() < loop.leaseUntil;

  const runLoop = async (loop: ChannelLoop, signal: AbortSignal): Promise<void> => {
    while (!signal.aborted) {
      if (leaseRunning(loop)) await pollSafely(loop);
      if (signal.aborted) break;
      await waitForNext(loop, signal);
    }
  };

  /** Polls the channel and watches its pushes until `signal` aborts. */
  const startReading = (loop: ChannelLoop, signal: AbortSignal): void => {
    loop.running = runLoop(loop, signal);
    const { adapter } = loop.channel;
    if (adapter.watch) {
      loop.watching = adapter.watch((pushed) => void onPush(loop, pushed), signal).catch((err: unknown) => {
        // Push is an accelerator: without it the poll still reads on its interval.
        deps.logger.error(`watching ${loop.channel.id} failed; polling only`, err);
      });
    }
  };
  const stopReading = async (loop: ChannelLoop): Promise<void> => {
    loop.reading?.abort();
    await Promise.all([loop.running, loop.watching]);
    loop.reading = null;
    loop.running = null;
    loop.watching = null;
  };

  /**
   * Team mode: asks for the channel's lease until granted, then reads and renews it; a renewal
   * refused or failing (the database gone) stops this desk's reading at once, and it asks again.
   * On stop the lease is released, so another desk takes over without waiting for it to run out.
   */
  const keepLease = async (loop: ChannelLoop, leases: ReaderLeases, signal: AbortSignal): Promise<void> => {
    const id = loop.channel.id;
    const leaseMs = leases.leaseMs ?? defaultReaderLeaseMs;
    const renewMs = leases.renewMs ?? defaultReaderRenewMs;
    const askMs = leases.askMs ?? defaultReaderAskMs;
    while (!signal.aborted) {
      const asked = performance.now();
      if (loop.lease === null) {
        const token = await leases.repo.acquireReader(id, leases.deskId, leaseMs).catch((err: unknown) => {
          deps.logger.warn(`asking for the reader lease of ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
          return null;
        });
        if (token !== null && !signal.aborted) {
          loop.lease = token;
          loop.leaseUntil = asked + leaseMs;
          deps.logger.info(`this desk now reads ${id} (lease ${token})`);
          await emit((l) => l.readerChanged?.(id, true));
          const reading = new AbortController();
          loop.reading = reading;
          startReading(loop, AbortSignal.any([signal, reading.signal]));
        }
      } else {
        const renewed = await leases.repo.renewReader(id, leases.deskId, loop.lease, leaseMs).catch((err: unknown) => {
          deps.logger.warn(`renewing the reader lease of ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
          return false;
        });
        if (renewed) loop.leaseUntil = asked + leaseMs;
        else {
          deps.logger.info(`this desk no longer reads ${id}: its lease was lost`);
          loop.lease = null;
          loop.leaseUntil = 0;
          await stopReading(loop);
          await emit((l) => l.readerChanged?.(id, false));
        }
      }
      await realSleep(loop.lease === null ? askMs : renewMs, signal);
    }
    await stopReading(loop);
    const token = loop.lease;
    loop.lease = null;
    loop.leaseUntil = 0;
    if (token !== null) await leases.repo.releaseReader(id, leases.deskId, token).catch((err: unknown) => deps.logger.warn(`releasing the reader lease of ${id} failed: ${err instanceof Error ? err.message : String(err)}`));
  };

  const startLoop = (loop: ChannelLoop): void => {
    if (loop.running || loop.keeping) return;
    const abort = new AbortController();
    loop.abort = abort;
    if (deps.readers && loop.channel.unreadable) void setHealth(loop, loop.channel.adapter.health());
    else if (deps.readers) loop.keeping = keepLease(loop, deps.readers, abort.signal);
    else startReading(loop, abort.signal);
  };
  const stopLoop = async (loop: ChannelLoop): Promise<void> => {
    loop.abort?.abort();
    await Promise.all([loop.running, loop.watching, loop.keeping]);
    loop.abort = null;
    loop.running = null;
    loop.watching = null;
    loop.keeping = null;
  };

  return {
    add(channel) {
      const loop: ChannelLoop = {
        channel,
        abort: null,
        running: null,
        memory: newChannelMemory(),
        health: { state: 'ok' },
        lastReadAt: null,
        failures: 0,
        reads: 0,
        pushPending: false,
        wake: null,
        lastReadEndMs: 0,
        watching: null,
        lease: null,
        leaseUntil: 0,
        reading: null,
        keeping: null,
      };
      loops.set(channel.id, loop);
      if (started) startLoop(loop);
    },
    async remove(channelId) {
      const loop = loops.get(channelId);
      if (!loop) return;
      await stopLoop(loop);
      loops.delete(channelId);
    },
    start() {
      started = true;
      for (const loop of loops.values()) startLoop(loop);
    },
    async stop() {
      started = false;
      await Promise.all([...loops.values()].map(stopLoop));
    },
    pollOnce: (channelId) => pollSafely(loopOf(channelId)),
    nextDelay: (channelId) => delayAfter(loopOf(channelId)),
    report: (channelId) => reportOf(loopOf(channelId)),
    reports: () => [...loops.values()].map(reportOf),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
