// Connecting Mastodon through the instance's consent page, from the screen: only the name and the
// instance are asked for, the consent page opens (browser mode: this window opens it) on the
// instance's /oauth/authorize with "read write" and a PKCE S256 challenge, the instance sends the
// browser back to the app's loopback listener, and the outcome is on screen.
import { expect, test } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin } from '../helpers/e2e-session';

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

test('Mastodon: sign in on the instance, consent page with "read write" and PKCE, connected or told why not', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await createFirstAdmin(page);
  await page.getByTestId('view-settings').click();
  const form = page.getByTestId('connect-channel');
  const field = (key: string) => form.getByTestId(`channel-field-${key}`);
  const rows = page.getByTestId('channels-table').locator('tbody tr');
  await expect(rows).toHaveCount(5);

  await form.getByTestId('channel-kind-mastodon-oauth').check();
  // No token, no client secret, no scopes: the name and the instance only; no "Test" without a token.
  await expect(form.locator('[data-testid^="channel-field-"]')).toHaveCount(2);
  await expect(form.getByTestId('channel-test')).toHaveCount(0);
  await field('name').fill('Mastodon (sign-in)');
  await field('instanceUrl').fill(app.demo!.mastodon.url);
  const requested: string[] = [];
  page.context().on('request', (r) => requested.push(r.url()));
  const consent = page.context().waitForEvent('page');
  await form.getByTestId('channel-connect').click();
  const popup = await consent;
  await popup.waitForLoadState();
  // The demo instance consents at once: the popup ends on the app's loopback page.
  await expect(popup.locator('body')).toContainText('Control Room has its answer from Mastodon');
  expect(popup.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
  const authorize = new URL(requested.find((u) => u.startsWith(`${app.demo!.mastodon.url}/oauth/authorize?`)) ?? 'http://none/');
  expect(authorize.searchParams.get('scope')).toBe('read write');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(new URL(popup.url()).origin + '/callback');

  const outcome = page.getByTestId('channel-connected').or(form.getByTestId('channel-form-error'));
  await expect(outcome).toBeVisible({ timeout: 15_000 });
  if (await page.getByTestId('channel-connected').isVisible()) {
    await expect(rows).toHaveCount(6);
    await expect(page.getByTestId('channels-table')).toContainText('Mastodon (sign-in)');
  } else {
    // No keychain on this machine: said so, nothing saved, and what was typed stays.
    await expect(form.getByTestId('channel-form-error')).toContainText(/keychain|Secret Service/i);
    await expect(rows).toHaveCount(5);
    await expect(field('instanceUrl')).toHaveValue(app.demo!.mastodon.url);
  }
  expect(errors).toEqual([]);
});
