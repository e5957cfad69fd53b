// Drafting keeps working when this desk loses the shared database. A save the database cannot take
// (or any save while the desk knows it is cut off, or while older offline saves still wait, so the
// order holds) is written to the desk's own journal (draft-journal.ts) and answered "saved on this
// desk". When the database answers again, the journal is replayed in order, each save as a new
// draft version. Exactly once: a save whose version is already the statement's current content
// counts as done (a crash between writing it and marking it). Never over someone else's work: if
// the statement moved on without us (another desk saved, or it was submitted, approved or
// published), the local text becomes a new draft beside it and the person is told.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/log';
import { AppError } from '../../shared/result';
import { statementContentHash } from './content-hash';
import type { DraftJournal, JournalEntry, JournalOutcome, OfflineNotice } from './draft-journal';
import { sameDraftContent, type SaveDraftInput, type SaveDraftResult, type StatementsService } from './statements-service';
import type { StatementView } from './types';
import type { StatementsRepository } from '../../store/repositories';
import type { DatabaseHealth } from '../team/database-health';

export interface LocalSave {
  readonly at: string;
  /** Saves on this desk still waiting for the database. */
  readonly pending: number;
}

export type OfflineSaveResult = SaveDraftResult & { readonly savedLocally?: LocalSave };

export interface SyncReport {
  readonly applied: number;
  readonly copied: number;
  /** Stopped early: the database went away again (the rest waits), or an entry failed (named in the log). */
  readonly stopped: string | null;
}

export interface OfflineDrafts {
  /** editorName: how the journal names the person for `control-room drafts` (it reads no database). */
  save(input: SaveDraftInput, editorId: string, editorName?: string): Promise<OfflineSaveResult>;
  /** Replays the journal into the shared store (one run at a time; a second call joins the first). */
  sync(): Promise<SyncReport>;
  pendingCount(): number;
  /** Why the last sync stopped on an entry the shared store refused (it stays on this desk), or null. */
  syncProblem(): string | null;
  notices(editorId: string): OfflineNotice[];
  dismiss(seq: number, editorId: string): void;
}

export interface OfflineDraftsDeps {
  readonly journal: DraftJournal;
  readonly statements: StatementsService;
  readonly repository: Pick<StatementsRepository, 'getStatement'>;
  readonly health: DatabaseHealth;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A statement changed in the shared store because of a sync (the screens re-read it). */
  readonly changed?: (statementId: string) => void;
  /** An entry reached the shared store (the audit log records it: the save itself could not be recorded offline). */
  readonly synced?: (entry: JournalEntry, outcome: JournalOutcome) => Promise<void>;
}

/** What the composer is answered for a save kept on this desk: the same statement, at the version it started from. */
function localView(input: SaveDraftInput & { id: string }, editorId: string, at: string): StatementView {
  return {
    id: input.id, authorId: editorId, status: 'draft', readyToPublish: false, version: input.baseVersion ?? 1,
    title: input.title, canonicalText: input.canonicalText, variants: input.variants, images: [],
    contentHash: statementContentHash({ title: input.title, variants: input.variants, images: input.images ?? [] }),
    savedBy: editorId, savedAt: at, submittedBy: null, submittedAt: null, approval: null, lastRejection: null, violations: [],
  };
}

function conflictReason(status: string, currentVersion: number): string {
  switch (status) {
    case 'pending': return 'it was submitted for approval meanwhile';
    case 'approved': return 'it was approved meanwhile';
    case 'published': return 'it was published meanwhile';
    default: return `it was changed on another desk meanwhile (now version ${currentVersion})`;
  }
}

