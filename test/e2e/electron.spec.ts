// Smoke test of the real desktop shell. Runs wherever an Electron binary exists; elsewhere it
// skips and says why (the binary cannot be downloaded on this project's build machines).
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronPath } from '../../scripts/electron-binary.mjs';
import { makeTempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');
const found = installedElectronPath(root);
const binary: { path: string } | { missing: string } = found
  ? { path: found }
  : { missing: 'the Electron runtime has not been downloaded (npm installs skip it; `npm start` fetches it on first start)' };

test('desktop app opens one hardened window showing the core status', async () => {
  if ('missing' in binary) {
    console.log(`[electron smoke] SKIPPED: no Electron binary here (${binary.missing}). Run \`npm start\` once with internet access to download it.`);
    // Skipped, not failed: the Electron binary cannot be downloaded on this project's build machines
    // (installs deny its download; `npm start` fetches it where the internet is reachable).
    test.skip(true, `no Electron binary: ${binary.missing}`);
    return;
  }
  const dir = makeTempDir('electron');
  const app = await electron.launch({
    executablePath: binary.path,
    args: [join(import.meta.dirname, '..', '..', 'out', 'main', 'index.js'), '--data-dir', dir.path],
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('status-schema')).toHaveText(/^[1-9]\d*$/);
    expect(page.url()).toMatch(/^app:\/\/control-room\//);
    // Node stays out of the page; only the contract API crosses the bridge.
    const globals = await page.evaluate(() => {
      const g = globalThis as { require?: unknown; process?: unknown; controlRoom?: Record<string, unknown> };
      return { require: typeof g.require, process: typeof g.process, api: typeof g.controlRoom?.['app.status'] };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', api: 'function' });
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
    dir.remove();
  }
});
