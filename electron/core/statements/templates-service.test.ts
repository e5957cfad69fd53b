import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteAccountsRepository } from '../../store/accounts-repository';
import { openDatabase } from '../../store/database';
import { createSqliteStatementsRepository } from '../../store/statements-repository';
import type { Role } from '../../shared/contract';
import { createManualClock } from '../../lib/clock';
import { holdingTemplates, type HoldingTemplate } from './holding-templates';
import { validateStatement } from './limits';
import { fillContent } from './template-fill';
import { createTemplatesService, type TemplatesService } from './templates-service';

let dir: string;
let db: DatabaseSync;
let clock: ReturnType<typeof createManualClock>;
let templates: TemplatesService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-templates-'));
  db = openDatabase(join(dir, 'people.db')).db;
  clock = createManualClock('2019-07-19T22:30:00Z');
  const people = createSqliteAccountsRepository(db);
  const person = async (id: string, role: Role): Promise<void> => {
    const at = clock.now().toISOString();
    await people.insert({ id, username: id, displayName: id, role, passphraseHash: 'scrypt$unused', disabled: false, mustChangePassphrase: false, createdAt: at, updatedAt: at });
  };
  await person('olu', 'operator');
  await person('sam', 'supervisor');
  await person('tess', 'supervisor');
  await person('cai', 'supervisor');
  templates = createTemplatesService({ repository: createSqliteStatementsRepository(db), accounts: { findAccount: (id) => people.findById(id) }, clock });
});
afterEach(async () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function shipped(index: number): HoldingTemplate {
  const t = holdingTemplates[index];
  if (!t) throw new Error(`holding template ${index} missing`);
  return t;
}
const hacked = shipped(0);
const values = { time: '22:05', channels: 'X account, website & email alerts', date: 'Friday 19 July' };

async function preApproved(): Promise<string> {
  const proposed = await templates.proposeTemplate({ id: hacked.id, name: hacked.name, ...hacked.content }, 'sam');
  await templates.approveTemplate(hacked.id, 'tess', proposed.contentHash);
  return hacked.id;
}

describe('pre-approved templates', () => {
  it('needs two different supervisors', async () => {
    const proposed = await templates.proposeTemplate({ id: hacked.id, name: hacked.name, ...hacked.content }, 'sam');
    expect(proposed).toMatchObject({ preApproved: false, placeholders: ['time', 'channels', 'date'], violations: [] });
    await expect(templates.approveTemplate(hacked.id, 'sam', proposed.contentHash)).rejects.toThrow(/different supervisor must approve it/);
    await expect(templates.approveTemplate(hacked.id, 'olu', proposed.contentHash)).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(templates.proposeTemplate({ name: 'x', ...hacked.content }, 'olu')).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(templates.approveTemplate(hacked.id, 'tess', 'sha256:stale')).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(await templates.approveTemplate(hacked.id, 'tess', proposed.contentHash)).toMatchObject({ preApproved: true, approval: { approverId: 'tess', version: 1 } });
  });

  it('fills placeholders and lists the filled values; HTML variants get escaped values', async () => {
    const filled = await templates.fillTemplate(await preApproved(), values);
    expect(filled.filled).toEqual([
      { name: 'time', value: '22:05' },
      { name: 'channels', value: 'X account, website & email alerts' },
      { name: 'date', value: 'Friday 19 July' },
    ]);
    expect(filled.variants.x?.text).toBe(
      'Our account has been subject to unauthorised access. Please ignore any messages posted since 22:05 until we confirm it is back under our control.',
    );
    expect(filled.variants.website?.html).toContain('<p>Our X account, website &amp; email alerts have been');
    expect(filled.variants.email?.text).toContain('Our X account, website & email alerts have been');
    expect(filled).toMatchObject({ preApproved: true, violations: [], templateVersion: 1 });
  });

  it('refuses missing, unknown, multi-line, linked and @mention values', async () => {
    const id = await preApproved();
    await expect(templates.fillTemplate(id, { time: '22:05', channels: 'X' })).rejects.toThrow('Fill in {date} before publishing.');
    await expect(templates.fillTemplate(id, { ...values, tiem: '22:05' })).rejects.toThrow(/has no \{tiem\} placeholder/);
    await expect(templates.fillTemplate(id, { ...values, time: '22:05\nBcc: all' })).rejects.toThrow('{time}: keep it on one line.');
    await expect(templates.fillTemplate(id, { ...values, channels: 'see evil.example.com' })).rejects.toThrow(/cannot contain a link/);
    await expect(templates.fillTemplate(id, { ...values, channels: 'ask @someone' })).rejects.toThrow(/@mention/);
    await expect(templates.fillTemplate(id, { ...values, date: 'x'.repeat(61) })).rejects.toThrow(/under 60 characters/);
  });

  it('names the refused placeholder as data (an issue at values.<name>), not only in its words', async () => {
    const id = await preApproved();
    const issueFor = (path: string) => expect.objectContaining({ code: 'BAD_INPUT', issues: [expect.objectContaining({ path })] });
    await expect(templates.fillTemplate(id, { time: '22:05', channels: 'X' })).rejects.toThrow(issueFor('values.date'));
    await expect(templates.fillTemplate(id, { ...values, channels: 'ask @someone' })).rejects.toThrow(issueFor('values.channels'));
    await expect(templates.fillTemplate(id, { ...values, tiem: '22:05' })).rejects.toThrow(issueFor('values.tiem'));
  });

  it('lets one supervisor break glass for 15 minutes, flagged for review', async () => {
    const id = await preApproved();
    const auth = await templates.breakGlass(id, 'cai', 'Account hijacked, both other supervisors unreachable', values);
    expect(auth).toMatchObject({
      supervisorId: 'cai', flaggedForReview: true, templateVersion: 1,
      issuedAt: '2019-07-19T22:30:00.000Z', expiresAt: '2019-07-19T22:45:00.000Z', filled: (await templates.fillTemplate(id, values)).filled,
    });
    expect(auth.contentHash).toBe((await templates.fillTemplate(id, values)).contentHash);
    clock.advance(15 * 60_000 - 1);
    expect((await templates.assertBreakGlassValid(auth.id)).id).toBe(auth.id);
    clock.advance(1);
    await expect(templates.assertBreakGlassValid(auth.id)).rejects.toThrow(/has expired \(it lasts 15 minutes\)/);
    expect(await templates.listBreakGlass()).toHaveLength(1);
  });

  it('refuses break-glass for an operator, without a reason, or on a template not pre-approved', async () => {
    const id = await preApproved();
    await expect(templates.breakGlass(id, 'olu', 'reason', values)).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(templates.breakGlass(id, 'cai', ' ', values)).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    const other = shipped(1);
    await templates.proposeTemplate({ id: other.id, name: other.name, ...other.content }, 'sam');
    await expect(templates.breakGlass(other.id, 'sam', 'crisis', values)).rejects.toThrow(/not pre-approved by two supervisors/);
  });

  it('an edit voids the pre-approval and any break-glass started on it', async () => {
    const id = await preApproved();
    const auth = await templates.breakGlass(id, 'cai', 'crisis', values);
    const x = hacked.content.variants.x;
    const edited = await templates.proposeTemplate({ id, name: hacked.name, title: hacked.content.title, variants: { ...hacked.content.variants, x: { text: `${x?.text ?? ''} Sorry.` } } }, 'tess');
    expect(edited).toMatchObject({ version: 2, preApproved: false, approval: { voidedAt: '2019-07-19T22:30:00.000Z', voidReason: 'edited (version 2)' } });
    await expect(templates.assertBreakGlassValid(auth.id)).rejects.toThrow(/template changed or lost its pre-approval/);
    await expect(templates.breakGlass(id, 'cai', 'crisis', values)).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    // Sam did not write version 2, so Sam may now approve it.
    expect((await templates.approveTemplate(id, 'sam', edited.contentHash)).preApproved).toBe(true);
  });
});

describe('break-glass review', () => {
  it('lists uses awaiting review; a different supervisor marks one reviewed, once, with a note', async () => {
    const id = await preApproved();
    const auth = await templates.breakGlass(id, 'cai', 'Account hijacked, both other supervisors unreachable', values);
    expect((await templates.listBreakGlass({ awaitingReview: true })).map((a) => [a.id, a.review])).toEqual([[auth.id, null]]);

    await expect(templates.reviewBreakGlass(auth.id, 'cai', 'Looked fine to me')).rejects.toThrow('You used this break-glass yourself, so a different supervisor must review it (two-person rule).');
    await expect(templates.reviewBreakGlass(auth.id, 'olu', 'Looked fine')).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/Only a supervisor may review/) }));
    await expect(templates.reviewBreakGlass(auth.id, 'sam', '   ')).rejects.toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    await expect(templates.reviewBreakGlass('nope', 'sam', 'checked')).rejects.toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    clock.advance(60 * 60_000);
    const reviewed = await templates.reviewBreakGlass(auth.id, 'sam', '  Reason checked against the incident log; wording as approved.  ');
    expect(reviewed.review).toEqual({ reviewerId: 'sam', reviewedAt: '2019-07-19T23:30:00.000Z', note: 'Reason checked against the incident log; wording as approved.' });
    expect(await templates.listBreakGlass({ awaitingReview: true })).toEqual([]);
    expect((await templates.listBreakGlass())[0]?.review?.reviewerId).toBe('sam');
    await expect(templates.reviewBreakGlass(auth.id, 'tess', 'again')).rejects.toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});

describe('shipped holding statements', () => {
  it('install once, and fit every channel even with the longest allowed values', async () => {
    expect((await templates.installHoldingTemplates('sam')).map((t) => t.violations)).toEqual([[], [], []]);
    expect((await templates.installHoldingTemplates('sam')).map((t) => t.version)).toEqual([1, 1, 1]);
    for (const t of holdingTemplates) {
      for (const long of ['x'.repeat(60), '警'.repeat(60)]) {
        const filled = fillContent(t.content, { time: long, date: long, channels: long });
        expect(validateStatement(filled.content), `${t.id} with ${long[0] ?? ''}`).toEqual([]);
      }
    }
  });
});
