// The one application window.
import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { appOrigin, hardenWebContents, secureWebPreferences } from './security';

export function createMainWindow(preloadDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 960,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#0b0f14',
    title: 'Control Room',
    show: false,
    webPreferences: secureWebPreferences(join(preloadDir, 'index.cjs')),
  });
  hardenWebContents(win.webContents, (url) => shell.openExternal(url));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}
