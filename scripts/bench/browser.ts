// Browser mode for the UI benchmarks: the current renderer source built into a temp folder (the
// shared out/ may be stale or mid-build), served by the real browser host over the bench's own
// in-process core (so the demo servers' accept times and the page's DOM times share one clock),
// and driven by Playwright in the system Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { Core } from '../../electron/core/app';
import { startBrowserHost, type BrowserHost } from '../../electron/host/browser-host';
import type { Role } from '../../electron/shared/contract';
import { chromiumLaunchOptions, findChromium } from '../chromium.mjs';
import { offsetFromProbes, type ClockOffset } from './clock-offset';
import { benchAccounts } from './core-fixture';
import { now } from './timing';

export { domObserverScript } from './dom-observer';

const root = join(import.meta.dirname, '..', '..');

export interface BuiltRenderer {
  readonly dir: string;
  remove(): void;
}

export async function buildRenderer(): Promise<BuiltRenderer> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-bench-renderer-'));
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  // The renderer part of electron.vite.config.ts: same root, plugin, relative base and minification.
  await build({ configFile: false, root: join(root, 'renderer'), base: './', plugins: [react()], logLevel: 'error', build: { outDir: dir, emptyOutDir: true, minify: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BrowserSession {
  readonly browser: Browser;
  readonly version: string;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<BrowserSession> {
  const browser = await chromium.launch(chromiumLaunchOptions(findChromium()));
  return { browser, version: browser.version(), close: () => browser.close() };
}

export async function serveRenderer(core: Core, rendererDir: string): Promise<BrowserHost> {
  return startBrowserHost({ core, rendererDir, port: 0 });
}

export interface DomEntries {
  readonly items: readonly (readonly [string, number])[];
  readonly states: readonly (readonly [string, number])[];
}

/** Takes (and clears) what the page observer noted since the last call. */
export async function drainDom(page: Page): Promise<DomEntries> {
  return page.evaluate('({ items: window.__benchSeen.splice(0), states: window.__benchState.splice(0) })') as Promise<DomEntries>;
}

export async function signInThroughScreen(page: Page, role: Role): Promise<void> {
  const who = benchAccounts[role];
  await page.getByTestId('sign-in-username').fill(who.username, { timeout: 30_000 });
  await page.getByTestId('sign-in-passphrase').fill(who.passphrase);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
}

/** The page's clock against Node's (both performance.timeOrigin + now()), from 20 round trips. */
export async function pageClockOffset(page: Page): Promise<ClockOffset> {
  const probes = [];
  for (let i = 0; i < 20; i++) {
    const before = now();
    const at = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    probes.push({ before, page: at, after: now() });
  }
  return offsetFromProbes(probes);
}

export interface HeapReading {
  readonly usedMB: number;
  readonly totalMB: number;
}

const mb = (bytes: number): number => bytes / (1024 * 1024);

/** The page's JS heap (Chromium's own counters over CDP), optionally after a full GC. */
export async function readHeap(page: Page, collectGarbage: boolean): Promise<HeapReading> {
  const cdp = await page.context().newCDPSession(page);
  try {
    if (collectGarbage) await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return { usedMB: mb(usage.usedSize), totalMB: mb(usage.totalSize) };
  } finally {
    await cdp.detach();
  }
}
