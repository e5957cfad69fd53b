import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsRepository } from '../../store/repositories';
import { createSqliteAccountsRepository } from '../../store/accounts-repository';
import { openDatabase } from '../../store/database';
import { createSqliteMediaRepository } from '../../store/media-repository';
import { createSqliteStatementsRepository } from '../../store/statements-repository';
import type { Role } from '../../shared/contract';
import { createManualClock } from '../../lib/clock';
import { statementContentHash } from './content-hash';
import { createStatementsService, type SaveDraftInput, type StatementsService } from './statements-service';

let dir: string;
let file: string;
let db: DatabaseSync;
let people: AccountsRepository;
let clock: ReturnType<typeof createManualClock>;
let statements: StatementsService;

/** The whole schema, migrated as the app opens it. */
function open(path: string): DatabaseSync {
  return openDatabase(path).db;
}

function service(config = {}): StatementsService {
  return createStatementsService({
    repository: createSqliteStatementsRepository(db),
    media: createSqliteMediaRepository(db),
    accounts: { findAccount: (id) => people.findById(id) },
    clock,
    config,
  });
}

function person(id: string, role: Role): void {
  const at = clock.now().toISOString();
  people.insert({ id, username: id, displayName: id, role, passphraseHash: 'scrypt$unused', disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cr-statements-'));
  file = join(dir, 'people.db');
  db = open(file);
  people = createSqliteAccountsRepository(db);
  clock = createManualClock('2019-07-19T22:30:00Z');
  statements = service();
  person('olu', 'operator');
  person('sam', 'supervisor');
  person('tess', 'supervisor');
  person('dana', 'admin');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft: SaveDraftInput = {
  id: 'stmt-1',
  title: 'Account compromise',
  canonicalText: 'Our accounts were accessed without permission.',
  variants: {
    x: { text: 'Our account was accessed without permission. Please ignore posts since 22:00.' },
    website: { title: 'Unauthorised access', html: '<p>Please ignore posts since <strong>22:00</strong>.</p>' },
    email: { subject: 'Please ignore messages since 22:00', text: 'Please ignore messages since 22:00.', html: '' },
  },
};

function submitted(): string {
  statements.saveDraft(draft, 'olu');
  return statements.submit('stmt-1', 'olu').contentHash;
}

describe('drafts and autosave', () => {
  it('keeps every version, and an identical autosave is a no-op', () => {
    const first = statements.saveDraft(draft, 'olu');
    expect(first).toMatchObject({ saved: true, conflict: false, statement: { id: 'stmt-1', version: 1, status: 'draft', authorId: 'olu' } });
    expect(statements.saveDraft(draft, 'olu')).toMatchObject({ saved: false, statement: { version: 1 } });
    const edited = statements.saveDraft({ ...draft, variants: { ...draft.variants, x: { text: 'Changed.' } }, baseVersion: 1 }, 'olu');
    expect(edited).toMatchObject({ saved: true, conflict: false, statement: { version: 2 } });
    expect(statements.getVersion('stmt-1', 1).variants.x?.text).toBe(draft.variants.x?.text);
    expect(statements.listVersions('stmt-1').map((v) => v.version)).toEqual([1, 2]);
  });

  it('reports (but never refuses) a save based on an older version', () => {
    statements.saveDraft(draft, 'olu');
    statements.saveDraft({ ...draft, title: 'Sam was here', baseVersion: 1 }, 'sam');
    const late = statements.saveDraft({ ...draft, title: 'Olu was here', baseVersion: 1 }, 'olu');
    expect(late).toMatchObject({ saved: true, conflict: true, statement: { version: 3, title: 'Olu was here' } });
  });

  it('survives a restart: versions are in the database file', () => {
    statements.saveDraft(draft, 'olu');
    statements.saveDraft({ ...draft, title: 'Second' }, 'olu');
    db.close();
    db = open(file);
    people = createSqliteAccountsRepository(db);
    expect(service().listVersions('stmt-1').map((v) => v.title)).toEqual(['Account compromise', 'Second']);
  });

  it('autosave writes drafts only: it never withdraws a submission or voids an approval', () => {
    const edit = { ...draft, title: 'Typed after submitting', autosave: true };
    // A new draft and a draft being edited: each change is a version, an unchanged one is not.
    expect(statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: true, statement: { version: 1 } });
    expect(statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: false, statement: { version: 1 } });
    const hash = statements.submit('stmt-1', 'olu').contentHash;
    expect(() => statements.saveDraft(edit, 'olu')).toThrow(/^Not saved automatically: this statement is waiting for approval, and saving would withdraw it\. Your text is kept on screen/);
    expect(statements.get('stmt-1')).toMatchObject({ status: 'pending', version: 1 });
    // Unchanged content is still a no-op, not a refusal (the composer may repeat its last save).
    expect(statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: false });
    statements.approve('stmt-1', 'sam', hash);
    expect(() => statements.saveDraft(edit, 'olu')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('saving would void the approval') }));
    expect(statements.get('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: true, version: 1 });
    // Pressing Save draft still edits it, and the approval is voided visibly, as before.
    expect(statements.saveDraft({ ...edit, autosave: false }, 'olu').statement).toMatchObject({ status: 'draft', approval: { state: 'voided' } });
    // A statement sent back to its author is revised as a draft again, autosave included.
    const again = statements.submit('stmt-1', 'olu');
    statements.reject('stmt-1', 'sam', 'Name the time zone.');
    expect(again.status).toBe('pending');
    expect(statements.saveDraft({ ...edit, title: 'Revised (BST)' }, 'olu')).toMatchObject({ saved: true, statement: { status: 'draft', title: 'Revised (BST)' } });
  });

  it('refuses a disabled or unknown editor', () => {
    expect(() => statements.saveDraft(draft, 'mallory')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('two-person approval', () => {
  it('refuses self-approval, approval by an editor, and approval by an operator', () => {
    statements.saveDraft(draft, 'sam');
    statements.saveDraft({ ...draft, title: 'Edited by Tess' }, 'tess');
    const hash = statements.submit('stmt-1', 'sam').contentHash;
    expect(() => statements.approve('stmt-1', 'sam', hash)).toThrow('You wrote or edited this statement, so a different supervisor must approve it (two-person rule).');
    expect(() => statements.approve('stmt-1', 'tess', hash)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => statements.approve('stmt-1', 'olu', hash)).toThrow('Only a supervisor may approve statements; ask a supervisor.');
    expect(statements.approve('stmt-1', 'dana', hash)).toMatchObject({ status: 'approved', readyToPublish: true });
  });

  it('binds the approval to the exact content hash', () => {
    const hash = submitted();
    const seen = statements.get('stmt-1');
    const oneByteOff = statementContentHash({ title: seen.title, variants: { ...seen.variants, email: { subject: 'Please ignore messages since 22:00', text: 'Please ignore messages since 22:00!', html: '' } } });
    expect(() => statements.approve('stmt-1', 'sam', oneByteOff)).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/changed since you opened it/) }));
    const approved = statements.approve('stmt-1', 'sam', hash);
    expect(approved.approval).toMatchObject({ approverId: 'sam', contentHash: hash, state: 'valid', expiresAt: '2019-07-20T00:30:00.000Z' });
    expect(statements.assertPublishable('stmt-1')).toMatchObject({ contentHash: hash, approverId: 'sam', authorId: 'olu', version: 1 });
  });

  it('voids the approval on any edit, but not on an identical autosave', () => {
    const hash = submitted();
    statements.approve('stmt-1', 'sam', hash);
    expect(statements.saveDraft(draft, 'olu').statement.status).toBe('approved');
    const edited = statements.saveDraft({ ...draft, variants: { ...draft.variants, x: { text: `${draft.variants.x?.text ?? ''} ` } } }, 'olu').statement;
    expect(edited).toMatchObject({ status: 'draft', readyToPublish: false, approval: { state: 'voided', voidReason: 'edited after approval (version 2)' } });
    expect(() => statements.assertPublishable('stmt-1')).toThrow(/not approved\. Its approval was voided \(edited after approval \(version 2\)\)/);
  });

  it('refuses an expired approval at publish time, with a clear message', () => {
    const hash = submitted();
    statements.approve('stmt-1', 'sam', hash);
    clock.advance(2 * 60 * 60_000 - 1);
    expect(statements.assertPublishable('stmt-1').contentHash).toBe(hash);
    clock.advance(1);
    expect(statements.get('stmt-1')).toMatchObject({ readyToPublish: false, approval: { state: 'expired' } });
    expect(() => statements.assertPublishable('stmt-1')).toThrow(
      'The approval expired less than a minute ago (approvals last 120 minutes). Submit the statement again for a fresh approval.',
    );
    expect(() => statements.assertPublishable('stmt-1', new Date('2019-07-20T00:45:00Z'))).toThrow(/expired 15 minutes ago/);
    // It can go round again.
    const again = statements.submit('stmt-1', 'olu');
    expect(statements.approve('stmt-1', 'tess', again.contentHash).readyToPublish).toBe(true);
  });

  it('uses a configured approval lifetime', () => {
    statements = service({ approvalValidityMinutes: 30 });
    statements.approve('stmt-1', 'sam', submitted());
    clock.advance(30 * 60_000);
    expect(() => statements.assertPublishable('stmt-1')).toThrow(/approvals last 30 minutes/);
  });

  it('carries a rejection comment back to the author', () => {
    submitted();
    expect(() => statements.reject('stmt-1', 'sam', '  ')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    statements.reject('stmt-1', 'sam', 'Say which accounts were affected.');
    const mine = statements.list({ authorId: 'olu' });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'rejected', lastRejection: { reviewerId: 'sam', comment: 'Say which accounts were affected.', version: 1 } });
    expect(() => statements.assertPublishable('stmt-1')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(statements.saveDraft({ ...draft, title: 'Which accounts' }, 'olu').statement.status).toBe('draft');
  });

  it('refuses to submit content that breaks a channel rule, naming the fix', () => {
    statements.saveDraft({ ...draft, variants: { x: { text: 'a'.repeat(291) } } }, 'olu');
    expect(() => statements.submit('stmt-1', 'olu')).toThrow('Fix these before submitting: X: 291 of 280 characters — shorten by 11.');
  });

  it('approves the sanitiser\'s form of the HTML, saved as a new version at submit', () => {
    statements.saveDraft({ ...draft, variants: { website: { title: 'T', html: '<P>Hello <STRONG>there' } } }, 'olu');
    const pending = statements.submit('stmt-1', 'olu');
    expect(pending).toMatchObject({ status: 'pending', version: 2, savedBy: 'olu', variants: { website: { html: '<p>Hello <strong>there</strong></p>' } } });
    expect(statements.getVersion('stmt-1', 1).variants.website?.html).toBe('<P>Hello <STRONG>there');
  });

  it('publishes once: afterwards it can neither be published again nor edited', () => {
    statements.approve('stmt-1', 'sam', submitted());
    expect(statements.markPublished('stmt-1').status).toBe('published');
    expect(() => statements.assertPublishable('stmt-1')).toThrow('This statement has already been published.');
    expect(() => statements.saveDraft({ ...draft, title: 'Later' }, 'olu')).toThrow(/Start a new statement/);
  });

  it('is approved again when its publication is cancelled before anything went out', () => {
    statements.approve('stmt-1', 'sam', submitted());
    statements.markPublished('stmt-1');
    expect(statements.reopenAfterCancel('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: true });
    expect(statements.assertPublishable('stmt-1').approverId).toBe('sam');
    // Past its approval it needs approving again, like any other approved statement.
    clock.advance(statements.approvalValidityMs);
    expect(statements.get('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: false, approval: { state: 'expired' } });
    expect(statements.submit('stmt-1', 'olu').status).toBe('pending');
    expect(statements.reopenAfterCancel('nope')).toBeNull();
  });
});
