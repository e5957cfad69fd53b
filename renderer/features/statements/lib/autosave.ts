// Saves what the person types without being asked: once typing pauses for `delayMs`, one save at a
// time (an explicit Save or Submit queues behind an autosave in flight, never beside it), and only
// when the content differs from what this saver last saved. A failure is reported, never swallowed;
// the text stays where it is and the next edit, Save or flush tries again.

export type SaveMode = 'auto' | 'explicit';

export type AutosaveStatus =
  | { readonly kind: 'idle' }
  /** Typed; a save follows when typing pauses. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved' }
  | { readonly kind: 'failed'; readonly message: string };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface AutosaveDeps<S> {
  readonly delayMs: number;
  /** What to save now, or null when there is nothing to save in this mode (nothing typed; autosave paused). */
  snapshot(mode: SaveMode): S | null;
  /** Equal fingerprints mean equal content: the second is not sent. */
  fingerprint(snapshot: S): string;
  save(snapshot: S, mode: SaveMode): Promise<void>;
  report(status: AutosaveStatus): void;
  /** The failure in words for the person typing. */
  describe(error: unknown): string;
  readonly timers?: Timers;
}

export interface Autosaver {
  /** The person typed: save once they pause. */
  edited(): void;
  /** Save now, after any save in flight; resolves once saved (or nothing needed saving), rejects with the failure. */
  flush(mode?: SaveMode): Promise<void>;
  /** Stops a waiting save (nothing is sent). */
  dispose(): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createAutosaver<S>(deps: AutosaveDeps<S>): Autosaver {
  const timers = deps.timers ?? realTimers;
  let timer: unknown = null;
  let queue: Promise<void> = Promise.resolve();
  let lastSaved: string | null = null;

  const cancelTimer = (): void => {
    if (timer === null) return;
    timers.clear(timer);
    timer = null;
  };

  const saveOnce = async (mode: SaveMode): Promise<void> => {
    const snapshot = deps.snapshot(mode);
    if (snapshot === null) {
      if (timer === null) deps.report({ kind: 'idle' });
      return;
    }
    const fingerprint = deps.fingerprint(snapshot);
    if (fingerprint !== lastSaved) {
      deps.report({ kind: 'saving' });
      try {
        await deps.save(snapshot, mode);
      } catch (error) {
        deps.report({ kind: 'failed', message: deps.describe(error) });
        throw error;
      }
      lastSaved = fingerprint;
    }
    // Typed again while this save was on its way: that text is still to be saved.
    deps.report(timer === null ? { kind: 'saved' } : { kind: 'pending' });
  };

  const enqueue = (mode: SaveMode): Promise<void> => {
    const run = queue.then(() => saveOnce(mode));
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    edited: () => {
      cancelTimer();
      deps.report({ kind: 'pending' });
      timer = timers.set(() => {
        timer = null;
        // Reported through `report`; the text stays on screen for the next try.
        enqueue('auto').catch(() => undefined);
      }, deps.delayMs);
    },
    flush: (mode = 'auto') => {
      cancelTimer();
      return enqueue(mode);
    },
    dispose: cancelTimer,
  };
}
