// The control room screen end to end, in Chromium over browser mode against the real core and the
// demo newsroom: a new user's first ten minutes (first admin, columns, the July 2019 replay, the
// alert, the keyboard, an item's sandboxed HTML), then accounts, settings, lock and sign-in.
import { expect, test } from '@playwright/test';
import { incidentScript } from '../../electron/demo/incident-script';
import { serveApp, type ServedApp } from '../helpers/app';
import { watchForErrors } from '../helpers/e2e-checks';
import { attackerClients } from '../../electron/demo/replay';
import { createFirstAdmin, firstAdmin, signIn, type Person } from '../helpers/e2e-session';

/** Every attacker post of the replay, on every demo channel. */
const attackerPosts = incidentScript.length;

let app: ServedApp;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

const columns = ['demo-x', 'demo-website', 'demo-email', 'demo-mastodon', 'demo-bluesky'] as const;
const operator: Person = { username: 'desk.op', displayName: 'Desk Operator', passphrase: 'copper kettle morning 7' };

test('a new user creates the first admin, replays the incident, sees the alert and inspects an item', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);

  // First run: a bad passphrase is explained and nothing typed is lost.
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  await page.getByTestId('first-admin-username').fill(firstAdmin.username);
  await page.getByTestId('first-admin-display-name').fill(firstAdmin.displayName);
  await page.getByTestId('first-admin-passphrase').fill('too short');
  await page.getByTestId('first-admin-submit').click();
  await expect(page.getByText('Use at least 12 characters (this one has 9)')).toBeVisible();
  await expect(page.getByText('Type the passphrase again.')).toBeVisible();
  await expect(page.getByTestId('first-admin-username')).toHaveValue(firstAdmin.username);
  await expect(page.getByTestId('first-admin-passphrase')).toHaveAttribute('aria-invalid', 'true');
  await app.screenshot(page, '10-first-run');
  await page.getByTestId('first-admin-passphrase').fill('');
  await createFirstAdmin(page);

  // The control room: demo banner, four columns, all clear; actions that cannot apply say why.
  await expect(page.getByTestId('demo-banner')).toContainText('DEMO NEWSROOM — simulated channels');
  for (const id of columns) await expect(page.getByTestId(`column-${id}`)).toBeVisible();
  await expect(page.getByTestId('health-demo-x')).toHaveText('ok');
  await expect(page.getByTestId('control-state')).toHaveText('ALL CLEAR');
  for (const id of ['freeze-all', 'retract-unverified', 'publish-statement']) await expect(page.getByTestId(id)).toBeEnabled();
  await expect(page.getByTestId('unfreeze')).toBeDisabled();
  await expect(page.getByTestId('unfreeze')).toHaveAttribute('title', 'nothing is frozen');
  await expect(page.getByTestId('retract-selected')).toBeDisabled();
  await expect(page.getByTestId('retract-selected')).toHaveAttribute('title', 'select items first (X in a column)');
  await app.screenshot(page, '11-columns');

  // The replay: the first attacker item shows up unverified in its column and the state turns ALERT.
  await page.getByTestId('demo-replay-speed').selectOption('200');
  await page.getByTestId('demo-replay').click();
  const firstUnverified = page.locator('[data-testid^="column-"] [data-provenance="unverified"]').first();
  await expect(firstUnverified).toBeVisible({ timeout: 15_000 });
  await expect(firstUnverified).toHaveAttribute('data-status', 'live');
  await expect(firstUnverified.getByTestId('provenance-badge')).toContainText('Unverified');
  const state = page.getByTestId('control-state');
  await expect(state).toHaveAttribute('data-state', 'alert');
  await expect(state).toHaveText(/^ALERT \d+ unverified live$/);
  await expect(page.getByTestId('alert-banner')).toBeVisible();
  // The window title flashes while the alarm is unacknowledged.
  await expect(page).toHaveTitle(/⚠ ALERT \(\d+\) — Control Room/);
  await expect(page).toHaveTitle(/^\d+ UNVERIFIED LIVE$/);
  await expect(page.getByTestId('demo-progress')).toContainText(`${attackerPosts} of ${attackerPosts} attacker posts`, { timeout: 20_000 });
  // Every attacker post is read back and flagged: nothing the attacker posted counts as approved.
  await expect(state).toHaveText(`ALERT ${attackerPosts} unverified live`, { timeout: 15_000 });
  await expect(page.locator('[data-provenance="verified"]')).toHaveCount(0);
  await app.screenshot(page, '12-alert');

  // The keyboard: J moves down the first column, X selects, K moves back up.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  const xItems = page.locator('[data-testid="column-demo-x"] article');
  await expect(xItems.nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(xItems.nth(1)).toBeFocused();
  await page.keyboard.press('x');
  await expect(xItems.nth(1)).toHaveAttribute('data-selected', 'true');
  await expect(xItems.nth(1).getByRole('checkbox')).toBeChecked();
  await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
  await expect(page.getByTestId('retract-selected')).toHaveText('Retract selected (1)');
  await page.keyboard.press('k');
  await expect(xItems.nth(0)).toBeFocused();

  // L moves to the website column; Enter opens the item with its HTML in a sandboxed frame.
  await page.keyboard.press('l');
  const webItem = page.locator('[data-testid="column-demo-website"] article').first();
  await expect(webItem).toBeFocused();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('item-detail');
  await expect(detail).toBeVisible();
  const frame = detail.getByTestId('item-html');
  await expect(frame).toHaveAttribute('sandbox', '');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc.startsWith(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)).toBe(true);
  const webText = (await webItem.locator('.item__text').textContent()) ?? '';
  const lastLine = webText.split('\n').pop() ?? '';
  await expect(page.frameLocator('[data-testid="item-html"]').locator('body')).toContainText(lastLine.trim());
  await expect(detail.getByTestId('item-links')).toContainText('127.0.0.1');
  await app.screenshot(page, '13-item-detail');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  // Acknowledging silences the alarm; the state stays ALERT while the items are live.
  await page.getByTestId('alarm-acknowledge').click();
  await expect(page.getByTestId('alert-banner')).toBeHidden();
  await expect(state).toHaveAttribute('data-state', 'alert');
  await expect(page).toHaveTitle(`ALERT (${attackerPosts}) — Control Room`);

  // "/" jumps to the filter; the columns show only what matches.
  await page.keyboard.press('/');
  await expect(page.getByTestId('feed-filter')).toBeFocused();
  await page.keyboard.type('digga');
  await expect(page.getByTestId('column-counts-demo-x')).toContainText('14 items · 3 shown');
  for (const text of await page.locator('[data-testid="column-demo-x"] .item__text').allTextContents()) expect(text.toLowerCase()).toContain('digga');
  await page.getByTestId('feed-filter').fill('');
  await expect(page.getByTestId('column-counts-demo-x')).not.toContainText('shown');
  expect(errors).toEqual([]);
});