export function createOfflineDrafts(d: OfflineDraftsDeps): OfflineDrafts {
  const { journal, statements, health, clock, logger } = d;
  let running: Promise<SyncReport> | null = null;
  let problem: string | null = null;

  const saveLocally = (input: SaveDraftInput, editorId: string, editorName: string | undefined): OfflineSaveResult => {
    const at = clock.now().toISOString();
    const withId = { ...input, id: input.id ?? randomUUID() };
    // The first offline save of a statement is compared with what the database held when the
    // composer opened it: that is what "changed meanwhile" is measured against.
    const chain = journal.chainBase(withId.id);
    journal.append({ editorId, editorName: editorName ?? null, statementId: withId.id, baseVersion: chain ? chain.baseVersion : (input.baseVersion ?? null), input: withId, savedAt: at });
    return { statement: localView(withId, editorId, at), saved: true, conflict: false, savedLocally: { at, pending: journal.pending().length } };
  };

  const saveAt = async (e: JournalEntry, id: string, baseVersion: number | undefined): Promise<number> => {
    const { autosave: _autosave, ...rest } = e.input;
    const r = await statements.saveDraft({ ...rest, id, ...(baseVersion !== undefined ? { baseVersion } : {}) }, e.editorId);
    if (r.saved) d.changed?.(id);
    return r.statement.version;
  };

  /** Puts one journal entry into the shared store; settles it in the journal once it is there. */
  const replay = async (e: JournalEntry): Promise<'applied' | 'copied'> => {
    // Planned before a crash: finish that copy (it may already exist).
    if (e.copyId !== null) return copyBeside(e, e.copyId, null);
    const target = journal.copyOf(e.statementId) ?? e.statementId;
    const record = await d.repository.getStatement(target);
    if (!record) {
      if (target === e.statementId && e.baseVersion === null) {
        await settle(e, { kind: 'applied', statementId: target, version: await saveAt(e, target, undefined) });
        return 'applied';
      }
      return copyBeside(e, randomUUID(), 'it no longer exists in the shared store');
    }
    const current = await statements.getVersion(target, record.currentVersion);
    if (sameDraftContent(e.input, current)) {
      // Already there: our own earlier sync (before a crash) or the same text typed elsewhere.
      await settle(e, { kind: 'applied', statementId: target, version: record.currentVersion });
      return 'applied';
    }
    const ours = new Set([...(target === e.statementId && e.baseVersion !== null ? [e.baseVersion] : []), ...journal.appliedVersions(target)]);
    if ((record.status === 'draft' || record.status === 'rejected') && ours.has(record.currentVersion)) {
      await settle(e, { kind: 'applied', statementId: target, version: await saveAt(e, target, record.currentVersion) });
      return 'applied';
    }
    return copyBeside(e, randomUUID(), conflictReason(record.status, record.currentVersion));
  };

  /** The local text as a new draft beside the statement; the id is journalled first so a crash cannot make two. */
  const copyBeside = async (e: JournalEntry, copyId: string, reason: string | null): Promise<'copied'> => {
    const why = reason ?? 'it changed while this desk was offline';
    if (e.copyId === null) journal.planCopy(e.seq, copyId);
    const existing = await d.repository.getStatement(copyId);
    const version = existing ? (await saveAt(e, copyId, existing.currentVersion)) : await saveAt(e, copyId, undefined);
    await settle(e, { kind: 'copied', statementId: copyId, version, reason: why });
    logger.warn(`an offline draft of statement ${e.statementId} was kept as a new draft ${copyId}: ${why}`);
    return 'copied';
  };

  /** Settles an entry in the journal, then has it recorded (a failure to record is logged, the entry stays settled). */
  const settle = async (e: JournalEntry, outcome: JournalOutcome): Promise<void> => {
    journal.settle(e.seq, outcome, clock.now().toISOString());
    await d.synced?.(e, outcome).catch((err: unknown) => logger.error(`could not record the synced offline draft #${e.seq} in the audit log`, err));
  };

  const run = async (): Promise<SyncReport> => {
    let applied = 0;
    let copied = 0;
    for (;;) {
      const next = journal.pending()[0];
      if (!next) {
        problem = null;
        return { applied, copied, stopped: null };
      }
      try {
        if ((await replay(next)) === 'applied') applied++;
        else copied++;
        // The database answered: whatever waited for it may go.
        health.succeeded();
      } catch (err) {
        if (health.failed(err)) return { applied, copied, stopped: 'the database is unreachable again' };
        // Kept in the journal (nothing is dropped); the next sync tries again.
        logger.error(`could not sync the offline draft #${next.seq} of statement ${next.statementId}; it stays on this desk`, err);
        const message = err instanceof Error ? err.message : String(err);
        problem = `A draft saved on this desk while it was offline could not be synced (${message}). It stays on this desk and is tried again at the next reconnection or start.`;
        return { applied, copied, stopped: message };
      }
    }
  };

  const sync = (): Promise<SyncReport> => {
    running ??= run().finally(() => (running = null));
    return running;
  };

  return {
    async save(input, editorId, editorName) {
      // Offline, or older offline saves of this statement still waiting: this one joins them, in
      // order. (Only this statement's: one entry the shared store refuses must not hold every draft.)
      if (!health.state().reachable || (input.id !== undefined && journal.chainBase(input.id) !== null)) {
        if (health.state().reachable) void sync();
        return saveLocally(input, editorId, editorName);
      }
      // The composer still holds the version it had before its offline saves were synced: it goes on from what they became.
      const resumed = input.id !== undefined && input.baseVersion !== undefined ? journal.resumeFrom(input.id, input.baseVersion) : null;
      const online = resumed ? { ...input, id: resumed.statementId, baseVersion: Math.max(resumed.version, input.baseVersion ?? 0) } : input;
      try {
        return await statements.saveDraft(online, editorId);
      } catch (err) {
        if (err instanceof AppError || !health.failed(err)) throw err;
        return saveLocally(online, editorId, editorName);
      }
    },
    sync,
    pendingCount: () => journal.pending().length,
    syncProblem: () => problem,
    notices: (editorId) => journal.notices(editorId),
    dismiss: (seq, editorId) => journal.dismiss(seq, editorId),
  };
}
