// The drafts a desk saved while it could not reach the shared database: a small SQLite file of its
// own in the desk's data directory (never the shared store, never migrated with it), written with
// synchronous=FULL so a save the screen called "saved on this desk" survives a power cut. Each row is
// one save as the person made it, kept in order; sync (offline-drafts.ts) marks each row once it is
// in the shared store, as a version of its statement (applied) or as a new draft beside it (copied).
import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { SaveDraftInput } from './statements-service';

export const draftJournalFileName = 'offline-drafts.sqlite';

export interface JournalEntry {
  readonly seq: number;
  readonly editorId: string;
  /** Who that was, as the screen named them when saving (read by `control-room drafts` without the database); null in older journals. */
  readonly editorName: string | null;
  /** The statement it was typed into (a new one's client-chosen id). */
  readonly statementId: string;
  /** The version the composer started from; null for a statement not yet in the shared store. */
  readonly baseVersion: number | null;
  readonly input: SaveDraftInput & { readonly id: string };
  readonly savedAt: string;
  /** Sync picked this id for a copy beside the statement, before creating it (so a crash cannot make two). */
  readonly copyId: string | null;
}

export type JournalOutcome =
  | { readonly kind: 'applied'; readonly statementId: string; readonly version: number }
  | { readonly kind: 'copied'; readonly statementId: string; readonly version: number; readonly reason: string };

export interface OfflineNotice {
  readonly seq: number;
  readonly editorId: string;
  readonly statementId: string;
  readonly copyId: string;
  readonly title: string;
  readonly reason: string;
  readonly at: string;
}

export interface DraftJournal {
  append(entry: Omit<JournalEntry, 'seq' | 'copyId' | 'editorName'> & { readonly editorName?: string | null }): JournalEntry;
  /** Not yet in the shared store, oldest first. */
  pending(): JournalEntry[];
  /** Versions this journal already wrote to a statement (to tell our own earlier syncs from another desk's edits). */
  appliedVersions(statementId: string): number[];
  /** Where earlier entries of this statement went after a conflict (later ones follow them there). */
  copyOf(statementId: string): string | null;
  /** The base of the offline saves of this statement still waiting (later saves join that chain), if any. */
  chainBase(statementId: string): { readonly baseVersion: number | null } | null;
  /**
   * Where a composer that started from baseVersion continues once its offline saves are synced:
   * the statement (or the copy beside it) and the version they became. Null when none were.
   */
  resumeFrom(statementId: string, baseVersion: number): { readonly statementId: string; readonly version: number } | null;
  planCopy(seq: number, copyId: string): void;
  settle(seq: number, outcome: JournalOutcome, at: string): void;
  /** Copies made because of a conflict, not yet dismissed by the person. */
  notices(editorId: string): OfflineNotice[];
  dismiss(seq: number, editorId: string): void;
  close(): void;
}

type Row = Record<string, string | number | null>;

function entryOf(r: Row): JournalEntry {
  return {
    seq: Number(r['seq']),
    editorId: String(r['editor_id']),
    editorName: r['editor_name'] === null || r['editor_name'] === undefined ? null : String(r['editor_name']),
    statementId: String(r['statement_id']),
    baseVersion: r['base_version'] === null ? null : Number(r['base_version']),
    input: JSON.parse(String(r['input'])) as JournalEntry['input'],
    savedAt: String(r['saved_at']),
    copyId: r['copy_id'] === null ? null : String(r['copy_id']),
  };
}

const pendingSql = 'SELECT * FROM offline_drafts WHERE synced_at IS NULL ORDER BY seq';

/**
 * The saves still waiting in the journal at `path`, oldest first, read without writing anything
 * (`control-room drafts`, the start-up refusal: no database, possibly beside a running desk).
 * Null when this desk has no journal file (it never ran in team mode).
 */
export function readPendingDrafts(path: string): JournalEntry[] | null {
  if (!existsSync(path)) return null;
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    return (db.prepare(pendingSql).all() as Row[]).map(entryOf);
  } finally {
    db.close();
  }
}

