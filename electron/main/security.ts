// Every hardening setting of the Electron shell, each explicit and commented, in one place so the
// hardening tests read them back from here rather than from a copy.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { checkExternalUrl } from '../shared/external-links';
import { isAppUrl } from './security-urls';

export { appHost, appOrigin, appScheme, isAppUrl } from './security-urls';

export interface WebPreferenceOptions {
  /** False in installed builds (app.isPackaged): a stolen laptop gets no console into the page. */
  readonly devTools: boolean;
}

export function secureWebPreferences(
  preloadPath: string,
  options: WebPreferenceOptions,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    // The page's JavaScript and the preload live in separate worlds; only contextBridge crosses.
    contextIsolation: true,
    // The renderer is an OS-sandboxed Chromium process with no Node.js.
    sandbox: true,
    // No require() or process in the page, ever: feeds carry attacker content.
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // Same-origin policy stays on.
    webSecurity: true,
    // No http content inside the app's https/app pages.
    allowRunningInsecureContent: false,
    // No <webview> tags: they would be a second, weaker browser inside the app.
    webviewTag: false,
    // Experimental Blink features widen the attack surface for no product gain.
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // Middle-click (auxclick) on a link would try to open a window; no window is ever wanted.
    disableBlinkFeatures: 'Auxclick',
    // No Flash-era plugins and no WebSQL: nothing the app uses, all of it attack surface.
    plugins: false,
    enableWebSQL: false,
    // No spell-check service sending typed statements anywhere.
    spellcheck: false,
    // Navigating away by drag-and-drop of a file or link is refused.
    navigateOnDragDrop: false,
    // A page that loops alert() can be told to stop showing dialogs.
    safeDialogs: true,
    // DevTools in development runs only (see WebPreferenceOptions).
    devTools: options.devTools,
    // Deliberately no `partition` or `session`: denyAllPermissions guards the default session.
  };
}

export interface ExternalOpener {
  (url: string): Promise<void>;
}

/** Navigation, new windows and webviews are denied; allow-listed https links go to the OS browser. */
export function hardenWebContents(contents: WebContents, openExternal: ExternalOpener): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const check = checkExternalUrl(url);
    if (check.allowed) void openExternal(check.url);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications prompt, geolocation, USB...: every request is refused. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
