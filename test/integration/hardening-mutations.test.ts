// Hardening gate, mutation tests: the checks the gate runs on the real configuration are applied
// to copies of that configuration with one thing loosened, and must fail naming the problem. A
// check that cannot fail is not a gate.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appProtocolResponse } from '../../electron/main/app-protocol-handler';
import { mainWindowOptions } from '../../electron/main/window-options';
import { calls, roles } from '../../electron/shared/contract';
import { checkContract, type ContractReview } from '../../scripts/hardening/check-contract';
import { checkCsp } from '../../scripts/hardening/check-csp';
import { checkIpcSurface, ipcRegisterFile, preloadFile, type SourceFile } from '../../scripts/hardening/check-ipc-surface';
import { checkWebPreferences } from '../../scripts/hardening/check-web-preferences';
import { readRepoJson, repoRoot, shippedSources } from '../helpers/hardening-repo';

type Prefs = Record<string, unknown>;

describe('webPreferences mutations', () => {
  const real = (): Prefs => ({ ...mainWindowOptions({ preloadDir: `${repoRoot}/out/preload`, packaged: true }).webPreferences });

  it('the unmutated copy passes (so each failure below is the mutation)', () => {
    expect(checkWebPreferences(real(), { packaged: true })).toEqual([]);
  });

  it.each<[string, (p: Prefs) => void, string]>([
    ['sandbox: false', (p) => (p['sandbox'] = false), 'webPreferences.sandbox must be true (got false)'],
    ['nodeIntegration: true', (p) => (p['nodeIntegration'] = true), 'webPreferences.nodeIntegration must be false (got true)'],
    ['contextIsolation: false', (p) => (p['contextIsolation'] = false), 'webPreferences.contextIsolation must be true'],
    ['nodeIntegrationInSubFrames: true', (p) => (p['nodeIntegrationInSubFrames'] = true), 'webPreferences.nodeIntegrationInSubFrames must be false'],
    ['webSecurity: false', (p) => (p['webSecurity'] = false), 'webPreferences.webSecurity must be true'],
    ['webviewTag: true', (p) => (p['webviewTag'] = true), 'webPreferences.webviewTag must be false'],
    ['sandbox left to the default', (p) => delete p['sandbox'], 'webPreferences.sandbox is not set explicitly'],
    ['a private partition', (p) => (p['partition'] = 'persist:other'), 'webPreferences.partition must not be set'],
    ['DevTools in an installed build', (p) => (p['devTools'] = true), 'webPreferences.devTools must be false in an installed build'],
    ['Auxclick re-enabled', (p) => (p['disableBlinkFeatures'] = ''), 'webPreferences.disableBlinkFeatures must include Auxclick'],
    ['an unreviewed option', (p) => (p['enableRemoteModule'] = true), 'webPreferences.enableRemoteModule is not reviewed'],
  ])('%s fails the gate', (_what, mutate, expected) => {
    const prefs = real();
    mutate(prefs);
    expect(checkWebPreferences(prefs, { packaged: true }).join('\n')).toContain(expected);
  });
});

