// Images end to end (issue #18), through the screens in Chromium over browser mode: an operator
// drafts a statement with a photo (its GPS location removed, said on screen), is refused at submit
// until the image has alt text (nothing typed is lost), a second person approves; replacing the
// image voids that approval; approved again, it goes out to X, the website and email on the demo
// newsroom, and each column reads it back verified with its image as a thumbnail (a data: URL).
// The thumbnails read back need the demo newsroom's media endpoints and the adapters' image support
// (branch imgch): until those are merged, that one check is skipped (the rest runs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { expectNoSeriousViolations, watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, firstAdmin, signIn, type Person } from '../helpers/e2e-session';
import { jpegWithGps, pngImage, svgWithScript } from '../helpers/images';

test.use({ viewport: { width: 1920, height: 1080 } });
test.describe.configure({ mode: 'serial' });

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

const channelsCarryImages = existsSync(join(import.meta.dirname, '..', '..', 'electron', 'demo', 'attacker-media.ts'));
const operator: Person = { username: 'desk.op', displayName: 'Desk Operator', passphrase: 'copper kettle morning 7' };
const title = 'Appeal: missing person';
const photo = (name: string, mimeType: string, bytes: Uint8Array) => ({ name, mimeType, buffer: Buffer.from(bytes) });

async function approve(page: Page): Promise<void> {
  const card = page.getByTestId('statement').filter({ hasText: title });
  await expect(card).toHaveAttribute('data-status', 'pending');
  await card.getByTestId('statement-approve').click();
  const dialog = page.getByTestId('reauth-dialog');
  if (await dialog.isVisible({ timeout: 1_000 }).catch(() => false)) {
    await dialog.getByTestId('reauth-passphrase').fill(firstAdmin.passphrase);
    await dialog.getByTestId('reauth-submit').click();
  }
  await expect(card).toHaveAttribute('data-status', 'approved');
}

test('an operator account', async ({ page }) => {
  await app.open(page);
  await createFirstAdmin(page);
  await page.getByTestId('view-settings').click();
  await page.getByTestId('new-username').fill(operator.username);
  await page.getByTestId('new-display-name').fill(operator.displayName);
  await page.getByTestId('new-role').selectOption('operator');
  await page.getByTestId('new-passphrase').fill(operator.passphrase);
  await page.getByTestId('new-confirmation').fill(operator.passphrase);
  await page.getByTestId('create-account-submit').click();
  await expect(page.getByTestId(`account-${operator.username}`)).toContainText(operator.displayName);
});

test('a statement with an image: alt text required, approval bound to the image, published and read back verified with it', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  const author = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await app.open(author);
  await signIn(author, operator);
  await author.getByTestId('publish-statement').click();
  await author.getByTestId('composer-title').fill(title);
  await author.getByTestId('composer-canonicalText').fill('Have you seen this man? He was last seen in Camden at 22:00. Call 101.');
  await author.getByTestId('composer-fill').click();

  // An SVG is refused before it leaves the window; a phone photo is cleaned, and the screen says of what.
  const input = author.getByTestId('composer-image-input');
  await input.setInputFiles(photo('logo.svg', 'image/svg+xml', svgWithScript));
  await expect(author.getByTestId('composer-image-error')).toContainText('SVG is not accepted');
  await input.setInputFiles(photo('camden.jpg', 'image/jpeg', await jpegWithGps()));
  await expect(author.getByTestId('composer-image-cleaned')).toContainText('GPS location');
  await expect(author.getByTestId('composer-image-0').locator('img')).toHaveAttribute('src', /^data:image\/webp;base64,/);
  await expect(author.getByTestId('preview-images-x').locator('img')).toHaveCount(1);

  // No alt text: submitting is refused, naming the image; everything typed stays.
  await author.getByTestId('statement-submit').click();
  await expect(author.getByTestId('composer-error')).toContainText(/add alt text to image 1/i);
  await expect(author.getByTestId('composer-title')).toHaveValue(title);
  await author.getByTestId('composer-image-alt-0').fill('CCTV still: a man in a red coat outside Camden station');
  await author.getByTestId('statement-submit').click();
  await expect(author.getByTestId('composer-status')).toContainText('pending');

  // The second person sees the image and its alt text, and approves.
  await app.open(page);
  await signIn(page);
  await page.getByTestId('view-statements').click();
  const card = page.getByTestId('statement').filter({ hasText: title });
  await card.locator('.statement__variants summary').click();
  await expect(card.getByTestId('statement-images')).toContainText('a man in a red coat');
  await approve(page);

  // Replacing the image voids the approval (the author saves explicitly: autosave never voids one).
  await author.getByTestId('composer-image-remove-0').click();
  await input.setInputFiles(photo('camden-2.png', 'image/png', await pngImage(120, 90, '#a33')));
  await author.getByTestId('composer-image-alt-0').fill('CCTV still: a man in a red coat outside Camden station');
  await author.getByTestId('statement-save').click();
  await expect(card).toHaveAttribute('data-status', 'draft');
  await expect(card.getByTestId('statement-publish')).toHaveCount(0);
  await author.getByTestId('statement-submit').click();
  await expect(author.getByTestId('composer-status')).toContainText('pending');
  await approve(page);
  await expectNoSeriousViolations(page, 'an approved statement with an image');
  await app.screenshot(page, '60-statement-with-image');

  await card.getByTestId('statement-publish').click();
  const composed = ['demo-x', 'demo-website', 'demo-email'] as const;
  await expect(card.locator('.outbox__row[data-status="sent"]')).toHaveCount(composed.length, { timeout: 30_000 });

  // Read back from each channel: verified, with the image shown from bytes the core fetched and checked.
  await page.getByTestId('view-columns').click();
  for (const id of composed) {
    const item = page.locator(`[data-testid="column-${id}"] article[data-provenance="verified"]`).filter({ hasText: 'Have you seen this man' }).first();
    await expect(item).toBeVisible({ timeout: 20_000 });
    if (channelsCarryImages) await expect(item.getByTestId('item-media').locator('img')).toHaveAttribute('src', /^data:image\/webp;base64,/, { timeout: 20_000 });
  }
  await app.screenshot(page, '61-read-back-with-image');
  await author.context().close();
  expect(errors).toEqual([]);
});
