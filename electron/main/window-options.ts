// The main window's constructor options in one function, with no runtime Electron import, so the
// hardening tests read back exactly what window.ts passes to `new BrowserWindow()`.
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security';

export interface MainWindowSettings {
  /** The folder holding the built preload (index.cjs). */
  readonly preloadDir: string;
  /** app.isPackaged: an installed build gets no DevTools. */
  readonly packaged: boolean;
}

export function mainWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    width: 1600,
    height: 960,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#0b0f14',
    title: 'Control Room',
    // Shown on ready-to-show: no white flash, and nothing is visible before the CSP'd page loads.
    show: false,
    webPreferences: secureWebPreferences(join(settings.preloadDir, 'index.cjs'), { devTools: !settings.packaged }),
  };
}
