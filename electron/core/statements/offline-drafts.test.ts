// The offline draft journal and its sync, on real SQLite files: the shared store stands in for the
// PostgreSQL one (the same service and repository interfaces), cut off by making its calls fail the
// way node-postgres fails when the connection is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import { createSqliteAccountsRepository } from '../../store/accounts-repository';
import { openDatabase } from '../../store/database';
import { createSqliteMediaRepository } from '../../store/media-repository';
import { createSqliteStatementsRepository } from '../../store/statements-repository';
import type { StatementsRepository } from '../../store/repositories';
import { createDatabaseHealth, type DatabaseHealth } from '../team/database-health';
import { draftJournalFileName, openDraftJournal, type DraftJournal } from './draft-journal';
import { createOfflineDrafts, type OfflineDrafts } from './offline-drafts';
import { createStatementsService, type SaveDraftInput, type StatementsService } from './statements-service';

let dir: string;
let db: DatabaseSync;
let clock: ReturnType<typeof createManualClock>;
let statements: StatementsService;
let repository: StatementsRepository;
let journal: DraftJournal;
let health: DatabaseHealth;
let drafts: OfflineDrafts;
/** While true, every shared-store call fails as a refused connection does. */
let cut = false;
/** Called after a save reached the shared store and before the journal heard of it: a crash there. */
let afterWrite: (() => void) | null = null;
const logger = createLogger({ quiet: true });

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function guarded<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (cut) throw refused();
        const out = await (value as (...a: unknown[]) => unknown).apply(t, args);
        if (key === 'saveDraft' && afterWrite) afterWrite();
        return out;
      };
    },
  });
}

