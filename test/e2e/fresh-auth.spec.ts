// Fresh re-authentication end to end, in Chromium over browser mode against the real core: a
// privileged call refused with REAUTH_REQUIRED asks for the passphrase once and is retried; the
// same words under UNAUTHENTICATED do not. The core would need five idle minutes to go stale, so
// the WebSocket is routed and one answer replaced; everything else reaches the real core. The
// replaced answers are worded unlike the core's on purpose: only the code may decide.
import { expect, test, type Page } from '@playwright/test';
import type { Result } from '../../electron/shared/result';
import { serveApp, type ServedApp } from '../helpers/app';
import { watchForErrors } from '../helpers/e2e-checks';
import { createFirstAdmin, firstAdmin } from '../helpers/e2e-session';

let app: ServedApp;
test.beforeAll(async () => {
  app = await serveApp();
});
test.afterAll(async () => {
  await app.stop();
});

/** Routes the page's WebSocket to the real core; the n-th `call` is answered with `answers[n]` (null: the core answers). */
async function replaceAnswers(page: Page, call: string, answers: (Result<unknown> | null)[]): Promise<void> {
  await page.routeWebSocket(/.*/, (ws) => {
    const core = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: number; call?: string };
      const answer = frame.call === call ? answers.shift() : null;
      if (answer) ws.send(JSON.stringify({ id: frame.id, result: answer }));
      else core.send(message);
    });
  });
}

async function freezeAll(page: Page): Promise<void> {
  await page.getByTestId('freeze-all').click();
  await expect(page.getByTestId('frozen-banner')).toBeVisible();
}

test('a stale passphrase is asked for once and the unfreeze goes through; a session refusal is not', async ({ page }) => {
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await replaceAnswers(page, 'control.unfreeze', [
    { ok: false, error: { code: 'REAUTH_REQUIRED', message: 'Type your passphrase once more to unfreeze.' } },
    null, // the retry, after the passphrase is confirmed
    { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Confirm your passphrase to do this.' } },
  ]);
  await app.open(page);
  await createFirstAdmin(page);
  await freezeAll(page);

  // REAUTH_REQUIRED: the dialog says why in the core's words; a wrong passphrase is refused there.
  await page.getByTestId('unfreeze').click();
  await page.getByTestId('unfreeze-confirm').click();
  const reauth = page.getByTestId('reauth-dialog');
  await expect(reauth).toContainText('Type your passphrase once more to unfreeze.');
  await page.getByTestId('reauth-passphrase').fill('not the passphrase at all');
  await page.getByTestId('reauth-submit').click();
  await expect(page.getByTestId('reauth-error')).toContainText('Wrong username or passphrase');
  // The right one: the same unfreeze is retried without starting over, and the session stayed.
  await page.getByTestId('reauth-passphrase').fill(firstAdmin.passphrase);
  await page.getByTestId('reauth-submit').click();
  await expect(reauth).toHaveCount(0);
  await expect(page.getByTestId('frozen-banner')).toHaveCount(0);
  await expect(page.getByTestId('signed-in-as')).toContainText(firstAdmin.displayName);

  // UNAUTHENTICATED, even worded like a passphrase request: no passphrase dialog, the refusal is shown.
  await freezeAll(page);
  await page.getByTestId('unfreeze').click();
  await page.getByTestId('unfreeze-confirm').click();
  await expect(page.getByTestId('unfreeze-dialog')).toContainText('Confirm your passphrase to do this.');
  await expect(reauth).toHaveCount(0);
  await expect(page.getByTestId('frozen-banner')).toBeVisible();
  expect(errors).toEqual([]);
});