test('retract selected, retract everything unverified since, freeze with quarantine, unfreeze', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  const attacker = attackerClients(app.demo!);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('alarm-acknowledge').click();
  const state = page.getByTestId('control-state');

  // Retract selected: one X item, chosen with the keyboard; its status follows the job.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  const target = page.locator('[data-testid="column-demo-x"] article').first();
  const targetId = (await target.getAttribute('data-testid')) ?? '';
  await page.getByTestId('retract-selected').click();
  const dialog = page.getByTestId('retract-dialog');
  await expect(dialog).toContainText('1 item on X @');
  await dialog.getByTestId('retract-confirm').click();
  await expect(dialog.getByTestId('retract-result')).toContainText('Retracting 1 item; evidence was captured first.');
  await app.screenshot(page, '14-retract');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId(targetId)).toHaveAttribute('data-status', 'retracted', { timeout: 15_000 });
  await expect(state).toHaveText(`ALERT ${attackerPosts - 1} unverified live`);
  await expect(page.getByTestId('selection-count')).toHaveText('No items selected');

  // Retract every unverified item since an hour ago on every channel: nothing unverified stays live
  // (email cannot be recalled: those items say so).
  await page.getByTestId('retract-unverified').click();
  await dialog.getByTestId('retract-confirm').click();
  await expect(dialog.getByTestId('retract-result')).toContainText('Retracting');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(state).toHaveText('ALL CLEAR', { timeout: 30_000 });
  await expect(page.locator('[data-testid="column-demo-email"] [data-status="impossible"]').first()).toBeVisible();
  await expect(page.locator('[data-status="live"][data-provenance="unverified"]')).toHaveCount(0);

  // Freeze: F stops everything at once; the state says since when and by whom; a reason can follow.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('f');
  await expect(state).toHaveAttribute('data-state', 'frozen');
  await expect(state).toHaveText(/^FROZEN since \d\d:\d\d by J\. Smith$/);
  await page.getByTestId('freeze-reason').fill('X and website compromised; statement follows');
  await page.getByTestId('freeze-reason').press('Enter');
  await expect(page.getByTestId('frozen-banner')).toContainText('Reason: X and website compromised; statement follows');
  await expect(page.getByTestId('freeze-all')).toBeDisabled();

  // Quarantine: an attacker post while frozen is captured and taken down without anyone clicking.
  await attacker.post({ channel: 'x', text: 'posted during the freeze' });
  const quarantined = page.locator('[data-testid="column-demo-x"] article').filter({ hasText: 'posted during the freeze' });
  await expect(quarantined).toHaveCount(1, { timeout: 15_000 });
  await expect(quarantined).toHaveAttribute('data-status', 'retracted', { timeout: 15_000 });
  await attacker.post({ channel: 'mastodon', text: 'tooted during the freeze' });
  const tooted = page.locator('[data-testid="column-demo-mastodon"] article').filter({ hasText: 'tooted during the freeze' });
  await expect(tooted).toHaveAttribute('data-status', 'retracted', { timeout: 15_000 });
  await app.screenshot(page, '15-frozen');

  // Unfreeze (a supervisor or admin, passphrase fresh from signing in).
  await page.getByTestId('unfreeze').click();
  await page.getByTestId('unfreeze-confirm').click();
  await expect(page.getByTestId('frozen-banner')).toHaveCount(0);
  await expect(state).not.toHaveAttribute('data-state', 'frozen');
  attacker.close();
  expect(errors).toEqual([]);
});

