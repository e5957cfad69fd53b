// axe-core on every screen a person meets: first run, the control room (with live items and the
// alert banner), an item's detail, statements, the incident record, settings, the lock screen and
// sign-in. No serious or critical violation is allowed.
import { expect, test } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { expectNoSeriousViolations } from '../helpers/e2e-checks';
import { createFirstAdmin, firstAdmin } from '../helpers/e2e-session';

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

test('no serious or critical axe violations on the first-run, main, detail, statements, settings, lock and sign-in screens', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  await page.getByTestId('first-admin-submit').click(); // with every field's error showing
  await expect(page.getByText('Enter a username.')).toBeVisible();
  await expectNoSeriousViolations(page, 'first run');

  await createFirstAdmin(page);
  await page.getByTestId('demo-replay-speed').selectOption('200');
  await page.getByTestId('demo-replay').click();
  await expect(page.getByTestId('alert-banner')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-testid="column-demo-website"] article').first()).toBeVisible({ timeout: 15_000 });
  await expectNoSeriousViolations(page, 'the control room');

  await page.locator('[data-testid="column-demo-website"] article').first().getByTestId('item-details').click();
  await expect(page.getByTestId('item-html')).toBeVisible();
  await expectNoSeriousViolations(page, 'item detail');
  await page.keyboard.press('Escape');

  await page.getByTestId('view-statements').click();
  await expect(page.getByTestId('statements-view')).toBeVisible();
  await expectNoSeriousViolations(page, 'statements');

  // Nothing was frozen yet, so there is no incident: the record says so plainly.
  await page.getByTestId('view-incident').click();
  await expect(page.getByTestId('no-incident')).toHaveText('No incident yet. An incident starts with the first freeze.');
  await expect(page.getByTestId('audit-verify')).toHaveAttribute('data-ok', 'true');
  await expectNoSeriousViolations(page, 'incident record before any incident');

  await page.getByTestId('view-settings').click();
  await expect(page.getByTestId('accounts-table')).toBeVisible();
  await expectNoSeriousViolations(page, 'settings');

  await page.getByTestId('lock-session').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expectNoSeriousViolations(page, 'lock screen');

  await page.getByTestId('unlock-passphrase').fill(firstAdmin.passphrase);
  await page.getByTestId('unlock-submit').click();
  await page.getByTestId('sign-out').click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoSeriousViolations(page, 'sign-in');
});
