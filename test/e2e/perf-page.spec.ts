// The performance page renders the real columns with 5 x 20,000 synthetic items and no core. This
// checks it works and keeps its promises (virtualised, reading position kept when items arrive,
// timing marks recorded); the benchmark measures the timings, no test asserts them.
import { expect, test } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

test('5 columns x 20,000 items: virtualised, timed, and a reader scrolled down is not moved by new items', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${app.origin}/#/perf?columns=5&items=20000`);
  const columns = page.locator('[data-testid^="column-perf-"]');
  await expect(columns).toHaveCount(5);
  await expect(page.getByTestId('column-counts-perf-1')).toHaveText(/^20000 items/);
  // Only what is on screen is in the DOM.
  expect(await columns.nth(0).locator('article').count()).toBeLessThan(40);
  await expect.poll(() => page.evaluate(() => window.controlRoomPerf?.results().map((m) => m.name) ?? [])).toContain('perf:first-paint');

  // Column 1: the reader scrolls far down. Column 2 stays at the top.
  const scroller = columns.nth(0).locator('.column__scroll');
  await scroller.evaluate((el) => el.scrollTo(0, 60_000));
  // Measured rows replace estimates as they render, and the virtualiser compensates: let it settle.
  let last = -1;
  await expect
    .poll(async () => {
      const now = await scroller.evaluate((el) => el.scrollTop);
      const settled = now === last && now > 50_000;
      last = now;
      return settled;
    }, { intervals: [100] })
    .toBe(true);
  const reading = await scroller.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const rows = [...el.querySelectorAll<HTMLElement>('article')].filter((a) => a.getBoundingClientRect().top >= top);
    rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const row = rows[0]!;
    return { id: row.dataset['testid'] ?? '', top: row.getBoundingClientRect().top };
  });

  await page.getByTestId('perf-append').click();
  // At the top, the new item simply appears first (the oldest drops off: a column keeps 20,000).
  await expect(columns.nth(1).locator('article').first()).toHaveAttribute('data-testid', 'item-perf-2-perf-2-20001');
  await expect(page.getByTestId('column-counts-perf-2')).toHaveText(/^20000 items/);
  await expect.poll(() => page.evaluate(() => window.controlRoomPerf?.results().filter((m) => m.name === 'perf:append').length ?? 0)).toBe(1);

  // What the reader was looking at has not moved, and the new item is announced above.
  const row = page.getByTestId(reading.id);
  await expect(row).toBeVisible();
  expect(Math.abs(((await row.boundingBox())?.y ?? 0) - reading.top)).toBeLessThan(1);
  await expect(columns.nth(0).getByRole('button', { name: '↑ 1 new item above' })).toBeVisible();
  await app.screenshot(page, '21-perf-page');
});
