// The progress the control services push to the UI, as zod schemas the contract can adopt as they
// are (event name -> payload schema). Services emit through a ControlEventSink, never directly.
import { z } from 'zod';

const freezeView = z.object({
  /** A channel id, or '*' for every channel. */
  scope: z.string(),
  frozenBy: z.string(),
  frozenRole: z.string(),
  frozenAt: z.string(),
  reason: z.string(),
  incidentId: z.number().nullable(),
});

export const outboxStates = ['queued', 'scheduled', 'held', 'sending', 'sent', 'unknown', 'settling', 'retrying', 'rate-limited', 'failed'] as const;
export type OutboxProgressState = (typeof outboxStates)[number];

export const retractionStates = ['queued', 'waiting', 'retracting', 'retracted', 'already-gone', 'impossible', 'failed'] as const;
export type RetractionProgressState = (typeof retractionStates)[number];

export const controlEvents = {
  /** After every freeze or unfreeze: the whole frozen set, so a late listener needs nothing else. */
  'control.freezeChanged': z.object({
    frozen: z.array(freezeView),
    changedBy: z.string(),
    at: z.string(),
    /** Queued rows now held by the freeze. */
    heldRows: z.number().int(),
    /** Sends already past the gate when the freeze committed (they finish; their items are ours). */
    inFlight: z.number().int(),
  }),
  'outbox.progress': z.object({
    rowId: z.number().int(),
    statementId: z.string(),
    channelId: z.string(),
    state: z.enum(outboxStates),
    attempt: z.number().int(),
    /** Why it is not going out now (frozen, scheduled, rate limited, retrying), or null. */
    heldReason: z.string().nullable(),
    /** When it will be tried next, if it waits. */
    notBefore: z.string().nullable(),
    itemId: z.string().nullable(),
    url: z.string().nullable(),
    error: z.string().nullable(),
    at: z.string(),
  }),
  'retraction.progress': z.object({
    retractionId: z.number().int(),
    channelId: z.string(),
    itemId: z.string(),
    origin: z.enum(['manual', 'since', 'quarantine']),
    state: z.enum(retractionStates),
    detail: z.string().nullable(),
    /** Email: nothing can be taken back; a correction bulletin can be drafted (normal approval). */
    correctionOffered: z.boolean(),
    /** When this channel's whole queue is expected to be done, on its rate-limit schedule. */
    eta: z.string().nullable(),
    /** Jobs still waiting on this channel after this one. */
    pending: z.number().int(),
    at: z.string(),
  }),
  'quarantine.captured': z.object({
    channelId: z.string(),
    itemId: z.string(),
    evidenceId: z.number().int(),
    retractionId: z.number().int(),
    at: z.string(),
  }),
  'lock.stepRecorded': z.object({
    channelId: z.string(),
    actionId: z.string(),
    label: z.string(),
    outcome: z.enum(['done', 'manual', 'failed']),
    detail: z.string(),
    runBy: z.string(),
    at: z.string(),
  }),
} as const;

export type ControlEventName = keyof typeof controlEvents;
export type ControlEventPayload<N extends ControlEventName> = z.output<(typeof controlEvents)[N]>;

/** Where progress goes; the app forwards it to the event bus, tests collect it. Must not throw. */
export interface ControlEventSink {
  emit<N extends ControlEventName>(name: N, payload: ControlEventPayload<N>): void;
}

export const noEvents: ControlEventSink = { emit: () => undefined };

/** Collects every event in order (tests, the CLI). */
export function createEventRecorder(): ControlEventSink & { readonly events: { name: ControlEventName; payload: unknown }[] } {
  const events: { name: ControlEventName; payload: unknown }[] = [];
  return {
    events,
    emit: (name, payload) => {
      events.push({ name, payload });
    },
  };
}
