// The renderer in Chromium, over browser mode, against the real core: status through the contract.
import { expect, test } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

test('shows the core status fetched through the contract', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await app.open(page);
  await expect(page.getByTestId('status')).toBeVisible();
  await expect(page.getByTestId('status-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('status-data-dir')).toHaveText(app.dataDir);
  await expect(page.getByTestId('status-schema')).toHaveText(/^[1-9]\d*$/);
  await app.screenshot(page, '01-status');
  expect(errors).toEqual([]);
});

test('without the token the page says it cannot reach the core', async ({ page }) => {
  await page.goto(app.url.replace(/#.*$/, ''));
  await expect(page.getByTestId('status-error')).toContainText('Cannot reach the Control Room core');
});
