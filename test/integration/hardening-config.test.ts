// Hardening gate, configuration read-back: every setting is read from the code that applies it
// (the window options window.ts passes, the CSP the app:// handler and the browser host actually
// send, the handlers hardenWebContents and denyAllPermissions register) and judged by the same
// pure checks the mutation tests prove can fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/app';
import { createLogger } from '../../electron/lib/log';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';
import { appProtocolResponse, appSchemePrivileges } from '../../electron/main/app-protocol-handler';
import { denyAllPermissions, hardenWebContents, secureWebPreferences } from '../../electron/main/security';
import { mainWindowOptions } from '../../electron/main/window-options';
import { calls, roles } from '../../electron/shared/contract';
import { defaultAllowedHosts } from '../../electron/shared/external-links';
import { previewCsp } from '../../renderer/lib/html-preview';
import { checkContract, type ContractReview } from '../../scripts/hardening/check-contract';
import { checkCsp, metaCsp } from '../../scripts/hardening/check-csp';
import { checkIpcSurface, codeOnly } from '../../scripts/hardening/check-ipc-surface';
import { checkWebPreferences } from '../../scripts/hardening/check-web-preferences';
import { electronPermissionNames, recordingContents, recordingSession } from '../helpers/hardening-fakes';
import { readRepoJson, readRepoText, repoRoot, shippedSources } from '../helpers/hardening-repo';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

