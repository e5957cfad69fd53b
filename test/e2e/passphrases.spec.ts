// Passphrases and the anomaly settings end to end, in Chromium over browser mode against the real
// core: an admin resets a desk operator's passphrase, whose next sign-in shows only the forced
// change screen until they choose their own; a person changes their own from the account menu; an
// admin edits the anomaly signals, with a refused value explained on its field.
import { expect, test } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, firstAdmin, signIn, type Person } from '../helpers/e2e-session';

let app: ServedApp;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

const operator: Person = { username: 'desk.op', displayName: 'Desk Operator', passphrase: 'copper kettle morning 7' };
const oneTime = 'handed over in person 42';
const chosen = 'orchard violet stone tidal';

test('an admin resets a passphrase; the next sign-in shows only the forced change until a new one is chosen', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open(page);
  await createFirstAdmin(page);
  await page.getByTestId('view-settings').click();
  await page.getByTestId('new-username').fill(operator.username);
  await page.getByTestId('new-display-name').fill(operator.displayName);
  await page.getByTestId('new-passphrase').fill(operator.passphrase);
  await page.getByTestId('new-confirmation').fill(operator.passphrase);
  await page.getByTestId('create-account-submit').click();
  await expect(page.getByTestId('account-desk.op')).toContainText('active');

  await page.getByTestId('reset-passphrase-desk.op').click();
  const dialog = page.getByTestId('reset-passphrase-dialog');
  await dialog.getByTestId('reset-passphrase-new').fill('desk.op password 1');
  await dialog.getByTestId('reset-passphrase-again').fill('desk.op password 1');
  await dialog.getByTestId('reset-passphrase-submit').click();
  await expect(dialog.getByTestId('reset-passphrase-error')).toContainText('must not contain your username');
  await dialog.getByTestId('reset-passphrase-new').fill(oneTime);
  await dialog.getByTestId('reset-passphrase-again').fill(oneTime);
  await dialog.getByTestId('reset-passphrase-submit').click();
  await expect(dialog.getByTestId('reset-passphrase-done')).toContainText('signed out everywhere');
  await app.screenshot(page, '40-reset-passphrase');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('account-desk.op')).toContainText('must choose a new passphrase');
  await page.getByTestId('sign-out').click();

  // The old passphrase no longer works; the one-time one leads to the forced change and nothing else.
  await page.getByTestId('sign-in-username').fill(operator.username);
  await page.getByTestId('sign-in-passphrase').fill(operator.passphrase);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('Wrong username or passphrase');
  await page.getByTestId('sign-in-passphrase').fill(oneTime);
  await page.getByTestId('sign-in-submit').click();
  const forced = page.getByTestId('forced-passphrase-change');
  await expect(forced).toContainText('An admin reset the passphrase of Desk Operator');
  await expect(page.getByTestId('columns')).toHaveCount(0);
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await app.screenshot(page, '41-forced-passphrase-change');

  await forced.getByTestId('change-passphrase-current').fill('not what the admin said');
  await forced.getByTestId('change-passphrase-new').fill(chosen);
  await forced.getByTestId('change-passphrase-again').fill(chosen);
  await forced.getByTestId('change-passphrase-submit').click();
  await expect(forced.getByTestId('change-passphrase-error')).toContainText('The current passphrase is wrong');
  await expect(forced.getByTestId('change-passphrase-new')).toHaveValue(chosen);
  await forced.getByTestId('change-passphrase-current').fill(oneTime);
  await forced.getByTestId('change-passphrase-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(operator.displayName);
  await expect(page.getByTestId('columns')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a person changes their own passphrase from the account menu', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open(page);
  await signIn(page, { ...operator, passphrase: chosen });
  await page.getByTestId('open-change-passphrase').click();
  const dialog = page.getByTestId('change-passphrase-dialog');
  await dialog.getByTestId('change-passphrase-current').fill(chosen);
  await dialog.getByTestId('change-passphrase-new').fill(chosen);
  await dialog.getByTestId('change-passphrase-again').fill(chosen);
  await dialog.getByTestId('change-passphrase-submit').click();
  await expect(dialog.getByText('Choose a passphrase different from the current one.')).toBeVisible();
  await dialog.getByTestId('change-passphrase-new').fill(operator.passphrase);
  await dialog.getByTestId('change-passphrase-again').fill(operator.passphrase);
  await dialog.getByTestId('change-passphrase-submit').click();
  await expect(dialog.getByTestId('passphrase-changed')).toContainText('Passphrase changed');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  // Operators do not see the anomaly settings (admins only).
  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('settings-accounts')).toBeVisible();
  await expect(page.getByTestId('settings-anomaly')).toHaveCount(0);
  await page.getByTestId('sign-out').click();
  await signIn(page, operator);
  expect(errors).toEqual([]);
});

test('an admin edits the anomaly signals; a refused value is explained on its field', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open(page);
  await signIn(page, firstAdmin);
  await page.getByTestId('view-settings').click();
  const panel = page.getByTestId('settings-anomaly');
  await expect(panel.getByTestId('office-hours-start')).toHaveValue('7');
  await expect(panel.getByTestId('abusive-words')).toContainText('pwned (built-in)');

  await panel.getByTestId('office-hours-zone').fill('Europe/Londn');
  await panel.getByTestId('office-hours-save').click();
  await expect(panel.getByTestId('office-hours')).toContainText('"Europe/Londn" is not a time zone Control Room knows');
  await expect(panel.getByTestId('office-hours-zone')).toHaveAttribute('aria-invalid', 'true');
  await panel.getByTestId('office-hours-zone').fill('america/new_york');
  await panel.getByTestId('office-hours-save').click();
  await expect(panel.getByText('Saved: the next item read is scored with these hours.')).toBeVisible();
  await expect(panel.getByTestId('office-hours-zone')).toHaveValue('America/New_York');

  await panel.getByTestId('own-domains-input').fill('Bücher.example');
  await expect(panel.getByTestId('own-domains')).toContainText('Stored as xn--bcher-kva.example.');
  await panel.getByTestId('own-domains-add').click();
  await expect(panel.getByTestId('own-domains').getByRole('listitem')).toHaveCount(1);
  await expect(panel.getByTestId('own-domains').getByRole('listitem')).toContainText('xn--bcher-kva.example');
  await panel.getByTestId('own-domains-input').fill('https://met.police.uk/news');
  await panel.getByTestId('own-domains-add').click();
  await expect(panel.getByTestId('own-domains')).toContainText('type the domain only');

  await panel.getByTestId('abusive-words-input').fill('Scumbags');
  await panel.getByTestId('abusive-words-add').click();
  await expect(panel.getByTestId('abusive-words').getByRole('listitem').last()).toContainText('scumbags');
  await panel.getByRole('button', { name: 'Remove word pwned' }).click();
  await expect(panel.getByTestId('abusive-words')).toContainText('Built-in words not on the list: pwned.');
  await panel.scrollIntoViewIfNeeded();
  await app.screenshot(page, '42-anomaly-settings');
  expect(errors).toEqual([]);
});
