// The whole journey end to end, in Chromium over browser mode against the real core and
// the demo newsroom: a new user with no setup replays July 2019, freezes everything, watches
// quarantine take later attacker items down, retracts everything unverified since the start,
// publishes a pre-approved holding statement alone (break-glass, through the freeze) and sees it
// verified on every channel; then the timeline and the verified audit log. The same newsroom then
// serves the Lock runbook, the incident record with the evidence export, the channel connection
// form's refusals, and axe on the new screens.
import { expect, test } from '@playwright/test';
import { incidentScript } from '../../electron/demo/incident-script';
import { serveApp, type ServedApp } from '../helpers/app';
import { expectNoSeriousViolations, localMinute, watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, signIn } from '../helpers/e2e-session';

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

test('July 2019 replayed: freeze, quarantine, retract, break-glass holding statement verified everywhere, timeline and audit', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await createFirstAdmin(page);
  await expect(page.getByTestId('demo-banner')).toContainText('DEMO NEWSROOM');
  for (const id of columns) await expect(page.getByTestId(`column-${id}`)).toBeVisible();
  const state = page.getByTestId('control-state');
  await expect(state).toHaveText('ALL CLEAR');

  // The replay at 100×: the first attacker item is flagged unverified in its column.
  const startedAt = new Date();
  await page.getByTestId('demo-replay-speed').selectOption('100');
  await page.getByTestId('demo-replay').click();
  await expect(page.getByTestId('demo-progress')).toBeVisible();
  await app.screenshot(page, '30-replay-started');
  const firstUnverified = page.locator('[data-testid^="column-"] article[data-provenance="unverified"]').first();
  await expect(firstUnverified).toBeVisible({ timeout: 15_000 });
  await expect(firstUnverified).toHaveAttribute('data-status', 'live');
  await expect(firstUnverified.getByTestId('provenance-badge')).toContainText('Unverified');
  await expect(page.getByTestId('alert-banner')).toBeVisible();
  await app.screenshot(page, '31-first-alert');

  // Freeze all: every column says FROZEN (quarantine); later attacker items are taken down as they appear.
  await page.getByTestId('freeze-all').click();
  await expect(state).toHaveAttribute('data-state', 'frozen');
  for (const id of columns) await expect(page.getByTestId(`column-frozen-${id}`)).toHaveText('FROZEN (quarantine)');
  await expect(page.getByTestId('demo-progress')).toContainText(`${attackerPosts} of ${attackerPosts} attacker posts`, { timeout: 30_000 });
  const lastX = page.locator('[data-testid="column-demo-x"] article').filter({ hasText: 'last one. FREE DIGGA D' });
  await expect(lastX).toHaveAttribute('data-status', 'retracted', { timeout: 15_000 });
  await expect(page.locator('[data-testid="column-demo-website"] article[data-status="retracted"]').first()).toBeVisible();
  await page.getByTestId('alarm-acknowledge').click();
  await app.screenshot(page, '32-frozen-quarantine');

  // Retract everything unverified since the replay started: nothing unverified stays live; the
  // email items cannot be recalled and offer a correction bulletin instead.
  await page.getByTestId('retract-unverified').click();
  const retract = page.getByTestId('retract-dialog');
  await retract.getByTestId('retract-since').fill(localMinute(new Date(startedAt.getTime() - 60_000)));
  await retract.getByTestId('retract-confirm').click();
  await expect(retract.getByTestId('retract-result')).toContainText('Retracting');
  await retract.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.locator('article[data-status="live"][data-provenance="unverified"]')).toHaveCount(0, { timeout: 30_000 });
  const impossibleEmail = page.locator('[data-testid="column-demo-email"] article[data-status="impossible"]').first();
  await expect(impossibleEmail).toBeVisible();
  await expect(impossibleEmail.getByTestId('draft-correction')).toBeVisible();
  await expect(state).toHaveText(/^FROZEN since \d\d:\d\d by J\. Smith$/);
  await app.screenshot(page, '33-retracted');

  // "Publish statement" opens on the holding statements; the demo ships three, pre-approved.
  await page.getByTestId('publish-statement').click();
  await expect(page.getByRole('heading', { name: 'Holding statements' })).toBeFocused();
  await expect(page.locator('[data-testid^="template-"][data-preapproved="true"]')).toHaveCount(3);
  const template = page.getByTestId('template-holding-posts-not-from-us');
  await template.getByTestId('template-choose').click();
  const workbench = page.getByTestId('template-workbench');
  // {time} defaults to when the trouble started; the filled words are shown apart, as unapproved.
  const unapproved = workbench.getByTestId('template-filled-values');
  await expect(unapproved).toContainText('The only words nobody approved in advance');
  await expect(unapproved).toContainText('{channels}X, Mastodon and Bluesky accounts, website and email alerts');
  await expect(workbench.getByTestId('template-preview-x')).toContainText('did not come from us and are being removed');
  await page.getByTestId('break-glass-open').click();
  const breakGlass = page.getByTestId('break-glass-dialog');
  await expect(breakGlass.getByTestId('break-glass-warning')).toContainText('everyone signed in is alerted at once');
  await expect(breakGlass.getByTestId('break-glass-through-freeze')).toBeChecked();
  await expect(breakGlass.getByTestId('break-glass-through-freeze-box')).toContainText('the channels stay frozen');
  // The reason is required: refused without one, nothing else lost.
  await breakGlass.getByTestId('break-glass-confirm').click();
  await expect(breakGlass).toContainText('Say why you are publishing alone');
  await breakGlass.getByTestId('break-glass-reason').fill('Attack in progress on every channel; second supervisor unreachable');
  await breakGlass.getByTestId('break-glass-confirm').click();
  const result = breakGlass.getByTestId('break-glass-result');
  await expect(result.locator('[data-testid^="outbox-break-glass-"]')).toBeVisible();
  await expect(result.locator('.outbox__row[data-status="sent"]')).toHaveCount(columns.length, { timeout: 20_000 });
  await expect(page.getByTestId('break-glass-banner')).toContainText('J. Smith published the holding statement “Posts that did not come from us” alone');
  await app.screenshot(page, '34-holding-statement');
  await result.getByRole('button', { name: 'Close', exact: true }).click();

  // Read back from the channels themselves: verified on every one, while they stay frozen.
  await page.getByTestId('view-columns').click();
  for (const id of columns) {
    await expect(page.locator(`[data-testid="column-${id}"] article[data-provenance="verified"]`).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId(`column-frozen-${id}`)).toBeVisible();
  }
  await expect(page.locator('[data-testid="column-demo-x"] article[data-provenance="verified"]').first()).toContainText('did not come from us');
  await app.screenshot(page, '35-verified-everywhere');

  // The incident record: the timeline, and the audit log verified.
  await page.getByTestId('view-incident').click();
  const timeline = page.getByTestId('incident-timeline');
  await expect(timeline.getByTestId('timeline-entry').first()).toBeVisible();
  await expect(timeline).toContainText('Freeze');
  await expect(timeline).toContainText('J. Smith (admin)');
  await app.screenshot(page, '36-timeline');
  const verified = page.getByTestId('audit-verify');
  await expect(verified).toHaveAttribute('data-ok', 'true');
  await expect(verified).toContainText('Audit log verified: Audit log OK');
  await expect(page.getByTestId('audit-entry').first()).toBeVisible();
  await app.screenshot(page, '37-audit-verified');
  expect(errors).toEqual([]);
});

