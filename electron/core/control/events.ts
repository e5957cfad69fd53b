// The progress the control services push to the UI, as zod schemas the contract can adopt as they
// are (event name -> payload schema). Services emit through a ControlEventSink, never directly.
import type { z } from 'zod';
import { controlEvents } from '../../shared/contract-control';

export { controlEvents, outboxStates, retractionStates, type OutboxProgressState, type RetractionProgressState } from '../../shared/contract-control';

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
