// What supervisors decide after the approval, through the screens (Chromium over browser mode,
// every window in Europe/London): a statement scheduled in local time with the zone named (a time
// in the past refused, cancelled, approved again); a scheduled statement whose approval ran out
// before its time held with a banner on every signed-in screen until a supervisor confirms it,
// then sent once; a break-glass use reviewed in the Incident view by a different supervisor.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { demoChannelIds } from '../../electron/demo/plugin';
import { serveApp, type ServedApp } from '../helpers/app';
import { expectNoSeriousViolations, watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, firstAdmin, signIn, type Person } from '../helpers/e2e-session';

const zone = 'Europe/London';
test.use({ timezoneId: zone, viewport: { width: 1920, height: 1080 } });
test.describe.configure({ mode: 'serial' });

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

const operator: Person = { username: 'desk.op', displayName: 'Desk Operator', passphrase: 'copper kettle morning 7' };
const duty: Person = { username: 'duty.sup', displayName: 'Duty Supervisor', passphrase: 'amber harbour lantern 9' };

/** What a datetime-local field in a London window shows for an instant, and the clock time alone. */
function london(ms: number): { field: string; clock: string } {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { field: `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`, clock: `${p.hour}:${p.minute}` };
}

async function openAs(browser: Browser, who: Person): Promise<Page> {
  const page = await (await browser.newContext({ timezoneId: zone, viewport: { width: 1920, height: 1080 } })).newPage();
  await app.open(page);
  await signIn(page, who);
  return page;
}

/** A privileged click: if the core wants the passphrase again, give it. */
async function withPassphrase(page: Page, who: Person, click: () => Promise<void>): Promise<void> {
  await click();
  const dialog = page.getByTestId('reauth-dialog');
  if (await dialog.isVisible({ timeout: 1_000 }).catch(() => false)) {
    await dialog.getByTestId('reauth-passphrase').fill(who.passphrase);
    await dialog.getByTestId('reauth-submit').click();
  }
}

/**
 * The operator (in a window of their own) writes and submits `title`; the admin, signed in on
 * `page`, approves it. Returns the admin's card, the operator's window and the admin's page errors.
 */
async function approvedStatement(browser: Browser, page: Page, title: string) {
  const errors = watchForErrors(page);
  const author = await openAs(browser, operator);
  await app.open(page);
  await signIn(page);
  await author.getByTestId('publish-statement').click();
  await author.getByTestId('composer-title').fill(title);
  await author.getByTestId('composer-canonicalText').fill(`${title}: our accounts are back under our control.`);
  await author.getByTestId('composer-fill').click();
  await author.getByTestId('statement-submit').click();
  await expect(author.getByTestId('composer-status')).toContainText('pending');
  await page.getByTestId('view-statements').click();
  const card = page.getByTestId('statement').filter({ hasText: title });
  await expect(card).toHaveAttribute('data-status', 'pending');
  await withPassphrase(page, firstAdmin, () => card.getByTestId('statement-approve').click());
  await expect(card).toHaveAttribute('data-status', 'approved');
  return { card, author, errors };
}

test('accounts: an operator and a second supervisor', async ({ page }) => {
  await app.open(page);
  await createFirstAdmin(page);
  await page.getByTestId('view-settings').click();
  for (const [who, role] of [[operator, 'operator'], [duty, 'supervisor']] as const) {
    await page.getByTestId('new-username').fill(who.username);
    await page.getByTestId('new-display-name').fill(who.displayName);
    await page.getByTestId('new-role').selectOption(role);
    await page.getByTestId('new-passphrase').fill(who.passphrase);
    await page.getByTestId('new-confirmation').fill(who.passphrase);
    await page.getByTestId('create-account-submit').click();
    await expect(page.getByTestId(`account-${who.username}`)).toContainText(who.displayName);
  }
});

test('scheduling in local time with the zone named: the past refused, then scheduled, cancelled and approved again', async ({ browser, page }) => {
  const { card, author, errors } = await approvedStatement(browser, page, 'Scheduled update');

  const field = card.getByTestId('statement-schedule-at');
  await expect(card.getByTestId('statement-schedule-zone')).toContainText(`${zone} (UTC`);
  const past = london(Date.now() - 5 * 60_000);
  await field.fill(past.field);
  await withPassphrase(page, firstAdmin, () => card.getByTestId('statement-schedule').click());
  await expect(card.getByTestId('statement-schedule-error')).toContainText('has already passed. Choose a time in the future, or publish now.');
  // Nothing typed is lost: the time stays in the field to correct.
  await expect(field).toHaveValue(past.field);

  const later = london(Date.now() + 90 * 60_000);
  await field.fill(later.field);
  await withPassphrase(page, firstAdmin, () => card.getByTestId('statement-schedule').click());
  await expect(card).toHaveAttribute('data-status', 'published');
  await expect(card.locator('.statement__status')).toHaveText('scheduled');
  await expect(card.getByTestId('scheduled-for')).toContainText(`SCHEDULED for ${later.clock} ${zone} (UTC`);
  await expect(card.locator('.outbox__row[data-held="schedule"]')).toHaveCount(3);
  await expect(card.locator('.outbox__row').first()).toContainText(`scheduled for ${later.clock} ${zone}`);
  await expectNoSeriousViolations(page, 'a scheduled statement');
  await app.screenshot(page, '50-scheduled');

  await card.getByTestId('statement-cancel-send').click();
  await expect(card.locator('.outbox__row[data-status="cancelled"]')).toHaveCount(3);
  await expect(card.locator('.outbox__row').first()).toContainText('cancelled by J. Smith');
  await expect(card).toHaveAttribute('data-status', 'approved');
  await expect(card.getByTestId('statement-publish')).toBeVisible();
  await author.context().close();
  expect(errors).toEqual([]);
});