test('accounts and thresholds in settings, lock and unlock, sign-out and sign-in as another role', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);

  // A new connection signs in on its own; a wrong passphrase is refused and the username kept.
  await page.getByTestId('sign-in-username').fill(firstAdmin.username);
  await page.getByTestId('sign-in-passphrase').fill('not the passphrase at all');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Wrong username or passphrase');
  await expect(page.getByTestId('sign-in-username')).toHaveValue(firstAdmin.username);
  await page.getByTestId('sign-in-passphrase').fill(firstAdmin.passphrase);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(firstAdmin.displayName);

  // Everything unverified was taken back in the previous test: this window has no alarm.
  await expect(page.getByTestId('control-state')).toHaveText('ALL CLEAR');

  // Settings: create a desk operator (a mismatch first), see them listed.
  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('account-j.smith')).toContainText('J. Smith');
  await page.getByTestId('new-username').fill(operator.username);
  await page.getByTestId('new-display-name').fill(operator.displayName);
  await page.getByTestId('new-passphrase').fill(operator.passphrase);
  await page.getByTestId('new-confirmation').fill(`${operator.passphrase}!`);
  await page.getByTestId('create-account-submit').click();
  await expect(page.getByText('The two passphrases differ.')).toBeVisible();
  await page.getByTestId('new-confirmation').fill(operator.passphrase);
  await page.getByTestId('create-account-submit').click();
  await expect(page.getByTestId('create-account-done')).toContainText('Created Desk Operator (operator)');
  await expect(page.getByTestId('account-desk.op')).toContainText('Desk Operator');

  // Thresholds: out-of-range input is explained; a valid one is saved.
  const idle = page.getByTestId('setting-session.idleLockMinutes');
  await idle.fill('0');
  await expect(page.getByText('Enter a whole number from 1 to 240.')).toBeVisible();
  await idle.fill('30');
  await idle.press('Enter');
  await expect(page.getByText('Saved: 30 min.')).toBeVisible();
  await page.getByRole('main').evaluate((el) => el.scrollTo(0, 0));
  await app.screenshot(page, '16-settings');

  // Lock: the lock screen names the owner; a wrong passphrase is refused; the right one unlocks.
  await page.getByTestId('lock-session').click();
  await expect(page.getByTestId('lock-screen')).toContainText('J. Smith');
  await page.getByTestId('unlock-passphrase').fill('wrong wrong wrong');
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('unlock-error')).toContainText('Wrong username or passphrase');
  await app.screenshot(page, '17-locked');
  await page.getByTestId('unlock-passphrase').fill(firstAdmin.passphrase);
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('settings-view')).toBeVisible();

  // Sign out, then sign in as the operator: accounts are read-only for them.
  await page.getByTestId('sign-out').click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await app.screenshot(page, '18-sign-in');
  await signIn(page, operator);
  await expect(page.getByTestId('columns')).toBeVisible();
  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('settings-accounts')).toContainText('Only an admin can change accounts.');
  await expect(page.getByTestId('create-account')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('two people: an operator writes and submits a statement, an admin approves and publishes it, and it reads back verified', async ({ browser, page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  const author = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await app.open(author);
  await signIn(author, operator);
  await author.getByTestId('publish-statement').click();
  const words = 'Our accounts were misused tonight. Ignore posts since 23:04; we are removing them. Updates here.';
  await author.getByTestId('composer-title').fill('Statement on tonight’s posts');
  await author.getByTestId('composer-canonicalText').fill(words);
  await author.getByTestId('composer-fill').click();
  await expect(author.getByTestId('composer-xText')).toHaveValue(words);
  await author.getByTestId('statement-submit').click();
  await expect(author.getByTestId('composer-status')).toContainText('pending');
  await expect(author.getByTestId('statement').first()).toContainText('Waiting for a second person to approve.');

  // The second person approves the exact text and publishes it on every channel at once.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('view-statements').click();
  const card = page.getByTestId('statement').filter({ hasText: 'Statement on tonight’s posts' });
  await expect(card).toHaveAttribute('data-status', 'pending');
  await expect(card).toContainText('by Desk Operator');
  await card.getByTestId('statement-approve').click();
  await expect(card).toHaveAttribute('data-status', 'approved');
  await card.getByTestId('statement-publish').click();
  // The composer writes for X, the website and email by default (Bluesky is switched on per statement).
  const composed = ['demo-x', 'demo-website', 'demo-email'] as const;
  await expect(card.locator('.outbox__row[data-status="sent"]')).toHaveCount(composed.length, { timeout: 20_000 });
  await expect(card).toHaveAttribute('data-status', 'published');
  await app.screenshot(page, '19-statement-published');

  // Read back from the channels themselves: the statement is live everywhere, and verified.
  await page.getByTestId('view-columns').click();
  for (const id of composed) {
    await expect(page.locator(`[data-testid="column-${id}"] article[data-provenance="verified"]`).first()).toBeVisible({ timeout: 15_000 });
  }
  await expect(page.getByTestId('control-state')).toHaveText('ALL CLEAR');
  await author.context().close();
  expect(errors).toEqual([]);
});