test('Lock runbook: each step confirmed explicitly, run, and its honest result recorded', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('lock-runbook').click();
  const dialog = page.getByTestId('lock-dialog');
  const website = dialog.getByTestId('lock-channel-demo-website');
  const revoke = website.locator('.lock-action').filter({ hasText: 'Revoke every application password of WordPress user' });
  await expect(revoke).toHaveCount(1);
  // Nothing runs until the person ticks what it does.
  await expect(revoke.getByTestId('lock-run')).toBeDisabled();
  await expect(revoke.getByText(/^I understand: Tools using those passwords \(the newsroom tool\) can no longer publish/)).toBeVisible();
  await revoke.getByTestId('lock-understand').check();
  await revoke.getByTestId('lock-run').click();
  // The demo's website connection is an editor, not an administrator: WordPress refuses, and the
  // runbook says so rather than pretending.
  const result = revoke.getByTestId('lock-result');
  await expect(result).toHaveAttribute('data-outcome', 'failed', { timeout: 15_000 });
  await expect(result).toContainText('not allowed to list application passwords');
  await expect(website.getByTestId('lock-steps-demo-website').locator('tr[data-outcome="failed"]')).toHaveCount(1);
  await app.screenshot(page, '38-lock-runbook');

  // A step X offers no API for is recorded as a manual step, not as done.
  const x = dialog.getByTestId('lock-channel-demo-x').locator('.lock-action').filter({ hasText: 'Disconnect other apps' });
  await x.getByTestId('lock-understand').check();
  await x.getByTestId('lock-run').click();
  await expect(x.getByTestId('lock-result')).toHaveAttribute('data-outcome', 'manual');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});