test('a scheduled statement that outlived its approval: a banner on every screen until a supervisor confirms; then it goes once', async ({ browser, page }) => {
  const { card, author, errors } = await approvedStatement(browser, page, 'Late-night update');
  await card.getByTestId('statement-schedule-at').fill(london(Date.now() + 10 * 60_000).field);
  await withPassphrase(page, firstAdmin, () => card.getByTestId('statement-schedule').click());
  await expect(card.locator('.outbox__row[data-held="schedule"]')).toHaveCount(3);

  // Two and a half hours pass for this statement: its time comes after its approval has run out.
  // (The served core runs on the real clock; the test moves this statement's times instead.)
  const db = new DatabaseSync(join(app.dataDir, 'control-room.db'));
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const now = Date.now();
    db.prepare("UPDATE outbox SET not_before = ?, approved_until = ? WHERE status = 'queued' AND held_by = 'schedule'")
      .run(new Date(now - 1_000).toISOString(), new Date(now - 30 * 60_000).toISOString());
  } finally {
    db.close();
  }

  // Held, not sent; every signed-in screen says so, the operator's included.
  for (const screen of [page, author]) {
    await expect(screen.getByTestId('confirmation-banner')).toContainText(/“Late-night update” has not gone out on X @\S+, Website news, Email bulletin/, { timeout: 15_000 });
    await expect(screen.getByTestId('confirmation-banner')).toContainText(`its approval ran out at`);
  }
  await expect(card.locator('.outbox__row[data-held="stale-approval"]')).toHaveCount(3);
  await expect(author.getByTestId('confirm-send')).toHaveAttribute('aria-disabled', 'true');
  await expect(author.getByTestId('confirmation-banner')).toContainText('Ask a supervisor to confirm or cancel it.');
  await expectNoSeriousViolations(author, 'the confirmation banner');
  await app.screenshot(author, '51-confirmation-banner');

  // A second supervisor, signing in now, sees it too and confirms it with one click.
  const supervisor = await openAs(browser, duty);
  await expect(supervisor.getByTestId('confirmation-needed')).toHaveCount(1);
  await withPassphrase(supervisor, duty, () => supervisor.getByTestId('confirm-send').click());
  for (const screen of [page, author, supervisor]) await expect(screen.getByTestId('confirmation-banner')).toHaveCount(0, { timeout: 15_000 });
  await expect(card.locator('.outbox__row[data-status="sent"]')).toHaveCount(3, { timeout: 20_000 });
  await expect(card.locator('.outbox__row').first()).toContainText('confirmed by Duty Supervisor');
  await page.getByTestId('view-columns').click();
  await expect(page.locator('[data-testid="column-demo-x"] article[data-provenance="verified"]').filter({ hasText: 'Late-night update' })).toHaveCount(1, { timeout: 15_000 });
  await author.context().close();
  await supervisor.context().close();
  expect(errors).toEqual([]);
});

test('break-glass is reviewed in the Incident view by a supervisor who did not use it, with a note', async ({ browser, page }) => {
  const errors = watchForErrors(page);
  await app.open(page);
  await signIn(page);
  await page.getByTestId('publish-statement').click();
  await page.getByTestId('template-holding-posting-paused').getByTestId('template-choose').click();
  await page.getByTestId('break-glass-open').click();
  const breakGlass = page.getByTestId('break-glass-dialog');
  await breakGlass.getByTestId('break-glass-reason').fill('Security check in progress; second supervisor not reachable');
  await withPassphrase(page, firstAdmin, () => breakGlass.getByTestId('break-glass-confirm').click());
  await expect(breakGlass.getByTestId('break-glass-result').locator('.outbox__row[data-status="sent"]')).toHaveCount(Object.keys(demoChannelIds).length, { timeout: 20_000 });
  await breakGlass.getByTestId('break-glass-result').getByRole('button', { name: 'Close', exact: true }).click();

  // The one who used it sees it awaiting review, and cannot review it.
  await page.getByTestId('view-incident').click();
  const mine = page.getByTestId('break-glass-use').filter({ hasText: 'Security check in progress' });
  await expect(mine).toHaveAttribute('data-reviewed', 'no');
  await expect(mine).toContainText('published alone by J. Smith');
  await expect(mine.getByTestId('break-glass-review-own')).toContainText('a different supervisor reviews it');

  const supervisor = await openAs(browser, duty);
  await supervisor.getByTestId('view-incident').click();
  const theirs = supervisor.getByTestId('break-glass-use').filter({ hasText: 'Security check in progress' });
  await expect(theirs).toContainText(/Went to: X @\S+ \(sent\); Website news \(sent\); Email bulletin \(sent\)/);
  await theirs.getByTestId('break-glass-review-note').fill('Checked with the duty log: the pause was needed; wording as pre-approved.');
  await theirs.getByTestId('break-glass-review-submit').click();
  await expect(theirs.getByTestId('break-glass-reviewed')).toContainText('Reviewed by Duty Supervisor');
  // The admin's screen follows without a reload.
  await expect(mine).toHaveAttribute('data-reviewed', 'yes', { timeout: 15_000 });
  await expect(mine).toContainText('“Checked with the duty log: the pause was needed; wording as pre-approved.”');
  await expectNoSeriousViolations(supervisor, 'break-glass reviews');
  await app.screenshot(supervisor, '52-break-glass-reviewed');
  await supervisor.context().close();
  expect(errors).toEqual([]);
});
