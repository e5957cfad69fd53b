// Team mode on screen: which desk reads a channel, in the channel's column header. Two desks (two
// real cores) on one REAL PostgreSQL database, both holding the demo X server's credential, run in
// a child process (test/helpers/team-screen-child.ts: Playwright's loader cannot load the core);
// desk B's screen (the renderer in Chromium, over the real browser host) says "Read by Desk A" while
// A reads X, then "Read by this desk" once A closes and B takes over, while the email bulletin, whose
// credential only A held, says nobody reads it; the Lock runbook then names,
// in its Desk column, the desk each recorded step ran on (screenshots of both). Skipped, saying what to
// install, where PostgreSQL is absent. Needs the built renderer (out/renderer: `npm run build`).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import { screenshotDir } from '../helpers/app';
import { watchForErrors } from '../helpers/e2e-checks';
import { signIn } from '../helpers/e2e-session';
import { requirePeers } from '../helpers/e2e-peers';
import { peerVerdict } from '../helpers/peers.mjs';

const root = join(import.meta.dirname, '..', '..');
const verdict = peerVerdict(['postgresql']);

let child: ChildProcessWithoutNullStreams | null = null;
const output: string[] = [];
/** The child's stdout lines, kept from the start: a line printed before anyone waits is not lost. */
const received: string[] = [];
let waiting: (() => void) | null = null;
const nextLine = async (what: string): Promise<string> => {
  const until = Date.now() + 60_000;
  while (received.length === 0) {
    if (Date.now() > until || child?.exitCode !== null) throw new Error(`the desks' process gave no ${what}:\n${output.join('')}`);
    await new Promise<void>((r) => {
      waiting = r;
      setTimeout(r, 500);
    });
  }
  return received.shift()!;
};

test.beforeAll(async () => {
  if (verdict.action !== 'run') return;
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is not built: run `npm run build` first.');
  child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', join(root, 'test', 'helpers', 'team-screen-child.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    received.push(line);
    waiting?.();
  });
});

test.afterAll(async () => {
  if (!child) return;
  const exited = new Promise((r) => child!.once('exit', r));
  child.stdin.end();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
});

test('the column says which desk reads the channel, and follows a takeover; Lock steps name their desk', async ({ page }) => {
  requirePeers(['postgresql'], 'team-reader.spec');
  test.setTimeout(120_000);
  const ready = JSON.parse(await nextLine('ready line')) as { appUrl: string; xId: string; emailId: string; passphrase: string };
  const errors = watchForErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(ready.appUrl);
  await signIn(page, { username: 'sam', displayName: 'Sam Supervisor', passphrase: ready.passphrase });
  const reader = page.getByTestId(`column-reader-${ready.xId}`);
  await expect(reader).toHaveText('Read by Desk A', { timeout: 20_000 });
  await expect(reader).toHaveAttribute('data-reader', 'other');
  // Desk B's own last read is labelled as B's: desk A is the one reading.
  const column = page.getByTestId(`column-${ready.xId}`);
  await expect(column.getByText('Last read on this desk')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, '84-column-read-by-other-desk.png') });

  // Desk A closes and releases its lease: desk B takes over, and its screen shows it.
  child!.stdin.write('close A\n');
  expect(await nextLine('"closed A"')).toBe('closed A');
  await expect(reader).toHaveText('Read by this desk', { timeout: 20_000 });
  await expect(reader).toHaveAttribute('data-reader', 'self');
  await expect(column.getByText('Last read', { exact: true })).toBeVisible();
  // The email bulletin's credential was only on desk A: nobody reads it now, and its column says so.
  const emailReader = page.getByTestId(`column-reader-${ready.emailId}`);
  await expect(emailReader).toHaveText('No desk reading: nothing new arrives', { timeout: 20_000 });
  await expect(emailReader).toHaveAttribute('role', 'alert');
  await page.screenshot({ path: join(screenshotDir, '86-column-readers-after-takeover.png') });

  // A Lock step run here is recorded with this desk's name in the Desk column.
  await page.getByTestId('lock-runbook').click();
  const x = page.getByTestId(`lock-channel-${ready.xId}`);
  const disconnect = x.locator('.lock-action').filter({ hasText: 'Disconnect other apps' });
  await disconnect.getByTestId('lock-understand').check();
  await disconnect.getByTestId('lock-run').click();
  await expect(disconnect.getByTestId('lock-result')).toHaveAttribute('data-outcome', 'manual');
  const steps = x.getByTestId(`lock-steps-${ready.xId}`);
  await expect(steps.getByRole('columnheader', { name: 'Desk' })).toBeVisible();
  await expect(steps.locator('tbody tr').first().locator('td').last()).toHaveText('Desk B (this desk)');
  await page.screenshot({ path: join(screenshotDir, '85-lock-runbook-desks.png') });
  expect(errors).toEqual([]);
});
