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

async function person(id: string, role: Role): Promise<void> {
  const at = clock.now().toISOString();
  await people.insert({ id, username: id, displayName: id, role, passphraseHash: 'scrypt$unused', disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-statements-'));
  file = join(dir, 'people.db');
  db = open(file);
  people = createSqliteAccountsRepository(db);
  clock = createManualClock('2019-07-19T22:30:00Z');
  statements = service();
  await person('olu', 'operator');
  await person('sam', 'supervisor');
  await person('tess', 'supervisor');
  await person('dana', 'admin');
});
afterEach(async () => {
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

async function submitted(): Promise<string> {
  await statements.saveDraft(draft, 'olu');
  return (await statements.submit('stmt-1', 'olu')).contentHash;
}

describe('drafts and autosave', () => {
  it('keeps every version, and an identical autosave is a no-op', async () => {
    const first = await statements.saveDraft(draft, 'olu');
    expect(first).toMatchObject({ saved: true, conflict: false, statement: { id: 'stmt-1', version: 1, status: 'draft', authorId: 'olu' } });
    expect(await statements.saveDraft(draft, 'olu')).toMatchObject({ saved: false, statement: { version: 1 } });
    const edited = await statements.saveDraft({ ...draft, variants: { ...draft.variants, x: { text: 'Changed.' } }, baseVersion: 1 }, 'olu');
    expect(edited).toMatchObject({ saved: true, conflict: false, statement: { version: 2 } });
    expect((await statements.getVersion('stmt-1', 1)).variants.x?.text).toBe(draft.variants.x?.text);
    expect((await statements.listVersions('stmt-1')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('reports (but never refuses) a save based on an older version', async () => {
    await statements.saveDraft(draft, 'olu');
    await statements.saveDraft({ ...draft, title: 'Sam was here', baseVersion: 1 }, 'sam');
    const late = await statements.saveDraft({ ...draft, title: 'Olu was here', baseVersion: 1 }, 'olu');
    expect(late).toMatchObject({ saved: true, conflict: true, statement: { version: 3, title: 'Olu was here' } });
  });

  it('survives a restart: versions are in the database file', async () => {
    await statements.saveDraft(draft, 'olu');
    await statements.saveDraft({ ...draft, title: 'Second' }, 'olu');
    db.close();
    db = open(file);
    people = createSqliteAccountsRepository(db);
    expect((await service().listVersions('stmt-1')).map((v) => v.title)).toEqual(['Account compromise', 'Second']);
  });

  it('autosave writes drafts only: it never withdraws a submission or voids an approval', async () => {
    const edit = { ...draft, title: 'Typed after submitting', autosave: true };
    // A new draft and a draft being edited: each change is a version, an unchanged one is not.
    expect(await statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: true, statement: { version: 1 } });
    expect(await statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: false, statement: { version: 1 } });
    const hash = (await statements.submit('stmt-1', 'olu')).contentHash;
    await expect(statements.saveDraft(edit, 'olu')).rejects.toThrow(/^Not saved automatically: this statement is waiting for approval, and saving would withdraw it\. Your text is kept on screen/);
    expect(await statements.get('stmt-1')).toMatchObject({ status: 'pending', version: 1 });
    // Unchanged content is still a no-op, not a refusal (the composer may repeat its last save).
    expect(await statements.saveDraft({ ...draft, autosave: true }, 'olu')).toMatchObject({ saved: false });
    await statements.approve('stmt-1', 'sam', hash);
    await expect(statements.saveDraft(edit, 'olu')).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('saving would void the approval') }));
    expect(await statements.get('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: true, version: 1 });
    // Pressing Save draft still edits it, and the approval is voided visibly, as before.
    expect((await statements.saveDraft({ ...edit, autosave: false }, 'olu')).statement).toMatchObject({ status: 'draft', approval: { state: 'voided' } });
    // A statement sent back to its author is revised as a draft again, autosave included.
    const again = await statements.submit('stmt-1', 'olu');
    await statements.reject('stmt-1', 'sam', 'Name the time zone.');
    expect(again.status).toBe('pending');
    expect(await statements.saveDraft({ ...edit, title: 'Revised (BST)' }, 'olu')).toMatchObject({ saved: true, statement: { status: 'draft', title: 'Revised (BST)' } });
  });

  it('refuses a disabled or unknown editor', async () => {
    await expect(statements.saveDraft(draft, 'mallory')).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

describe('two-person approval', () => {
  it('refuses self-approval, approval by an editor, and approval by an operator', async () => {
    await statements.saveDraft(draft, 'sam');
    await statements.saveDraft({ ...draft, title: 'Edited by Tess' }, 'tess');
    const hash = (await statements.submit('stmt-1', 'sam')).contentHash;
    await expect(statements.approve('stmt-1', 'sam', hash)).rejects.toThrow('You wrote or edited this statement, so a different supervisor must approve it (two-person rule).');
    await expect(statements.approve('stmt-1', 'tess', hash)).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(statements.approve('stmt-1', 'olu', hash)).rejects.toThrow('Only a supervisor may approve statements; ask a supervisor.');
    expect(await statements.approve('stmt-1', 'dana', hash)).toMatchObject({ status: 'approved', readyToPublish: true });
  });

  it('binds the approval to the exact content hash', async () => {
    const hash = await submitted();
    const seen = await statements.get('stmt-1');
    const oneByteOff = statementContentHash({ title: seen.title, variants: { ...seen.variants, email: { subject: 'Please ignore messages since 22:00', text: 'Please ignore messages since 22:00!', html: '' } } });
    await expect(statements.approve('stmt-1', 'sam', oneByteOff)).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/changed since you opened it/) }));
    const approved = await statements.approve('stmt-1', 'sam', hash);
    expect(approved.approval).toMatchObject({ approverId: 'sam', contentHash: hash, state: 'valid', expiresAt: '2019-07-20T00:30:00.000Z' });
    expect(await statements.assertPublishable('stmt-1')).toMatchObject({ contentHash: hash, approverId: 'sam', authorId: 'olu', version: 1 });
  });

  it('voids the approval on any edit, but not on an identical autosave', async () => {
    const hash = await submitted();
    await statements.approve('stmt-1', 'sam', hash);
    expect((await statements.saveDraft(draft, 'olu')).statement.status).toBe('approved');
    const edited = (await statements.saveDraft({ ...draft, variants: { ...draft.variants, x: { text: `${draft.variants.x?.text ?? ''} ` } } }, 'olu')).statement;
    expect(edited).toMatchObject({ status: 'draft', readyToPublish: false, approval: { state: 'voided', voidReason: 'edited after approval (version 2)' } });
    await expect(statements.assertPublishable('stmt-1')).rejects.toThrow(/not approved\. Its approval was voided \(edited after approval \(version 2\)\)/);
  });

  it('refuses an expired approval at publish time, with a clear message', async () => {
    const hash = await submitted();
    await statements.approve('stmt-1', 'sam', hash);
    clock.advance(2 * 60 * 60_000 - 1);
    expect((await statements.assertPublishable('stmt-1')).contentHash).toBe(hash);
    clock.advance(1);
    expect(await statements.get('stmt-1')).toMatchObject({ readyToPublish: false, approval: { state: 'expired' } });
    await expect(statements.assertPublishable('stmt-1')).rejects.toThrow(
      'The approval expired less than a minute ago (approvals last 120 minutes). Submit the statement again for a fresh approval.',
    );
    await expect(statements.assertPublishable('stmt-1', new Date('2019-07-20T00:45:00Z'))).rejects.toThrow(/expired 15 minutes ago/);
    // It can go round again.
    const again = await statements.submit('stmt-1', 'olu');
    expect((await statements.approve('stmt-1', 'tess', again.contentHash)).readyToPublish).toBe(true);
  });

  it('uses a configured approval lifetime', async () => {
    statements = service({ approvalValidityMinutes: 30 });
    await statements.approve('stmt-1', 'sam', await submitted());
    clock.advance(30 * 60_000);
    await expect(statements.assertPublishable('stmt-1')).rejects.toThrow(/approvals last 30 minutes/);
  });

  it('carries a rejection comment back to the author', async () => {
    await submitted();
    await expect(statements.reject('stmt-1', 'sam', '  ')).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    await statements.reject('stmt-1', 'sam', 'Say which accounts were affected.');
    const mine = await statements.list({ authorId: 'olu' });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'rejected', lastRejection: { reviewerId: 'sam', comment: 'Say which accounts were affected.', version: 1 } });
    await expect(statements.assertPublishable('stmt-1')).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect((await statements.saveDraft({ ...draft, title: 'Which accounts' }, 'olu')).statement.status).toBe('draft');
  });

  it('refuses to submit content that breaks a channel rule, naming the fix', async () => {
    await statements.saveDraft({ ...draft, variants: { x: { text: 'a'.repeat(291) } } }, 'olu');
    await expect(statements.submit('stmt-1', 'olu')).rejects.toThrow('Fix these before submitting: X: 291 of 280 characters — shorten by 11.');
  });

  it('approves the sanitiser\'s form of the HTML, saved as a new version at submit', async () => {
    await statements.saveDraft({ ...draft, variants: { website: { title: 'T', html: '<P>Hello <STRONG>there' } } }, 'olu');
    const pending = await statements.submit('stmt-1', 'olu');
    expect(pending).toMatchObject({ status: 'pending', version: 2, savedBy: 'olu', variants: { website: { html: '<p>Hello <strong>there</strong></p>' } } });
    expect((await statements.getVersion('stmt-1', 1)).variants.website?.html).toBe('<P>Hello <STRONG>there');
  });

  it('publishes once: afterwards it can neither be published again nor edited', async () => {
    await statements.approve('stmt-1', 'sam', await submitted());
    expect((await statements.markPublished('stmt-1')).status).toBe('published');
    await expect(statements.assertPublishable('stmt-1')).rejects.toThrow('This statement has already been published.');
    await expect(statements.saveDraft({ ...draft, title: 'Later' }, 'olu')).rejects.toThrow(/Start a new statement/);
  });

  it('is approved again when its publication is cancelled before anything went out', async () => {
    await statements.approve('stmt-1', 'sam', await submitted());
    await statements.markPublished('stmt-1');
    expect(await statements.reopenAfterCancel('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: true });
    expect((await statements.assertPublishable('stmt-1')).approverId).toBe('sam');
    // Past its approval it needs approving again, like any other approved statement.
    clock.advance(statements.approvalValidityMs);
    expect(await statements.get('stmt-1')).toMatchObject({ status: 'approved', readyToPublish: false, approval: { state: 'expired' } });
    expect((await statements.submit('stmt-1', 'olu')).status).toBe('pending');
    expect(await statements.reopenAfterCancel('nope')).toBeNull();
  });
});
