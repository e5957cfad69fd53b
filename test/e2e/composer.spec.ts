// The composer end to end, in Chromium against the real core in browser mode: what is typed is
// autosaved without a click and survives the core being killed (SIGKILL, as `kill -9` or a crash):
// after a restart on the same data directory the composer reopens with the text exactly as typed.
// And each channel's count is live and the core's own, with a preview per channel.
import { expect, test, type Page } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { expectNoSeriousViolations, watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, signIn } from '../helpers/e2e-session';

test.describe.configure({ mode: 'serial' });

const family = '👨‍👩‍👧‍👦';
/** Every field, with what plain-text handling tends to lose: blank lines, trailing spaces, ZWJ emoji, CJK, NFD accents. */
const typed = {
  title: 'Statement on tonight’s posts — 警察 ',
  canonicalText: `Our accounts were misused tonight.\n\nIgnore posts since 23:04 ${family}; we are removing them.  \n`,
  xText: `Our account was misused. Ignore posts since 23:04 ${family} https://news.met.police.uk/news/statement-on-unauthorised-access`,
  blueskyText: 'Cafe\u0301 owners: ignore posts since 23:04 🇬🇧',
  mastodonText: 'Ignore posts since 23:04. @metpolice@mastodon.social has the update.',
  webTitle: 'Unauthorised access to our accounts',
  webHtml: '<p>Please ignore posts since <strong>23:04</strong>.</p>\n<p>Updates here.</p>',
  emailSubject: 'Please ignore messages since 23:04',
} as const;
/** Typed key by key last, the way a person types: the kill comes right after it is autosaved. */
const lastField = { emailText: 'Please ignore messages since 23:04 — 警察は調査中です. More at 01:00.' } as const;

async function composer(page: Page): Promise<void> {
  await page.getByTestId('view-statements').click();
  await expect(page.getByTestId('composer')).toBeVisible();
}

test('a brand-new draft, never saved by hand, survives kill -9 of the core exactly as typed', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const app: ServedApp = await serveApp();
  let again: ServedApp | null = null;
  try {
    await app.open(page);
    await createFirstAdmin(page);
    await composer(page);
    await page.getByTestId('composer-channel-bluesky').check();
    await page.getByTestId('composer-channel-mastodon').check();
    for (const [field, value] of Object.entries(typed)) await page.getByTestId(`composer-${field}`).fill(value);
    await page.getByTestId('composer-emailText').pressSequentially(lastField.emailText, { delay: 15 });
    // No Save click: the composer saves by itself once typing pauses (within about a second).
    await expect(page.getByTestId('composer-status')).toContainText('all changes saved');
    await expect(page.getByTestId('statement-save')).toHaveText('Save draft');
    await app.crash();
    // Browser side the page is still there; the core is gone, nothing of it ran on the way out.
    again = await serveApp([], { dataDir: app.dataDir });
    await again.open(page);
    await signIn(page);
    await composer(page);
    await expect(page.getByTestId('composer-resumed')).toContainText(`Reopened your draft “${typed.title}” as you left it`);
    for (const [field, value] of Object.entries({ ...typed, ...lastField })) await expect(page.getByTestId(`composer-${field}`)).toHaveValue(value);
    for (const c of ['x', 'bluesky', 'mastodon', 'website', 'email']) await expect(page.getByTestId(`composer-channel-${c}`)).toBeChecked();
    await expect(page.getByTestId('statement')).toHaveCount(1);
    await again.screenshot(page, '50-composer-reopened-after-kill');
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
  } finally {
    await again?.stop();
    await app.stop();
  }
});

test('counts are live and the core’s own, each channel has a preview, problems show while typing', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const app = await serveApp();
  try {
    await app.open(page);
    await createFirstAdmin(page);
    await composer(page);
    // 141 CJK characters: 141 code points, but 282 weighted characters on X.
    await page.getByTestId('composer-title').fill('Counts');
    await page.getByTestId('composer-xText').fill('警'.repeat(141));
    await expect(page.getByTestId('count-x-text')).toHaveText('282 of 280 weighted characters · 2 over');
    await expect(page.getByTestId('composer-xText')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('composer-violations')).toContainText('X: 282 of 280 characters — shorten by 2');
    // The preview marks the part X would refuse, without cutting it.
    await expect(page.getByTestId('preview-x').locator('mark')).toHaveText(/警$/);
    // A link counts 23 whatever its length, and shows shortened.
    const link = `https://news.met.police.uk/news/${'a'.repeat(80)}`;
    const sentence = 'Our accounts were misused tonight. Ignore every post since 23:04; we are removing them and will say more at 01:00. Updates here.';
    await page.getByTestId('composer-xText').fill(`${sentence} ${link} ${sentence} ${link}`);
    const weighted = 2 * sentence.length + 2 * 23 + 3; // two sentences, two links at 23, three spaces
    expect(weighted).toBeGreaterThan(280);
    await expect(page.getByTestId('count-x-text')).toHaveText(`${weighted} of 280 weighted characters · ${weighted - 280} over`);
    await page.getByTestId('composer-channel-x').scrollIntoViewIfNeeded();
    await app.screenshot(page, '51-composer-counts-and-previews');
    await page.getByTestId('composer-xText').fill(`Update: ${link}`);
    await expect(page.getByTestId('count-x-text')).toHaveText('31 of 280 weighted characters');
    await expect(page.getByTestId('preview-x')).toContainText('Update: news.met.police.uk/news…');
    await expect(page.getByTestId('composer-violations')).not.toContainText('X:');
    // The email bulletin as it arrives: the list address in To:, never a subscriber.
    await page.getByTestId('composer-emailSubject').fill('Please ignore messages since 23:04');
    await expect(page.getByTestId('preview-email-subject')).toHaveText('Please ignore messages since 23:04');
    await expect(page.getByTestId('preview-email-to')).toHaveText('press-office@newsroom.example');
    for (const subscriber of app.demo?.email.subscribers ?? []) await expect(page.getByTestId('preview-email')).not.toContainText(subscriber);
    // Politely announced once typing pauses, not on every keystroke.
    await expect(page.getByTestId('composer-violations-announced')).toContainText('to fix before submitting');
    await expectNoSeriousViolations(page, 'composer');
    expect(errors).toEqual([]);
  } finally {
    await app.stop();
  }
});
