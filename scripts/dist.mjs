// `npm run dist`: builds this OS's installers (electron-builder.yml). It needs the Electron
// runtime, fetched like `npm start` does on first use; where it cannot be fetched it stops with
// one line saying so. Signing and notarisation come from environment variables only; each one
// missing is named, and that step is skipped rather than guessed (see README.md, section "Packaging and signing").
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installedElectronPath } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');

const hasAll = (env, names) => names.every((n) => Boolean(env[n]));

/** What will and will not be signed for `platform`, the electron-builder overrides and environment that follow. */
export function signingPlan(platform, env) {
  const lines = [];
  const config = [];
  const extraEnv = {};
  if (platform === 'darwin') {
    const signed = hasAll(env, ['CSC_LINK', 'CSC_KEY_PASSWORD']);
    if (signed) lines.push('macOS code signing: on (Developer ID certificate from CSC_LINK)');
    else {
      lines.push('macOS code signing: SKIPPED (set CSC_LINK and CSC_KEY_PASSWORD to sign)');
      // Never pick up whatever identity happens to sit in this machine's keychain.
      extraEnv.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    }
    const appleId = hasAll(env, ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']);
    const apiKey = hasAll(env, ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']);
    if (signed && (appleId || apiKey)) lines.push(`macOS notarisation: on (${appleId ? 'APPLE_ID' : 'APPLE_API_KEY'})`);
    else {
      lines.push(
        signed
          ? 'macOS notarisation: SKIPPED (set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID, or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER)'
          : 'macOS notarisation: SKIPPED (needs a signed app first)',
      );
      config.push('-c.mac.notarize=false');
    }
  } else if (platform === 'win32') {
    const signed = hasAll(env, ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']) || hasAll(env, ['CSC_LINK', 'CSC_KEY_PASSWORD']);
    lines.push(signed ? 'Windows code signing: on (certificate from WIN_CSC_LINK or CSC_LINK)' : 'Windows code signing: SKIPPED (set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD to sign)');
  } else {
    lines.push('Linux packages are not code-signed (AppImage and deb); publish their SHA-256 sums with the release');
  }
  return { lines, config, env: extraEnv };
}

const platformFlags = { darwin: '--mac', win32: '--win', linux: '--linux' };

/** The electron-builder command line for `platform`. */
export function builderArgs(platform, plan) {
  const flag = platformFlags[platform];
  if (!flag) throw new Error(`no installer target for ${platform}`);
  return ['--config', 'electron-builder.yml', flag, '--publish', 'never', ...plan.config];
}

function fetchElectron() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) return null;
  const why = `${r.stderr ?? ''}${r.error?.message ?? ''}`.split('\n').find((l) => /Error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|timed out/i.test(l));
  return (why ?? `install.js exited with ${r.status}`).trim().slice(0, 160);
}

function main() {
  let why = 'no Electron binary in ELECTRON_OVERRIDE_DIST_PATH';
  // An explicit ELECTRON_OVERRIDE_DIST_PATH is the runtime to use: never fetch over it.
  if (!installedElectronPath(root) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) why = `download failed: ${fetchElectron() ?? 'no binary after install'}`;
  if (!installedElectronPath(root)) {
    console.error(`Cannot build installers: the Electron runtime is not available here (${why}); run \`npm run dist\` where it can be downloaded.`);
    process.exit(1);
  }
  const plan = signingPlan(process.platform, process.env);
  for (const line of plan.lines) console.log(line);
  if (process.env.CONTROL_ROOM_TEST_BUILD === '1') console.log('TEST build: Electron keeps --inspect (for Playwright); never ship it');
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const pack = spawnSync(bin('electron-builder'), builderArgs(process.platform, plan), { cwd: root, stdio: 'inherit', env: { ...process.env, ...plan.env } });
  process.exit(pack.status ?? 1);
}

if (process.argv[1] === import.meta.filename) main();
