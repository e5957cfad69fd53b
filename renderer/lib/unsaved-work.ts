// Work a feature keeps on screen before it reaches the core (the composer's text between
// keystroke and autosave). Whatever ends the session first asks each to save: signing out or
// locking drops what the screen holds, so it must be in the core before the call goes out.
type Flush = () => Promise<void>;

const flushes = new Set<Flush>();

/** Registers a flush; returns the function that removes it. */
export function registerUnsavedWork(flush: Flush): () => void {
  flushes.add(flush);
  return () => void flushes.delete(flush);
}

/** Saves everything registered; a failure is the feature's to show, it never blocks the caller. */
export async function saveUnsavedWork(): Promise<void> {
  await Promise.allSettled([...flushes].map((flush) => flush()));
}
