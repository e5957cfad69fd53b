// Team mode end to end, in Chromium against real cores on REAL PostgreSQL: desk A is served in
// browser mode by a child process (test/helpers/offline-desks.ts) and reaches PostgreSQL through a
// TCP proxy that can be cut; desk B is a second core on the same database. The control bar says 2
// desks online, with their names on focus; when A's proxy is cut, the screen shows the unreachable
// banner (since when, what works, the CLI freeze) and the composer says its text was saved on this
// desk; when the proxy returns the banner goes and the text typed meanwhile is what desk B reads.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotDir } from '../helpers/app';
import { expectNoSeriousViolations } from '../helpers/e2e-checks';
import { startDesks } from '../helpers/e2e-offline-desks';
import { createFirstAdmin } from '../helpers/e2e-session';
import { requirePeers } from '../helpers/e2e-peers';

test('desk A loses its database: the banner says so on screen, drafts are saved on the desk and sync when it returns; the control bar shows who is online', async ({ page }) => {
  requirePeers(['postgresql'], 'database-offline.spec');
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const desks = await startDesks();
  try {
    await page.goto(desks.url);
    await createFirstAdmin(page);

    // Who is online: both desks, named on keyboard focus.
    await expect(page.getByTestId('online-desks')).toContainText('2 desks online');
    await page.getByTestId('online-desks').focus();
    await expect(page.getByTestId('online-desks-names')).toBeVisible();
    await expect(page.getByTestId('online-desks-names')).toHaveText('Desk A (this desk), Desk B');
    await page.screenshot({ path: join(screenshotDir, '79-online-desks.png') });
    await expect(page.getByTestId('database-unreachable')).toHaveCount(0);

    await page.getByTestId('view-statements').click();
    await page.getByTestId('composer-title').fill('Written through the outage');
    await page.getByTestId('composer-canonicalText').fill('Before the cut.');
    await expect(page.getByTestId('composer-status')).toContainText('all changes saved');

    await desks.command('offline');
    const banner = page.getByTestId('database-unreachable');
    await expect(banner).toContainText('This desk cannot reach the shared database (since ', { timeout: 20_000 });
    await expect(banner).toContainText('It reconnects by itself.');
    await expect(banner).toContainText('Still works here: drafting. Drafts are saved on this desk');
    await expect(banner).toContainText('Not from this desk until then: sending, approving, freezing, signing in.');
    await expect(page.getByTestId('cli-freeze-command')).toContainText('control-room freeze --all --user YOUR_NAME');
    await expect(page.getByTestId('online-desks')).toHaveText('database unreachable');

    await page.getByTestId('composer-canonicalText').fill('Typed while desk A could not reach the database.');
    await expect(page.getByTestId('composer-saved-locally')).toContainText('Saved on this desk');
    await expect(page.getByTestId('composer-saved-locally')).toContainText('will sync when the database returns');
    await expect(banner).toContainText('(1 draft save waits)');
    await page.screenshot({ path: join(screenshotDir, '80-database-unreachable.png') });
    await expectNoSeriousViolations(page, 'database unreachable banner');

    await desks.command('online');
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    // Synced: the composer's line is the shared store's version again.
    await expect(page.getByTestId('composer-saved-locally')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('composer-status')).toContainText('Version 2 saved');
    // Desk B reads what A typed during the outage, as the statement's newest version.
    await expect.poll(async () => ((await desks.command('statementsOnB')) as { title: string; canonicalText: string }[]).map((st) => `${st.title}: ${st.canonicalText}`), { timeout: 20_000 })
      .toEqual(['Written through the outage: Typed while desk A could not reach the database.']);
  } finally {
    // The page's WebSocket would keep desk A's host open.
    await page.goto('about:blank');
    await desks.stop();
  }
});
