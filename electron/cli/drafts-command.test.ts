// A desk whose shared database does not answer: the start-up refusal says where this desk's offline
// drafts are, and `control-room drafts` reads them without the database (and without writing).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draftJournalFileName, openDraftJournal } from '../core/statements/draft-journal';
import { databaseTarget } from '../store/backend';
import { createMemoryVault } from '../vault/memory-vault';
import { runCli, type CliIo } from './main';

function capture(): CliIo & { readonly text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

// Nothing listens on port 1: the server never answers.
const url = 'postgres://cr_app@127.0.0.1:1/control_room';
let dir: string;
const journalPath = (): string => join(dir, draftJournalFileName);

/** What a desk's journal holds after two autosaves of one statement and one new statement, one older save already synced. */
function writeJournal(): void {
  const journal = openDraftJournal(journalPath());
  const variants = { x: { text: 'X: we are aware of posts' }, bluesky: { text: 'Bluesky: we are aware' }, email: { subject: 'Account update', text: 'Dear subscriber', html: '<p>Dear subscriber</p>' } };
  const save = (statementId: string, baseVersion: number | null, title: string, text: string, savedAt: string) =>
    journal.append({ editorId: 'olu-id', editorName: 'Olu Operator', statementId, baseVersion, input: { id: statementId, title, canonicalText: text, variants }, savedAt });
  const synced = save('s-old', 2, 'Synced already', 'old', '2019-07-19T22:20:00.000Z');
  journal.settle(synced.seq, { kind: 'applied', statementId: 's-old', version: 3 }, '2019-07-19T22:21:00.000Z');
  save('s-1', 1, 'Account compromise', 'first words', '2019-07-19T22:31:00.000Z');
  save('s-1', 1, 'Account compromise', 'We are aware of posts on our accounts that we did not write.', '2019-07-19T22:32:00.000Z');
  save('s-new', null, '', 'written offline', '2019-07-19T22:33:00.000Z');
  journal.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-drafts-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a desk started while its database is unreachable', () => {
  it('refuses to start, saying the server did not answer, where its drafts are and how to read them, and how to freeze', async () => {
    writeJournal();
    const vault = createMemoryVault();
    await vault.put(databaseTarget(url).ref, 'never-shown-secret');
    const io = capture();
    expect(await runCli(['status', '--database', url, '--data-dir', dir], io, { vault: () => vault })).toBe(1);
    const text = io.text();
    expect(text).toContain('Cannot reach the database at postgres://cr_app@127.0.0.1:1/control_room');
    expect(text).toContain('this is not about the password');
    expect(text).toContain('signing in checks the shared accounts there');
    expect(text).toContain(`3 draft saves are kept on this desk in ${journalPath()}; they sync at the next start that reaches the database`);
    expect(text).toContain(`\`control-room drafts --data-dir ${dir}\``);
    expect(text).toContain(`\`control-room freeze --database ${url} --user NAME --all\``);
    expect(text).not.toContain('never-shown-secret');
  });
});

describe('control-room drafts', () => {
  it('lists what waits, one line per statement with its latest save, author and time, without any database', async () => {
    writeJournal();
    const io = capture();
    // The database named does not answer: the command never opens it.
    expect(await runCli(['drafts', '--data-dir', dir, '--database', url], io, { vault: () => createMemoryVault() })).toBe(0);
    const text = io.text();
    expect(text).toContain(`3 draft saves on this desk wait for the database (${journalPath()})`);
    expect(text).toContain('#3  2019-07-19T22:32:00.000Z  Olu Operator  "Account compromise"  statement s-1, edited from version 1; earlier saves #2');
    expect(text).toContain('#4  2019-07-19T22:33:00.000Z  Olu Operator  (untitled)  statement s-new, a new statement');
    // Already in the shared store: not listed.
    expect(text).not.toContain('Synced already');
  });

  it('shows one save in full: title, text and every channel variant; and writes nothing to the journal', async () => {
    writeJournal();
    const before = createHash('sha256').update(readFileSync(journalPath())).digest('hex');
    const io = capture();
    expect(await runCli(['drafts', 'show', '3', '--data-dir', dir], io)).toBe(0);
    const text = io.text();
    expect(text).toContain('Draft save #3, saved on this desk at 2019-07-19T22:32:00.000Z by Olu Operator; not synced yet.');
    expect(text).toContain('Title: Account compromise');
    expect(text).toContain('We are aware of posts on our accounts that we did not write.');
    expect(text).toContain('X:\nX: we are aware of posts');
    expect(text).toContain('Bluesky:\nBluesky: we are aware');
    expect(text).toContain('Email:\nSubject: Account update\nDear subscriber');
    expect(createHash('sha256').update(readFileSync(journalPath())).digest('hex')).toBe(before);
  });

  it('names what to run for a number that is not waiting, or none given', async () => {
    writeJournal();
    for (const args of [['drafts', 'show', '1'], ['drafts', 'show', '99'], ['drafts', 'show']]) {
      const io = capture();
      expect(await runCli([...args, '--data-dir', dir], io)).toBe(2);
      expect(io.text()).toContain('`control-room drafts` lists them by number');
    }
  });

  it('says so when this desk keeps no drafts', async () => {
    const io = capture();
    expect(await runCli(['drafts', '--data-dir', dir], io)).toBe(0);
    expect(io.text()).toContain('No drafts are kept on this desk');
  });

  it('reads a journal written before it named the author (the account id stands in), and the desk upgrades that file in place', async () => {
    const old = new DatabaseSync(journalPath());
    old.exec(`CREATE TABLE offline_drafts (seq INTEGER PRIMARY KEY AUTOINCREMENT, editor_id TEXT NOT NULL, statement_id TEXT NOT NULL, base_version INTEGER,
      input TEXT NOT NULL, saved_at TEXT NOT NULL, copy_id TEXT, outcome TEXT, outcome_statement_id TEXT, outcome_version INTEGER, reason TEXT, synced_at TEXT, dismissed INTEGER NOT NULL DEFAULT 0)`);
    old.prepare('INSERT INTO offline_drafts (editor_id, statement_id, base_version, input, saved_at) VALUES (?, ?, ?, ?, ?)').run('olu-id', 's-1', 1, JSON.stringify({ id: 's-1', title: 'Old', canonicalText: 'old text', variants: {} }), '2019-07-19T22:30:00.000Z');
    old.close();
    const io = capture();
    expect(await runCli(['drafts', '--data-dir', dir], io)).toBe(0);
    expect(io.text()).toContain('account olu-id  "Old"');
    const journal = openDraftJournal(journalPath());
    journal.append({ editorId: 'sam-id', editorName: 'Sam Supervisor', statementId: 's-2', baseVersion: null, input: { id: 's-2', title: 'New', canonicalText: 'x', variants: {} }, savedAt: '2019-07-19T22:40:00.000Z' });
    expect(journal.pending().map((e) => e.editorName)).toEqual([null, 'Sam Supervisor']);
    journal.close();
  });
});
