// The one application window. Its options (all hardening included) come from window-options.ts.
import { app, BrowserWindow, shell } from 'electron';
import { appOrigin, hardenWebContents } from './security';
import { mainWindowOptions } from './window-options';

export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadDir, packaged: app.isPackaged }));
  hardenWebContents(win.webContents, (url) => shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}