function compose(): void {
  journal = openDraftJournal(join(dir, draftJournalFileName));
  health = createDatabaseHealth({ shared: true, clock, logger, probe: () => (cut ? Promise.reject(refused()) : Promise.resolve()), probeMs: 60_000 });
  drafts = createOfflineDrafts({ journal, statements: guarded(statements), repository: guarded(repository), health, clock, logger });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-offline-drafts-'));
  db = openDatabase(join(dir, 'shared.db')).db;
  const people = createSqliteAccountsRepository(db);
  clock = createManualClock('2019-07-19T22:30:00Z');
  repository = createSqliteStatementsRepository(db);
  statements = createStatementsService({ repository, media: createSqliteMediaRepository(db), accounts: { findAccount: (id) => people.findById(id) }, clock });
  for (const id of ['olu', 'sam']) {
    const at = clock.now().toISOString();
    await people.insert({ id, username: id, displayName: id, role: id === 'sam' ? 'supervisor' : 'operator', passphraseHash: 'scrypt$unused', disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at });
  }
  cut = false;
  afterWrite = null;
  compose();
});
afterEach(() => {
  health.stop();
  journal.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft = (title: string, extra: Partial<SaveDraftInput> = {}): SaveDraftInput => ({
  id: 'stmt-1',
  title,
  canonicalText: `${title}: our accounts were accessed without permission.`,
  variants: { x: { text: `${title}. Please ignore posts since 22:00.` }, bluesky: { text: `${title} (Bluesky)` } },
  ...extra,
});

const titles = async (id = 'stmt-1') => (await statements.listVersions(id)).map((v) => v.title);

describe('offline drafts', () => {
  it('saves on this desk while the database is unreachable, then syncs each save in order as a new version', async () => {
    await drafts.save(draft('Online v1'), 'olu');
    cut = true;
    const local = await drafts.save(draft('Offline A', { baseVersion: 1, autosave: true }), 'olu');
    expect(local.savedLocally).toMatchObject({ pending: 1 });
    expect(local.statement).toMatchObject({ id: 'stmt-1', version: 1, title: 'Offline A' });
    expect(health.state()).toMatchObject({ reachable: false, since: '2019-07-19T22:30:00.000Z' });
    // The composer keeps its base (version 1): the next save joins the same chain.
    await drafts.save(draft('Offline B', { baseVersion: 1, autosave: true }), 'olu');
    await drafts.save({ ...draft('New offline', { id: 'stmt-2' }) }, 'olu');
    expect(await titles()).toEqual(['Online v1']);

    cut = false;
    expect(await drafts.sync()).toEqual({ applied: 3, copied: 0, stopped: null });
    expect(await titles()).toEqual(['Online v1', 'Offline A', 'Offline B']);
    expect((await statements.get('stmt-1')).variants.bluesky?.text).toBe('Offline B (Bluesky)');
    expect(await titles('stmt-2')).toEqual(['New offline']);
    expect(drafts.pendingCount()).toBe(0);
    // Synced once: another sync writes nothing.
    expect(await drafts.sync()).toEqual({ applied: 0, copied: 0, stopped: null });
    expect(await titles()).toEqual(['Online v1', 'Offline A', 'Offline B']);
    // The composer still holding version 1 goes on from what its offline saves became (no conflict).
    expect(await drafts.save(draft('Online again', { baseVersion: 1 }), 'olu')).toMatchObject({ conflict: false, statement: { version: 4 } });
  });

  it('keeps the journal across a restart of the desk (the file is the journal)', async () => {
    cut = true;
    await drafts.save(draft('Typed before the restart'), 'olu');
    health.stop();
    journal.close();
    compose();
    expect(drafts.pendingCount()).toBe(1);
    cut = false;
    await drafts.sync();
    expect(await titles()).toEqual(['Typed before the restart']);
  });

  it('exactly once after a crash between writing a version and marking it synced', async () => {
    await drafts.save(draft('Online v1'), 'olu');
    cut = true;
    await drafts.save(draft('Offline A', { baseVersion: 1 }), 'olu');
    await drafts.save(draft('Offline B', { baseVersion: 1 }), 'olu');
    cut = false;
    // The process dies right after Offline A reached the shared store.
    afterWrite = () => {
      afterWrite = null;
      throw new Error('process killed');
    };
    expect((await drafts.sync()).stopped).toBe('process killed');
    expect(await titles()).toEqual(['Online v1', 'Offline A']);
    health.stop();
    journal.close();
    compose();
    expect(drafts.pendingCount()).toBe(2);
    expect(await drafts.sync()).toEqual({ applied: 2, copied: 0, stopped: null });
    expect(await titles()).toEqual(['Online v1', 'Offline A', 'Offline B']);
  });

  it('a statement changed on another desk meanwhile is not overwritten: the local text becomes a new draft beside it, and the person is told', async () => {
    await drafts.save(draft('Online v1'), 'olu');
    cut = true;
    await drafts.save(draft('Olu offline', { baseVersion: 1 }), 'olu');
    await drafts.save(draft('Olu offline, later', { baseVersion: 1 }), 'olu');
    // Meanwhile, on another desk that reaches the database:
    await statements.saveDraft(draft('Sam on desk B', { baseVersion: 1 }), 'sam');
    cut = false;
    expect(await drafts.sync()).toEqual({ applied: 1, copied: 1, stopped: null });
    expect(await titles()).toEqual(['Online v1', 'Sam on desk B']);
    const [notice] = drafts.notices('olu');
    expect(notice).toMatchObject({ statementId: 'stmt-1', title: 'Olu offline', reason: 'it was changed on another desk meanwhile (now version 2)' });
    // Both offline saves are in the copy, in order.
    expect(await titles(notice!.copyId)).toEqual(['Olu offline', 'Olu offline, later']);
    expect(drafts.notices('sam')).toEqual([]);
    drafts.dismiss(notice!.seq, 'olu');
    expect(drafts.notices('olu')).toEqual([]);
  });

  it('a statement submitted meanwhile stays as submitted; the offline text is a draft beside it', async () => {
    await drafts.save(draft('Online v1'), 'olu');
    cut = true;
    await drafts.save(draft('Olu offline', { baseVersion: 1 }), 'olu');
    cut = false;
    await statements.submit('stmt-1', 'olu');
    await drafts.sync();
    expect(await statements.get('stmt-1')).toMatchObject({ status: 'pending', version: 1, title: 'Online v1' });
    expect(drafts.notices('olu')).toEqual([expect.objectContaining({ reason: 'it was submitted for approval meanwhile' })]);
  });

  it('exactly one copy after a crash while making it', async () => {
    await drafts.save(draft('Online v1'), 'olu');
    cut = true;
    await drafts.save(draft('Olu offline', { baseVersion: 1 }), 'olu');
    await statements.saveDraft(draft('Sam on desk B', { baseVersion: 1 }), 'sam');
    cut = false;
    afterWrite = () => {
      afterWrite = null;
      throw new Error('process killed');
    };
    await drafts.sync();
    health.stop();
    journal.close();
    compose();
    expect(await drafts.sync()).toEqual({ applied: 0, copied: 1, stopped: null });
    const all = await statements.list();
    expect(all.map((s) => s.title).sort()).toEqual(['Olu offline', 'Sam on desk B']);
  });

  it('an offline save the shared store refuses stays on this desk, and does not hold the other drafts back', async () => {
    cut = true;
    await drafts.save(draft('x'.repeat(2_000), { id: 'too-long' }), 'olu');
    cut = false;
    health.succeeded(); // what the 2 s probe finds
    expect((await drafts.sync()).stopped).toMatch(/too long to save/);
    expect(drafts.pendingCount()).toBe(1);
    expect(drafts.syncProblem()).toMatch(/^A draft saved on this desk while it was offline could not be synced \(The statement is too long to save/);
    const other = await drafts.save(draft('Another statement', { id: 'stmt-3' }), 'olu');
    expect(other.savedLocally).toBeUndefined();
    expect(await titles('stmt-3')).toEqual(['Another statement']);
  });

  it('the database lost again during a sync leaves the rest waiting, in order', async () => {
    cut = true;
    await drafts.save(draft('One'), 'olu');
    await drafts.save(draft('Two', { baseVersion: 1 }), 'olu');
    cut = false;
    health.succeeded();
    afterWrite = () => {
      afterWrite = null;
      cut = true;
    };
    expect((await drafts.sync()).stopped).toBe('the database is unreachable again');
    expect(drafts.pendingCount()).toBe(1);
    cut = false;
    await drafts.sync();
    expect(await titles()).toEqual(['One', 'Two']);
  });
});
