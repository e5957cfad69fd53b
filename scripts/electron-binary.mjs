// Where the Electron executable is, without triggering electron's own download-on-require.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function installedElectronPath(root) {
  const dir = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(p) ? p : null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const full = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(full) ? full : null;
}
