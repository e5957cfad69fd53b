// Browser mode: when the core goes away, the screen says so instead of silently going stale.
import { expect, test } from '@playwright/test';
import { serveApp } from '../helpers/app';
import { createFirstAdmin } from '../helpers/e2e-session';

test('a lost connection to the core is announced', async ({ page }) => {
  const app = await serveApp();
  try {
    await app.open(page);
    await createFirstAdmin(page);
    await expect(page.getByTestId('connection-lost')).toHaveCount(0);
    await app.stop();
    await expect(page.getByTestId('connection-lost')).toContainText('Lost the connection to the Control Room core');
  } finally {
    await app.stop();
  }
});
