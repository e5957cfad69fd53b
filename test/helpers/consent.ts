// The OAuth consent tests' shared pieces: the AppError a flow ends with, and a stand-in for the
// system browser that follows every consent page the core announces (channels.authorize).
import { AppError } from '../../electron/shared/result';
import type { EventBus } from '../../electron/core/event-bus';

export async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(outcome instanceof AppError)) throw new Error(`expected an AppError, got ${String(outcome)}`);
  return outcome;
}

/** Follows each consent URL the core asks to open (the demo pages consent at once); returns them and the unsubscribe. */
export function followConsentPages(events: Pick<EventBus, 'subscribe'>): { opened: string[]; off: () => void } {
  const opened: string[] = [];
  const off = events.subscribe((name, payload) => {
    if (name !== 'channels.authorize') return;
    const url = (payload as { url: string }).url;
    opened.push(url);
    void fetch(url);
  });
  return { opened, off };
}