test('per-channel freeze from the column header: lift one channel out of "freeze all", freeze it again', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await expect(page.getByTestId('column-frozen-demo-x')).toHaveText('FROZEN (quarantine)');
  await page.getByTestId('unfreeze-demo-x').click();
  await expect(page.getByTestId('column-frozen-demo-x')).toHaveCount(0);
  await expect(page.getByTestId('column-demo-x')).toHaveAttribute('data-frozen', 'false');
  // The others stay frozen: lifting one channel out of "freeze all" keeps every other one held.
  await expect(page.getByTestId('column-frozen-demo-website')).toBeVisible();
  await expect(page.getByTestId('column-frozen-demo-email')).toBeVisible();
  await expect(page.getByTestId('column-frozen-demo-bluesky')).toBeVisible();
  const banner = page.getByTestId('frozen-banner');
  await expect(banner).toContainText(/^FROZEN .+ since/);
  for (const name of ['Email bulletin', 'Website news', 'Mastodon @', 'Bluesky @']) await expect(banner).toContainText(name);
  await expect(banner).not.toContainText('X @');
  await page.getByTestId('freeze-demo-x').click();
  await expect(page.getByTestId('column-frozen-demo-x')).toHaveText('FROZEN (quarantine)');
  await expect(page.getByTestId('control-state')).toHaveAttribute('data-state', 'frozen');
  expect(errors).toEqual([]);
});

test('incident record: timeline, verified audit log in pages, evidence bundle with its manifest hash', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('view-incident').click();
  await expect(page.getByTestId('incident-timeline')).toContainText('Incident 1:');
  await expect(page.getByTestId('audit-verify')).toHaveAttribute('data-ok', 'true');
  // Newest first, 50 at a time; older pages on request.
  const entries = page.getByTestId('audit-entry');
  await expect(entries).toHaveCount(50);
  const newest = Number(await entries.first().getAttribute('data-seq'));
  expect(Number(await entries.nth(1).getAttribute('data-seq'))).toBe(newest - 1);
  await page.getByRole('button', { name: 'Load older entries' }).click();
  await expect(entries).toHaveCount(Math.min(100, newest));

  await page.getByTestId('evidence-export-run').click();
  const bundle = page.getByTestId('evidence-result');
  await expect(bundle.getByTestId('evidence-dir')).toContainText(`${app.dataDir}/exports/incident-`);
  await expect(bundle.getByTestId('evidence-manifest')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(bundle).toContainText('manifest.json');
  // The export is itself audited, and the chain still verifies with it.
  await page.getByTestId('audit-verify-run').click();
  await expect(page.getByTestId('audit-verify')).toContainText('Audit log verified');
  await expect(entries.first().locator('code')).toHaveText('evidence.export', { timeout: 5_000 });
  expect(errors).toEqual([]);
});

