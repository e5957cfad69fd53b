// Electron main process: lifecycle only. The product lives in electron/core.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { createCore, type Core } from '../core/app';
import { defaultDataDir } from '../core/paths';
import { blueskyPdsChoice } from '../demo/newsroom';
import { createDemoPlugin } from '../demo/plugin';
import { checkExternalUrl } from '../shared/external-links';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { registerIpc } from './ipc/register';
import { notifyOnAlerts } from './notifications';
import { denyAllPermissions, hardenWebContents } from './security';
import { createMainWindow } from './window';

/** `--name VALUE` or `--name=VALUE` from the command line. */
function optionFromArgs(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

// One instance per user: two cores writing one ledger would race each other.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let core: Core | null = null;
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Any webContents created later (devtools aside) gets the same locks as the main window.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => shell.openExternal(url));
  });

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    serveAppProtocol(join(import.meta.dirname, '..', 'renderer'));
    let liveCore: Core;
    try {
      liveCore = await createCore({
        dataDir: optionFromArgs(process.argv, '--data-dir') ?? defaultDataDir(),
        // Team mode: --database postgres://... (else CONTROL_ROOM_DATABASE_URL, else SQLite).
        ...optional('databaseUrl', optionFromArgs(process.argv, '--database')),
        ...optional('deskName', optionFromArgs(process.argv, '--desk-name')),
        mode: 'desktop',
        electronVersion: process.versions.electron ?? null,
        // The demo newsroom runs when no real channel is configured (the demo.enabled setting).
        plugin: createDemoPlugin({ blueskyPds: blueskyPdsChoice() }),
        openExternal: async (url, allowedHosts) => {
          // Checked again here: the allow-list is the last word before the OS browser opens.
          if (checkExternalUrl(url, allowedHosts).allowed) await shell.openExternal(url);
        },
      });
    } catch (err) {
      // The database cannot be used (unreachable, not migrated, no password stored): say what to do.
      dialog.showErrorBox('Control Room cannot start', err instanceof Error ? err.message : String(err));
      app.quit();
      return;
    }
    core = liveCore;
    win = createMainWindow(join(import.meta.dirname, '..', 'preload'));
    // One session per window; closing the window signs it out.
    const windowSession = { id: null as string | null };
    registerIpc(liveCore, () => win?.webContents ?? null, () => ({ transport: 'ipc', session: windowSession }));
    notifyOnAlerts(liveCore, () => {
      win?.show();
      win?.focus();
    });
    void liveCore.startChannels().catch((err: unknown) => liveCore.logger.error('starting the channels failed', err));
    win.on('closed', () => {
      if (windowSession.id !== null) liveCore.accounts.signOut(windowSession.id);
      win = null;
    });
  });

  app.on('window-all-closed', () => {
    void (core?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
