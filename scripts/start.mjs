// `npm start`: the desktop app. The Electron runtime is fetched on first start (installs skip
// it); where it cannot be fetched, say so in one line and run browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { installedChromium } from './chromium.mjs';
import { installedElectronPath } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

const electronPath = () => installedElectronPath(root);

function fetchElectron() {
  console.log('Fetching the Electron runtime (first start only)…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status === 0) return { ok: true };
  const why = `${r.stderr ?? ''}${r.error?.message ?? ''}`.split('\n').find((l) => /Error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|timed out/i.test(l));
  return { ok: false, why: (why ?? `install.js exited with ${r.status}`).trim().slice(0, 160) };
}

function build() {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('The build failed (see above). Fix it, then run `npm start` again.');
    process.exit(1);
  }
}

function startBrowserMode() {
  const serve = spawn(process.execPath, [join(root, 'bin', 'control-room.mjs'), 'serve', '--json', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  createInterface({ input: serve.stdout }).once('line', (line) => {
    const { url, dataDir } = JSON.parse(line);
    console.log(`Control Room (browser mode) at ${url}`);
    console.log(`Data directory: ${dataDir}. Press Ctrl+C to stop.`);
    // A real browser only: the tests' npm-delivered Chromium is headless.
    const installed = installedChromium();
    const chromium = 'found' in installed ? installed.found.path : null;
    if (chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
      // An --app window: no address bar, no tabs, its own profile next to the data.
      const browser = spawn(chromium, [`--app=${url}`, `--user-data-dir=${join(dataDir, 'chromium-profile')}`, '--no-first-run', '--disable-background-networking', '--disable-sync'], {
        stdio: 'ignore',
        detached: true,
      });
      browser.unref();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}

let binary = electronPath();
if (!binary) {
  const fetched = fetchElectron();
  binary = fetched.ok ? electronPath() : null;
  if (!binary) {
    console.log(`Electron runtime not available (${fetched.why ?? 'not installed'}); starting browser mode instead.`);
  }
}
build();
if (binary) {
  const app = spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  startBrowserMode();
}
