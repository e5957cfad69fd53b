// What turns an event the app emits (or an element the page renders) into a benchmark sample.
// Each one matches the exact item (or run) it is about, so events for anything else, however
// many, never become a sample. Pure and light, so the unit tests can feed them streams.
import type { EventName } from '../../electron/shared/contract';
import { demoChannels, itemKey, keyFromTestId } from './item-keys';
import type { StageSampler } from './stage-sampler';
import { now } from './timing';
import { allChannels } from '../../electron/shared/all-channels';

type Listener = (name: EventName, payload: unknown) => void;

interface FeedItemsPayload {
  readonly channelId: string;
  readonly items: readonly { readonly itemId: string; readonly provenance: string }[];
}

/** feed.items -> `stage`, for items classified unverified only (a verified match is no alert). */
export function feedItemsListener<S extends string>(sampler: StageSampler<S>, stage: S, clock: () => number = now): Listener {
  return (name, payload) => {
    if (name !== 'feed.items') return;
    const at = clock();
    const p = payload as FeedItemsPayload;
    for (const item of p.items) if (item.provenance === 'unverified') sampler.observe(stage, itemKey(p.channelId, item.itemId), at);
  };
}

/** The page observer's [test id, time] pairs -> `stage`, by exact test id of a known channel. */
export function recordDomItems<S extends string>(sampler: StageSampler<S>, stage: S, items: readonly (readonly [string, number])[]): void {
  for (const [testId, at] of items) {
    const key = keyFromTestId(testId);
    if (key !== null) sampler.observe(stage, key, at);
  }
}

export type QuarantineStage = 'captured' | 'retracted' | 'impossible';

/**
 * quarantine.captured -> 'captured'; the quarantine's own retraction results -> 'retracted'
 * (website only: X's deletion is timed at the X server instead) and 'impossible' (email).
 */
export function quarantineListener(sampler: StageSampler<QuarantineStage>, clock: () => number = now): Listener {
  return (name, payload) => {
    const p = payload as { channelId: string; itemId: string; state?: string; origin?: string };
    if (name === 'quarantine.captured') sampler.observe('captured', itemKey(p.channelId, p.itemId), clock());
    if (name !== 'retraction.progress' || p.origin !== 'quarantine') return;
    if (p.state === 'retracted' && p.channelId === demoChannels.website) sampler.observe('retracted', itemKey(p.channelId, p.itemId), clock());
    if (p.state === 'impossible') sampler.observe('impossible', itemKey(p.channelId, p.itemId), clock());
  };
}

interface FreezeView {
  readonly scope: string;
}

/** Does this frozen set hold every one of `channels`? */
export function coversEvery(frozen: readonly FreezeView[], channels: readonly string[]): boolean {
  return frozen.some((f) => f.scope === allChannels) || channels.every((c) => frozen.some((f) => f.scope === c));
}

/** The time of the first control.freezeChanged covering every channel after each `arm()`. */
export function freezeEventWatch(channels: readonly string[], clock: () => number = now) {
  let armed = false;
  let at: number | null = null;
  const listener: Listener = (name, payload) => {
    if (!armed || name !== 'control.freezeChanged') return;
    if (coversEvery((payload as { frozen: FreezeView[] }).frozen, channels)) {
      at = clock();
      armed = false;
    }
  };
  return {
    arm(): void {
      armed = true;
      at = null;
    },
    at: (): number | null => at,
    listener,
  };
}

/** "[nonce-N]" in a text, title or subject -> the fan-out run it belongs to; null for anything else. */
export function runTokenOf(label: string, nonce: string): string | null {
  const m = new RegExp(`\\[(${nonce}-\\d+)\\]`).exec(label);
  return m ? m[1]! : null;
}

export interface Measure {
  readonly name: string;
  readonly duration: number;
}

/** Durations of one named User Timing measure; an absent measure gives no samples, never a zero. */
export function measuresNamed(measures: readonly Measure[], name: string): number[] {
  return measures.filter((m) => m.name === name && Number.isFinite(m.duration)).map((m) => m.duration);
}

export interface TimedEvent {
  readonly name: string;
  readonly payload: Record<string, unknown>;
  /** Bench time base (see timing.ts) when it was emitted. */
  readonly at: number;
}

const terminal = new Set(['retracted', 'already-gone', 'impossible', 'failed']);

/** Retraction results (every way a job can end), optionally for one channel. */
export function terminalProgress(events: readonly TimedEvent[], channelId?: string): TimedEvent[] {
  return events.filter((e) => e.name === 'retraction.progress' && terminal.has(String(e.payload['state'])) && (channelId === undefined || e.payload['channelId'] === channelId));
}