/** Opens (or makes) the journal at `path`: join(dataDir, draftJournalFileName), or ':memory:' where there is no shared database. */
export function openDraftJournal(path: string): DraftJournal {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: "saved on this desk" means on the disk, not in a cache a power cut loses.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS offline_drafts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    editor_id TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    base_version INTEGER,
    input TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    copy_id TEXT,
    outcome TEXT,
    outcome_statement_id TEXT,
    outcome_version INTEGER,
    reason TEXT,
    synced_at TEXT,
    dismissed INTEGER NOT NULL DEFAULT 0
  )`);
  // Added after the first journals were written: a desk's existing file gains the column in place.
  if (!(db.prepare('PRAGMA table_info(offline_drafts)').all() as Row[]).some((c) => c['name'] === 'editor_name')) {
    db.exec('ALTER TABLE offline_drafts ADD COLUMN editor_name TEXT');
  }
  const rows = (sql: string, ...params: (string | number | null)[]): Row[] => db.prepare(sql).all(...params) as Row[];
  return {
    append(e) {
      const r = db
        .prepare('INSERT INTO offline_drafts (editor_id, editor_name, statement_id, base_version, input, saved_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq')
        .get(e.editorId, e.editorName ?? null, e.statementId, e.baseVersion, JSON.stringify(e.input), e.savedAt) as Row;
      return { ...e, editorName: e.editorName ?? null, seq: Number(r['seq']), copyId: null };
    },
    pending: () => rows(pendingSql).map(entryOf),
    appliedVersions: (statementId) =>
      rows("SELECT outcome_version FROM offline_drafts WHERE synced_at IS NOT NULL AND outcome_statement_id = ? AND outcome IN ('applied', 'copied')", statementId).map((r) => Number(r['outcome_version'])),
    copyOf: (statementId) => {
      const r = rows('SELECT copy_id FROM offline_drafts WHERE statement_id = ? AND copy_id IS NOT NULL ORDER BY seq DESC LIMIT 1', statementId)[0];
      return r ? String(r['copy_id']) : null;
    },
    chainBase: (statementId) => {
      const r = rows('SELECT base_version FROM offline_drafts WHERE statement_id = ? AND synced_at IS NULL ORDER BY seq LIMIT 1', statementId)[0];
      return r ? { baseVersion: r['base_version'] === null ? null : Number(r['base_version']) } : null;
    },
    resumeFrom: (statementId, baseVersion) => {
      const r = rows(
        'SELECT outcome_statement_id, outcome_version FROM offline_drafts WHERE statement_id = ? AND synced_at IS NOT NULL AND (base_version = ? OR base_version IS NULL) ORDER BY seq DESC LIMIT 1',
        statementId, baseVersion,
      )[0];
      return r ? { statementId: String(r['outcome_statement_id']), version: Number(r['outcome_version']) } : null;
    },
    planCopy(seq, copyId) {
      db.prepare('UPDATE offline_drafts SET copy_id = ? WHERE seq = ?').run(copyId, seq);
    },
    settle(seq, outcome, at) {
      db.prepare('UPDATE offline_drafts SET outcome = ?, outcome_statement_id = ?, outcome_version = ?, reason = ?, synced_at = ? WHERE seq = ?').run(
        outcome.kind, outcome.statementId, outcome.version, outcome.kind === 'copied' ? outcome.reason : null, at, seq,
      );
    },
    notices: (editorId) =>
      rows("SELECT * FROM offline_drafts WHERE outcome = 'copied' AND reason IS NOT NULL AND dismissed = 0 AND editor_id = ? ORDER BY seq", editorId).map((r) => ({
        seq: Number(r['seq']),
        editorId: String(r['editor_id']),
        statementId: String(r['statement_id']),
        copyId: String(r['outcome_statement_id']),
        title: (JSON.parse(String(r['input'])) as { title: string }).title,
        reason: String(r['reason']),
        at: String(r['synced_at']),
      })),
    dismiss(seq, editorId) {
      db.prepare('UPDATE offline_drafts SET dismissed = 1 WHERE seq = ? AND editor_id = ?').run(seq, editorId);
    },
    close: () => db.close(),
  };
}