describe('CSP mutations (of the policy the app:// handler serves)', () => {
  const served = async (): Promise<string> =>
    (await appProtocolResponse(`${repoRoot}/renderer`, new Request('app://control-room/index.html'))).headers.get('content-security-policy') ?? '';

  it('the unmutated policy passes', async () => {
    expect(checkCsp(await served(), 'header')).toEqual([]);
  });

  it.each<[string, (csp: string) => string, string]>([
    ["'unsafe-inline' in script-src", (c) => c.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"), "script-src allows 'unsafe-inline'"],
    ["'unsafe-eval' in script-src", (c) => c.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"), "script-src allows 'unsafe-eval'"],
    ['a CDN in script-src', (c) => c.replace("script-src 'self'", "script-src 'self' https://cdn.example"), 'script-src allows https://cdn.example'],
    ['remote images', (c) => c.replace("img-src 'self' data:", "img-src 'self' data: https:"), 'img-src allows https:'],
    ["'unsafe-inline' styles", (c) => c.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"), "style-src allows 'unsafe-inline'"],
    ['a remote connect-src', (c) => c.replace("connect-src 'self'", "connect-src 'self' wss://evil.example"), 'connect-src allows wss://evil.example'],
    ['a wildcard default-src', (c) => c.replace("default-src 'none'", 'default-src *'), "default-src must be 'none'"],
    ['object-src dropped', (c) => c.replace(/object-src 'none';?\s*/, ''), "object-src must be 'none' (got missing)"],
    ['frame-ancestors dropped', (c) => c.replace(/;?\s*frame-ancestors 'none'/, ''), "frame-ancestors must be 'none' (got missing)"],
    ['a second, looser script-src', (c) => `${c}; script-src *`, 'script-src appears twice'],
  ])('%s fails the gate', async (_what, mutate, expected) => {
    const mutated = mutate(await served());
    expect(mutated).not.toBe(await served());
    expect(checkCsp(mutated, 'header').join('\n')).toContain(expected);
  });
});

describe('contract mutations (of electron/shared/contract.ts)', () => {
  const review = readRepoJson<ContractReview>('security/contract-review.json');
  const withCall = (name: string, def: Record<string, unknown>): Record<string, unknown> => ({ ...calls, [name]: def });
  const output = z.object({ ok: z.boolean() });

  it('the unmutated contract passes', () => {
    expect(checkContract(calls, roles, review)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an IPC call without an input schema', withCall('debug.run', { output, access: ['admin'], summary: 'x' }), 'debug.run has no zod input schema'],
    ['an IPC call without an output schema', withCall('debug.run', { input: z.strictObject({}), access: ['admin'], summary: 'x' }), 'debug.run has no zod output schema'],
    ['an IPC call without an access declaration', withCall('debug.run', { input: z.strictObject({}), output, summary: 'x' }), 'debug.run has no access declaration'],
    ['an input that accepts unknown keys', withCall('debug.run', { input: z.object({}), output, access: ['admin'], summary: 'x' }), "debug.run's input is not a strict object"],
    ['an unbounded string input', withCall('debug.run', { input: z.strictObject({ note: z.string() }), output, access: ['admin'], summary: 'x' }), 'debug.run.note has no maximum size'],
    ['an unbounded array input', withCall('debug.run', { input: z.strictObject({ ids: z.array(z.string().max(9)) }), output, access: ['admin'], summary: 'x' }), 'debug.run.ids has no maximum size'],
    ['an unreviewed public call', withCall('debug.run', { input: z.strictObject({}), output, access: 'public', summary: 'x' }), 'debug.run is public (no sign-in) but not reviewed'],
    ['an unknown role', withCall('debug.run', { input: z.strictObject({}), output, access: ['root'], summary: 'x' }), 'debug.run names an unknown role "root"'],
    ['a schema-less existing call', withCall('app.status', { ...calls['app.status'], input: undefined }), 'app.status has no zod input schema'],
  ])('%s fails the gate', (_what, mutated, expected) => {
    expect(checkContract(mutated, roles, review).join('\n')).toContain(expected);
  });

  it('a reviewed public call that is no longer public is flagged as stale', () => {
    const mutated = withCall('app.status', { ...calls['app.status'], access: ['admin'] });
    expect(checkContract(mutated, roles, review).join('\n')).toContain('lists app.status as public, but the contract does not');
  });
});

describe('IPC surface mutations (of the shipped electron/ sources)', () => {
  const real = (): SourceFile[] => shippedSources('electron');
  const edit = (files: SourceFile[], path: string, change: (text: string) => string): SourceFile[] =>
    files.map((f) => (f.path === path ? { path, text: change(f.text) } : f));

  it('the unmutated sources pass', () => {
    expect(checkIpcSurface(real())).toEqual([]);
  });

  it.each<[string, (files: SourceFile[]) => SourceFile[], string]>([
    [
      'an ipcMain handler outside the contract, in another file',
      (files) => [...files, { path: 'electron/main/debug.ts', text: "import { ipcMain } from 'electron';\nipcMain.handle('debug:eval', (_e, code) => eval(code));\n" }],
      'electron/main/debug.ts:2 uses ipcMain.handle',
    ],
    [
      'a raw channel in register.ts',
      (files) => edit(files, ipcRegisterFile, (t) => `${t}\nipcMain.handle('debug:eval', () => null);\n`),
      "registers ipcMain.handle('debug:eval'",
    ],
    ['a fire-and-forget listener in register.ts', (files) => edit(files, ipcRegisterFile, (t) => `${t}\nipcMain.on('x', () => null);\n`), 'uses ipcMain.on'],
    ['synchronous IPC in the preload', (files) => edit(files, preloadFile, (t) => `${t}\nipcRenderer.sendSync('x');\n`), 'uses ipcRenderer.sendSync'],
    [
      'a second object on the bridge',
      (files) => edit(files, preloadFile, (t) => `${t}\ncontextBridge.exposeInMainWorld('ipc', ipcRenderer);\n`),
      "contextBridge.exposeInMainWorld('ipc')",
    ],
  ])('%s fails the gate', (_what, mutate, expected) => {
    expect(checkIpcSurface(mutate(real())).join('\n')).toContain(expected);
  });
});