test('connecting a channel: the core’s refusals appear next to each field, nothing typed is lost, nothing is saved', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('view-settings').click();
  const form = page.getByTestId('connect-channel');
  const field = (key: string) => form.getByTestId(`channel-field-${key}`);
  const problem = (key: string) => form.getByTestId(`channel-error-${key}`);

  // WordPress over http on a real host, with no application password: both refused by the core.
  await form.getByTestId('channel-kind-wordpress').check();
  await field('name').fill('Website (real)');
  await field('siteUrl').fill('http://news.example.org');
  await field('username').fill('press-office');
  await expect(field('applicationPassword')).toHaveAttribute('type', 'password');
  await form.getByTestId('channel-test').click();
  await expect(problem('siteUrl')).toHaveText('Must use https (http is only accepted for this computer, 127.0.0.1)');
  await expect(field('siteUrl')).toHaveAttribute('aria-invalid', 'true');
  await expect(problem('applicationPassword')).toHaveText('Must not be empty');
  await expect(field('siteUrl')).toHaveValue('http://news.example.org');
  await expect(field('username')).toHaveValue('press-office');
  // Connect is refused the same way, before anything reaches the keychain.
  await field('applicationPassword').fill('   ');
  await form.getByTestId('channel-connect').click();
  await expect(problem('applicationPassword')).toHaveText('Must not be empty');
  await expect(problem('siteUrl')).toBeVisible();

  // Email: an empty recipient list and a bad port.
  await form.getByTestId('channel-kind-email').check();
  await expect(field('name')).toHaveValue('Website (real)');
  await field('smtp.port').fill('0');
  await form.getByTestId('channel-test').click();
  await expect(problem('smtp.port')).toHaveText('Enter a port number from 1 to 65535.');
  await field('smtp.port').fill('465');
  await form.getByTestId('channel-test').click();
  await expect(problem('smtp.host')).toHaveText('Must not be empty');

  // X through OAuth 2.0: a client id is needed.
  await form.getByTestId('channel-kind-x-oauth2').check();
  await form.getByTestId('channel-connect').click();
  await expect(problem('clientId')).toHaveText('Must not be empty');
  await app.screenshot(page, '39-connect-refused');

  // A test that works says so and saves nothing: the demo website's own feed, read as RSS.
  await form.getByTestId('channel-kind-rss').check();
  await field('url').fill(app.demo!.website.feedUrl);
  await form.getByTestId('channel-test').click();
  await expect(form.getByTestId('channel-test-result')).toContainText('Connection works');
  await expect(page.getByTestId('channels-table').locator('tbody tr')).toHaveCount(columns.length);

  // Sign in with X: the core announces the consent page; browser mode cannot hand it to the OS
  // (and the core refuses loopback http), so this window opens it itself and waits.
  await form.getByTestId('channel-kind-x-oauth2').check();
  await field('name').fill('X (demo sign-in)');
  await field('clientId').fill('not-a-registered-client');
  await field('apiBaseUrl').fill(app.demo!.x.url);
  await field('authorizeBaseUrl').fill(app.demo!.x.url);
  const consent = page.context().waitForEvent('page');
  await form.getByTestId('channel-connect').click();
  const popup = await consent;
  await popup.waitForLoadState();
  expect(popup.url()).toContain(`${app.demo!.x.url}/i/oauth2/authorize?`);
  expect(new URL(popup.url()).searchParams.get('code_challenge_method')?.toUpperCase()).toBe('S256');
  await expect(popup.locator('body')).toContainText('This app is not known to X');
  await expect(form.getByTestId('x-authorize-waiting')).toContainText('Waiting for you to allow Control Room');
  // The person says no on X: X sends the browser back to the app's loopback address with an error.
  const asked = new URL(popup.url()).searchParams;
  await popup.close();
  const back = new URL(asked.get('redirect_uri')!);
  back.search = new URLSearchParams({ error: 'access_denied', state: asked.get('state')! }).toString();
  await fetch(back);
  await expect(form.getByTestId('channel-form-error')).toContainText('Access was refused on X: nothing was connected');
  await expect(field('clientId')).toHaveValue('not-a-registered-client');
  await expect(page.getByTestId('channels-table').locator('tbody tr')).toHaveCount(columns.length);
  expect(errors).toEqual([]);
});

