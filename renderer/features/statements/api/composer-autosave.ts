// Autosave for the composer: what is typed reaches the core (statements.save, a local SQLite write:
// no network, whatever the channels' state) within a second of the last keystroke, as a new version
// only when it changed. Only drafts are autosaved: a submitted or approved statement waits for an
// explicit Save (which withdraws or voids it, visibly), and the core refuses an autosave that would.
// Save and Submit go through the same queue, so they never race an autosave.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { callOrThrow, errorMessage } from '../../../lib/call';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';
import { registerUnsavedWork } from '../../../lib/unsaved-work';
import { createAutosaver, type Autosaver, type SaveMode } from '../lib/autosave';
import { composerActions, composerSnapshot, imagesOf, isBlank, onComposerEdited, variantsOf } from '../state/composer-store';
import { statementKeys, statementsQueryOptions } from './statements';

/** "Within about a second of the last keystroke": long enough not to save mid-word. */
export const autosaveDelayMs = 800;

type Snapshot = ReturnType<typeof composerSnapshot> & { readonly statementId: string };

/** Statuses autosave may write: a draft, or a rejected statement being revised. */
export function autosaveAllowed(status: string | undefined): boolean {
  return status === undefined || status === 'draft' || status === 'rejected';
}

function createComposerSaver(transport: Transport, queryClient: QueryClient): Autosaver {
  const statusOf = (id: string) => queryClient.getQueryData(statementsQueryOptions(transport).queryKey)?.find((s) => s.id === id)?.status;
  return createAutosaver<Snapshot>({
    delayMs: autosaveDelayMs,
    snapshot: (mode: SaveMode) => {
      const d = composerSnapshot();
      if (mode === 'auto') {
        if (!d.dirty || (d.statementId === null && isBlank(d))) return null;
        // Paused: the person sees why and saves explicitly (the core would refuse anyway).
        if (d.statementId !== null && !autosaveAllowed(statusOf(d.statementId))) return null;
      } else if (!d.dirty && d.statementId !== null) {
        return null;
      }
      let statementId = d.statementId;
      if (statementId === null) {
        statementId = crypto.randomUUID();
        composerActions().idAssigned(statementId);
      }
      return { ...d, statementId };
    },
    fingerprint: (s) => JSON.stringify([s.generation, s.statementId, s.title, s.canonicalText, variantsOf(s), imagesOf(s)]),
    save: async (s, mode) => {
      const result = await callOrThrow(transport, 'statements.save', {
        id: s.statementId,
        ...(s.baseVersion !== null ? { baseVersion: s.baseVersion } : {}),
        title: s.title,
        canonicalText: s.canonicalText,
        variants: variantsOf(s),
        images: imagesOf(s),
        ...(mode === 'auto' ? { autosave: true } : {}),
      });
      composerActions().draftSaved({
        generation: s.generation, revision: s.revision, statementId: result.statement.id, version: result.statement.version, conflict: result.conflict,
        savedLocallyAt: result.savedLocally?.at ?? null,
      });
      void queryClient.invalidateQueries({ queryKey: statementKeys.all });
    },
    report: (status) => composerActions().autosaveReported(status),
    describe: errorMessage,
  });
}

/** The saver of the composer on screen, if any. */
let mounted: Autosaver | null = null;

/** Saves what the composer holds before something replaces it; rejects (and the composer shows why) when that fails. */
export function saveComposerNow(): Promise<void> {
  return mounted ? mounted.flush() : Promise.resolve();
}

/** The composer's saver while the composer is on screen; leaving it (or the page) saves what is typed. */
export function useComposerAutosave(): Autosaver {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const saver = useRef<Autosaver | null>(null);
  saver.current ??= createComposerSaver(transport, queryClient);
  useEffect(() => {
    const current = saver.current;
    if (!current) return;
    const flushQuietly = () => void current.flush().catch(() => undefined);
    const stopEdits = onComposerEdited(() => current.edited());
    const unregister = registerUnsavedWork(() => current.flush());
    mounted = current;
    // A reload or a closed window: send what is typed while the page can still send.
    window.addEventListener('pagehide', flushQuietly);
    // Text left unsaved while the composer was away (a failed save, the lock screen) is saved now.
    if (composerSnapshot().dirty) current.edited();
    return () => {
      stopEdits();
      unregister();
      if (mounted === current) mounted = null;
      window.removeEventListener('pagehide', flushQuietly);
      flushQuietly();
    };
  }, []);
  return saver.current;
}
