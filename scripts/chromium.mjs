// Finds a Chromium for the end-to-end tests and the benchmarks, in this order: CHROMIUM_PATH, an
// installed Chromium or Chrome (Debian's, Chrome, Playwright's own download), then the one that
// arrives with `npm install`: @sparticuz/chromium carries a Linux x64 headless Chromium inside its
// tarball (brotli-compressed, with the NSS libraries and a font it needs), unpacked here once into
// node_modules/.cache. Plain JavaScript so that scripts/test.mjs can ask it before Playwright runs.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const bundledPackage = '@sparticuz/chromium';

/** Where an installed Chromium or Chrome usually is (Linux, macOS, Windows). */
const installedPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Flags that keep Chromium quiet on a closed network (see design/real-servers.md). */
export const chromiumArgs = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser counts only if it can be run, not merely if a file of that name exists. */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightDownload(exists) {
  try {
    // Lazily: only a caller that needs a browser pays for loading Playwright.
    const path = createRequire(import.meta.url)('playwright-core').chromium.executablePath();
    return path && exists(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A fonts.conf that keeps the system's fonts (if any) and adds the package's own Open Sans. */
function fontsConf(dir) {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts')}</dir>
  <cachedir>${join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}

/** Unpacks the package's browser once (about 3 s); later calls find it in place. */
function unpackBundled(packageDir, version) {
  const target = join(root, 'node_modules', '.cache', 'control-room-chromium', version);
  const binary = join(target, 'chromium');
  if (!existsSync(binary)) {
    // Unpacked beside the target and renamed into place, so a parallel caller never sees half a browser.
    const tmp = `${target}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const bin = join(packageDir, 'bin');
    writeFileSync(join(tmp, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))), { mode: 0o755 });
    // al2023: libnss3, libnspr4, libexpat and friends, so no system package is needed for them.
    for (const archive of ['al2023.tar.br', 'fonts.tar.br']) {
      const untar = spawnSync('tar', ['-x', '-C', tmp], { input: brotliDecompressSync(readFileSync(join(bin, archive))) });
      if (untar.status !== 0) throw new Error(`unpacking ${bundledPackage}'s ${archive} failed: ${untar.stderr}`);
    }
    writeFileSync(join(tmp, 'fonts.conf'), fontsConf(target));
    try {
      renameSync(tmp, target);
    } catch {
      // Another process unpacked it first.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const libs = [join(target, 'lib'), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
  // No sandbox: some distributions refuse an unprivileged user namespace to a binary they do not know.
  return { path: binary, env: { LD_LIBRARY_PATH: libs, FONTCONFIG_PATH: target }, args: ['--no-sandbox'], source: `${bundledPackage} ${version} (npm)` };
}

/** The npm-delivered Chromium, or why there is none. */
export function bundledChromium(platform = process.platform, arch = process.arch) {
  if (platform !== 'linux' || arch !== 'x64') return { missing: `${bundledPackage} ships a Linux x64 browser only` };
  const packageDir = join(root, 'node_modules', ...bundledPackage.split('/'));
  if (!existsSync(join(packageDir, 'bin', 'chromium.br'))) return { missing: `${bundledPackage} is not installed (npm install brings it)` };
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  try {
    return { found: unpackBundled(packageDir, version) };
  } catch (error) {
    return { missing: `${bundledPackage} could not be unpacked: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** CHROMIUM_PATH or an installed Chromium/Chrome (a real browser, which `npm start` can open a window with). */
export function installedChromium(env = process.env, exists = isExecutable) {
  const fromEnv = env['CHROMIUM_PATH'];
  if (fromEnv) {
    return exists(fromEnv) ? { found: { path: fromEnv, env: {}, args: [], source: 'CHROMIUM_PATH' } } : { missing: `CHROMIUM_PATH=${fromEnv} is not an executable file` };
  }
  const installed = installedPaths.find((p) => exists(p)) ?? playwrightDownload(exists);
  return installed ? { found: { path: installed, env: {}, args: [], source: installed } } : { missing: 'no installed Chromium or Chrome' };
}

/**
 * The Chromium to use: `{ found: { path, env, args, source } }` (env and args: what the browser
 * needs besides), or `{ missing: why }`. An explicit CHROMIUM_PATH is never second-guessed.
 */
export function resolveChromium(env = process.env, exists = isExecutable, bundled = bundledChromium) {
  const installed = installedChromium(env, exists);
  if ('found' in installed || env['CHROMIUM_PATH']) return installed;
  const npm = bundled();
  return 'found' in npm ? npm : { missing: `${installed.missing}, and ${npm.missing}` };
}

/**
 * Playwright launch options for a found Chromium: headless, quiet flags, and no sandbox as root (CI
 * runs as root, which has no user-namespace sandbox; the tests load only the app's own pages).
 */
export function chromiumLaunchOptions(found) {
  const args = [...new Set([...chromiumArgs, ...found.args, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])])];
  return { executablePath: found.path, headless: true, args, env: { ...process.env, ...found.env } };
}

/** For Playwright's config and the benchmarks: the Chromium, or an error saying how to get one. */
export function findChromium(env = process.env) {
  const r = resolveChromium(env);
  if ('found' in r) return r.found;
  throw new Error(`No Chromium found for the end-to-end tests (${r.missing}). Install one: sudo apt-get install chromium (Debian/Ubuntu), or set CHROMIUM_PATH.`);
}