test('an email that cannot be recalled: a correction bulletin drafted for approval, and the approvals diff', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  const email = page.locator('[data-testid="column-demo-email"] article[data-status="impossible"]').first();
  await email.getByTestId('draft-correction').click();
  await expect(page.getByRole('heading', { name: 'Compose a statement' })).toBeFocused();
  await expect(page.getByTestId('composer-emailSubject')).toHaveValue(/^Correction: the email sent on .+ did not come from us$/);
  await expect(page.getByTestId('composer-emailText')).toHaveValue(/did not come from us/);
  // Email only: the other channels are off, so only the list that got the email gets the correction.
  await expect(page.getByTestId('composer-xText')).toHaveCount(0);
  await expect(page.getByTestId('composer-blueskyText')).toHaveCount(0);
  await expect(page.getByTestId('composer-webHtml')).toHaveCount(0);
  await page.getByTestId('statement-submit').click();
  await expect(page.getByTestId('composer-status')).toContainText('pending');

  // A second version: the approvals queue shows what changed since the first.
  await page.getByTestId('composer-emailText').fill((await page.getByTestId('composer-emailText').inputValue()).replace('Please delete it.', 'Please delete it now.'));
  await page.getByTestId('statement-submit').click();
  await expect(page.getByTestId('composer-status')).toContainText('Version 2');
  const card = page.getByTestId('statement').filter({ hasText: 'Correction: email of' });
  const diff = card.getByTestId('statement-diff');
  await expect(diff).toContainText('Changes in version 2 since version 1 (previous)');
  await expect(diff.locator('ins')).toHaveText(['[added:  now]']);
  await expect(diff.locator('del')).toHaveCount(0);
  await app.screenshot(page, '40-correction-diff');
  expect(errors).toEqual([]);
});

test('a proposed holding statement waits for a second supervisor and cannot be published alone', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await page.getByTestId('publish-statement').click();
  await page.getByText('Propose a new holding statement').click();
  await page.getByTestId('propose-name').fill('Website only: page under review');
  await page.getByTestId('propose-x').fill('Our website news page is under review since {time}. Please rely on this account for updates.');
  await page.getByTestId('propose-submit').click();
  const proposed = page.locator('[data-testid^="template-"][data-preapproved="false"]').filter({ hasText: 'Website only: page under review' });
  await expect(proposed).toContainText('needs a second supervisor');
  // Two-person rule: the proposer is not offered the approval, and break-glass stays shut.
  await expect(proposed.getByTestId('template-approve')).toHaveCount(0);
  await proposed.getByTestId('template-choose').click();
  await expect(page.getByTestId('break-glass-open')).toHaveAttribute('title', 'not pre-approved by two supervisors yet');
  // A value the core refuses is explained next to the placeholder the core names (as data).
  await page.getByTestId('template-value-time').fill('see evil.example.com');
  await expect(page.getByTestId('template-value-time')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('template-workbench')).toContainText('{time} cannot contain a link');
  await expect(page.getByTestId('template-fill-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('no serious or critical axe violations on the holding statements, break-glass, Lock, incident and channel screens', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open(page);
  await signIn(page);
  await expectNoSeriousViolations(page, 'columns with per-channel freeze');

  await page.getByTestId('publish-statement').click();
  await page.getByTestId('template-holding-unauthorised-access').getByTestId('template-choose').click();
  await expect(page.getByTestId('template-preview')).toBeVisible();
  await app.screenshot(page, '41-holding-statements');
  await expectNoSeriousViolations(page, 'holding statements and the approvals diff');
  await page.getByTestId('break-glass-open').click();
  await expect(page.getByTestId('break-glass-dialog')).toBeVisible();
  await page.getByTestId('break-glass-confirm').click();
  await expectNoSeriousViolations(page, 'break-glass dialog');
  await page.keyboard.press('Escape');

  await page.getByTestId('lock-runbook').click();
  await expect(page.getByTestId('lock-steps-demo-website')).toBeVisible();
  await expectNoSeriousViolations(page, 'Lock runbook');
  await page.keyboard.press('Escape');

  await page.getByTestId('view-incident').click();
  await expect(page.getByTestId('audit-verify')).toBeVisible();
  await expectNoSeriousViolations(page, 'incident record');

  await page.getByTestId('view-settings').click();
  await page.getByTestId('channel-kind-email').check();
  await page.getByTestId('channel-test').click();
  await expect(page.getByTestId('channel-error-smtp.host')).toBeVisible();
  await expectNoSeriousViolations(page, 'channel connection with refusals');
});
