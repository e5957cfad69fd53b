// Finds a Chromium for the end-to-end tests: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
// Playwright's own download. With none, the error names the install command.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const chromiumInstallHint = 'Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.';

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const candidates = [env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && exists(c)) return c;
  try {
    const own = chromium.executablePath();
    if (own && exists(own)) return own;
  } catch {
    // Playwright's browser is not downloaded; fall through to the hint.
  }
  throw new Error(`No Chromium found for the end-to-end tests. ${chromiumInstallHint}`);
}

/** Flags that keep Chromium quiet on a closed network (see design/real-servers.md). */
export const chromiumArgs = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