describe('BrowserWindow options (what window.ts passes to new BrowserWindow)', () => {
  const preloadDir = join(repoRoot, 'out', 'preload');

  it.each([
    ['an installed build', true],
    ['a development run', false],
  ] as const)('pass every webPreferences rule in %s', (_what, packaged) => {
    const prefs = mainWindowOptions({ preloadDir, packaged }).webPreferences ?? {};
    expect(checkWebPreferences(prefs, { packaged })).toEqual([]);
  });

  it('isolates, sandboxes and keeps Node out, read back from the real options', () => {
    const prefs = mainWindowOptions({ preloadDir, packaged: true }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
      preload: join(preloadDir, 'index.cjs'),
    });
    // The window's preferences are secureWebPreferences' own, not a copy that could drift.
    expect(prefs).toEqual(secureWebPreferences(join(preloadDir, 'index.cjs'), { devTools: false }));
  });

  it('is the only way a BrowserWindow is built in the shipped code', () => {
    const code = shippedSources('electron').map((f) => ({ path: f.path, text: codeOnly(f.text) }));
    const constructions = code.flatMap((f) => [...f.text.matchAll(/new\s+BrowserWindow\s*\(([^)]*)/g)].map((m) => `${f.path}: ${m[1]}`));
    expect(constructions).toHaveLength(1);
    expect(constructions[0]).toMatch(/^electron\/main\/window\.ts: mainWindowOptions\(\{ preloadDir, packaged: app\.isPackaged \}/);
    // Other ways to show web content would need their own hardening.
    expect(code.filter((f) => /new\s+(BrowserView|WebContentsView)\s*\(/.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});

describe('the CSP actually served', () => {
  let dir: TempDir;
  let renderer: string;
  let core: Core;
  let host: BrowserHost;

  beforeAll(async () => {
    dir = makeTempDir('hardening');
    renderer = join(dir.path, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer folder');
    core = await createCore({ dataDir: join(dir.path, 'data'), mode: 'browser', logger: createLogger({ quiet: true }) });
    host = await startBrowserHost({ core, rendererDir: renderer });
  });
  afterAll(async () => {
    await host.close();
    await core.close();
    dir.remove();
  });

  it('by the app:// protocol handler', async () => {
    const res = await appProtocolResponse(renderer, new Request('app://control-room/index.html'));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(checkCsp(csp, 'header')).toEqual([]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['a path escaping the renderer folder', 'app://control-room/..%2Fsecret.txt'],
    ['a look-alike host', 'app://control-room.evil/index.html'],
    ['a missing file', 'app://control-room/nope.js'],
  ])('refuses %s with a 404 that still carries the CSP', async (_what, url) => {
    const res = await appProtocolResponse(renderer, new Request(url));
    expect(res.status).toBe(404);
    expect(checkCsp(res.headers.get('content-security-policy') ?? '', 'header')).toEqual([]);
    expect(await res.text()).not.toContain('outside the renderer folder');
  });

  it('by the browser-mode host, with its one loopback WebSocket', async () => {
    const res = await fetch(`${host.url}/index.html`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(checkCsp(csp, 'header')).toEqual([]);
    expect(csp).toContain(`connect-src 'self' ${host.url.replace('http://', 'ws://')}`);
  });

  it('in the meta tag of renderer/index.html (any other loader)', () => {
    const csp = metaCsp(readRepoText('renderer/index.html'));
    expect(csp).not.toBeNull();
    expect(checkCsp(csp ?? '', 'meta')).toEqual([]);
  });

  it('in the sandboxed frame that shows attacker HTML: no script, nothing remote', () => {
    expect(previewCsp.split(';')[0]?.trim()).toBe("default-src 'none'");
    expect(previewCsp).not.toMatch(/script-src|https?:|ws:|\*|'unsafe-eval'/);
    expect(previewCsp).toMatch(/img-src data:$/);
  });

  it('on an app:// scheme with no CSP bypass, no service workers and no CORS', () => {
    expect(appSchemePrivileges).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false });
  });
});

describe('navigation, new windows and webviews (hardenWebContents)', () => {
  const harden = () => {
    const rec = recordingContents();
    const opened: string[] = [];
    hardenWebContents(rec.contents, async (url) => {
      opened.push(url);
    });
    return { rec, opened };
  };

  it.each(['will-navigate', 'will-redirect'])('%s: the app stays, everything else is prevented', (event) => {
    const { rec } = harden();
    expect(rec.emit(event, 'app://control-room/index.html')).toBe(false);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://control-room.evil/', 'javascript:alert(1)', 'data:text/html,<script>1</script>']) {
      expect(rec.emit(event, url), url).toBe(true);
    }
  });

  it('refuses every <webview>', () => {
    const { rec } = harden();
    expect(rec.emit('will-attach-webview', {}, { src: 'https://x.com/' })).toBe(true);
  });

  it('denies window.open of an allow-listed https link and hands it to the OS browser', () => {
    const { rec, opened } = harden();
    expect(rec.windowOpen('https://x.com/met/status/1')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://x.com/met/status/1']);
  });

  it.each([
    'javascript:alert(1)',
    'http://x.com/met',
    'file:///etc/passwd',
    'https://evil.example/',
    'https://x.com.evil.example/',
    'https://evilx.com/',
    'https://user:pass@x.com/',
    'data:text/html,hi',
    'app://control-room/index.html',
    'not a url',
  ])('denies window.open of %s without forwarding it', (url) => {
    const { rec, opened } = harden();
    expect(rec.windowOpen(url)).toEqual({ action: 'deny' });
    expect(opened).toEqual([]);
  });

  it.each(defaultAllowedHosts)('forwards https links to %s and its subdomains, never http', (host) => {
    const { rec, opened } = harden();
    rec.windowOpen(`https://${host}/a`);
    rec.windowOpen(`https://www.${host}/b`);
    rec.windowOpen(`http://${host}/c`);
    expect(opened).toEqual([`https://${host}/a`, `https://www.${host}/b`]);
  });
});

describe('permissions (denyAllPermissions)', () => {
  const permissions = electronPermissionNames(repoRoot);

  it('knows the permissions of the installed Electron', () => {
    expect(permissions).toEqual(expect.arrayContaining(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']));
  });

  it.each(permissions)('refuses a request for %s, and every check', (permission) => {
    const rec = recordingSession();
    denyAllPermissions(rec.session);
    const answers: boolean[] = [];
    rec.request?.(null, permission, (granted) => answers.push(granted), {});
    expect(answers).toEqual([false]);
    expect(rec.check?.(null, permission, 'app://control-room', {})).toBe(false);
  });

  it('refuses every device (USB, HID, serial)', () => {
    const rec = recordingSession();
    denyAllPermissions(rec.session);
    for (const deviceType of ['usb', 'hid', 'serial']) expect(rec.device?.({ deviceType, origin: 'app://control-room' })).toBe(false);
  });
});

describe('the main process wires it all in (electron/main/index.ts)', () => {
  const main = readRepoText('electron/main/index.ts');

  it('hardens every webContents ever created and the default session', () => {
    expect(main).toMatch(/app\.on\('web-contents-created',[^]*?hardenWebContents\(contents/);
    expect(main).toMatch(/denyAllPermissions\(session\.defaultSession\)/);
  });

  it('registers the app:// scheme before ready and holds the single-instance lock', () => {
    expect(main.indexOf('registerAppScheme()')).toBeGreaterThan(-1);
    expect(main.indexOf('registerAppScheme()')).toBeLessThan(main.indexOf('whenReady()'));
    expect(main).toMatch(/requestSingleInstanceLock\(\)/);
  });
});

describe('the IPC contract and surface', () => {
  it('every call has zod input and output schemas, a strict bounded input and an access declaration', () => {
    expect(checkContract(calls, roles, readRepoJson<ContractReview>('security/contract-review.json'))).toEqual([]);
  });

  it('ipcMain, ipcRenderer and contextBridge are used only through the contract', () => {
    expect(checkIpcSurface(shippedSources('electron'))).toEqual([]);
  });
});
