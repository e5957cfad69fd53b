// Where Control Room keeps its data when --data-dir is not given: the OS's per-user app-data
// folder, the same place Electron's app.getPath('userData') resolves to for this product name.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const productName = 'Control Room';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), productName);
}

export const databaseFileName = 'control-room.db';
export const logFileName = 'control-room.log';
