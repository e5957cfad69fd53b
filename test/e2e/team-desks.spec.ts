// Settings -> Desks in team mode, in Chromium against two real cores on REAL PostgreSQL (the desks
// child of test/helpers/offline-desks.ts; desk A's screen). Each desk's audit key fingerprint and
// whether desk A trusts it: A's own key, B pinned on first sight. When someone with write access to
// the database puts a different key in desk B's registry row, A's screen raises an alarm with what to
// do and the exact `control-room desks trust` command; that command, run against desk A, pins the key
// and the alarm goes. An unreadable pin file is an alarm of its own, said once above the table.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshotDir } from '../helpers/app';
import { expectNoSeriousViolations, watchForErrors } from '../helpers/e2e-checks';
import { startDesks } from '../helpers/e2e-offline-desks';
import { createFirstAdmin } from '../helpers/e2e-session';
import { requirePeers } from '../helpers/e2e-peers';

const fingerprintPattern = /^ed25519:[0-9a-f]{64}$/;

test('Settings -> Desks shows each desk’s audit key and whether this desk trusts it; a replaced key is an alarm with the command that pins it', async ({ page }) => {
  requirePeers(['postgresql'], 'team-desks.spec');
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const errors = watchForErrors(page);
  const desks = await startDesks();
  try {
    await page.goto(desks.url);
    await createFirstAdmin(page);
    await page.getByTestId('view-settings').click();
    const panel = page.getByTestId('settings-desks');
    await panel.scrollIntoViewIfNeeded();
    const rowA = panel.locator('tr[data-testid^="desk-"]', { hasText: 'Desk A (this desk)' });
    const rowB = panel.locator('tr[data-testid^="desk-"]', { hasText: 'Desk B' });
    await expect(rowA.locator('[data-testid^="desk-trust-"]')).toHaveText('This desk’s own key');
    // Desk A pins B's key the first time its heartbeat sees it (within 10 s of starting).
    await expect(rowB.locator('[data-testid^="desk-trust-"]')).toHaveText('Trusted (pinned)', { timeout: 25_000 });
    const fingerprintB = rowB.locator('[data-testid^="desk-fingerprint-"]');
    const oldFingerprint = (await fingerprintB.getAttribute('data-fingerprint')) ?? '';
    expect(oldFingerprint).toMatch(fingerprintPattern);
    // Shortened on screen, whole in the text a copy or a screen reader gets.
    await expect(fingerprintB).toHaveText(oldFingerprint);
    const headCut = await fingerprintB.evaluate((el) => (el.firstElementChild as HTMLElement).scrollWidth > (el.firstElementChild as HTMLElement).clientWidth);
    expect(headCut).toBe(true);
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await panel.screenshot({ path: join(screenshotDir, '81-settings-desks.png') });
    await expectNoSeriousViolations(page, 'Settings -> Desks');

    // Copy puts the whole fingerprint on the clipboard; where the clipboard is refused it selects the
    // whole fingerprint instead, and the selection carries no ellipsis.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const copyB = rowB.getByRole('button', { name: /the full fingerprint of Desk B$/ });
    await expect(copyB).toHaveText(/^Copy the full/);
    await copyB.click();
    await expect(copyB).toHaveText(/^Copied/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oldFingerprint);
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await copyB.click();
    await expect(rowB.getByRole('status')).toHaveText('Selected: press Ctrl+C (⌘C on a Mac) to copy');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(oldFingerprint);

    // Someone with write access to the database replaces B's key: A's screen raises the alarm.
    const replaced = (await desks.command('replaceKeyOfB')) as { deskId: string; fingerprint: string };
    const todo = panel.getByTestId(`desk-key-todo-${replaced.deskId}`);
    await expect(rowB.locator('[data-testid^="desk-trust-"]')).toHaveText('Key differs from pin', { timeout: 25_000 });
    await expect(fingerprintB).toHaveAttribute('data-fingerprint', replaced.fingerprint);
    await expect(todo).toHaveAttribute('role', 'alert');
    await expect(todo).toContainText('Checkpoints signed with it are NOT trusted here.');
    await expect(todo).toContainText('Call the person who runs Desk B');
    await expect(todo).toContainText('treat it as a security incident');
    const command = todo.getByTestId(`desk-key-todo-${replaced.deskId}-command`);
    await expect(command).toHaveText(`control-room desks trust ${replaced.deskId} --fingerprint ${replaced.fingerprint}`);
    await panel.screenshot({ path: join(screenshotDir, '82-settings-desks-key-differs.png') });
    await expectNoSeriousViolations(page, 'Settings -> Desks, key differs from pin');

    // The command exactly as shown, run against desk A (after the fingerprint was checked with B), pins it.
    const ran = (await desks.command(`runOnA ${(await command.textContent())?.replace(/^control-room /, '')}`)) as { code: number; output: string };
    expect(ran.output).toContain(`Trusted desk "Desk B"'s audit key ${replaced.fingerprint}`);
    expect(ran.code).toBe(0);
    await expect(rowB.locator('[data-testid^="desk-trust-"]')).toHaveText('Trusted (pinned)', { timeout: 25_000 });
    await expect(todo).toHaveCount(0);

    // A pin file desk A cannot read: one alarm above the table, naming the command that says why.
    await desks.command('breakPinsOfA');
    const pinFile = panel.getByTestId('desk-pins-unreadable');
    await expect(pinFile).toHaveAttribute('role', 'alert', { timeout: 25_000 });
    await expect(pinFile).toContainText('it trusts no other desk’s key');
    await expect(pinFile.getByTestId('desk-pins-unreadable-command')).toHaveText('control-room desks');
    await expect(rowB.locator('[data-testid^="desk-trust-"]')).toHaveText('Pin file unreadable');
    await expect(rowA.locator('[data-testid^="desk-trust-"]')).toHaveText('This desk’s own key');
    await panel.screenshot({ path: join(screenshotDir, '83-settings-desks-pins-unreadable.png') });
    expect(errors).toEqual([]);
  } finally {
    // The page's WebSocket would keep desk A's host open.
    await page.goto('about:blank');
    await desks.stop();
  }
});
