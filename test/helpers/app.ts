// The one launcher the end-to-end tests use (modelled on Signal Desktop's Playwright App driver):
// starts the real `control-room serve` in browser mode on a fresh data directory (or on one a
// crashed run left behind) and drives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import type { DemoInfo } from '../../electron/demo/newsroom';
import { makeTempDir, type TempDir } from './temp-dir';

const root = join(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

export interface ServedApp {
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly output: string[];
  /** The demo newsroom's servers and the compromised-integration (attacker) credentials. */
  readonly demo: DemoInfo | null;
  open(page: Page): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  /** SIGKILL, as a crash or `kill -9` would: no shutdown code runs; the data directory stays. */
  crash(): Promise<void>;
  /** Stops the process (if it still runs) and removes the data directory this launcher made. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Start on this existing data directory (after a crash); the caller's launcher removes it. */
  readonly dataDir?: string;
}

export async function serveApp(extraArgs: readonly string[] = [], options: ServeOptions = {}): Promise<ServedApp> {
  const dir: TempDir | null = options.dataDir ? null : makeTempDir('e2e');
  const dataDir = options.dataDir ?? join(dir!.path, 'data');
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'control-room.mjs'), 'serve', '--json', '--data-dir', dataDir, ...extraArgs], {
    // The demo PDS shape: the real PDS takes 5 s and 310 MiB per app, and has its own suite.
    env: { ...process.env, CONTROL_ROOM_DEMO_PDS: process.env['CONTROL_ROOM_DEMO_PDS'] ?? 'demo' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`control-room serve did not start in 30 s:\n${output.join('')}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`control-room serve exited (${code}):\n${output.join('')}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const info = JSON.parse(first) as { url: string; origin: string; demo?: DemoInfo | null };
  const running = () => child.exitCode === null && child.signalCode === null;
  const ended = (signal: NodeJS.Signals) => {
    if (!running()) return Promise.resolve();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    return exited.then(() => undefined);
  };
  return {
    url: info.url,
    origin: info.origin,
    dataDir,
    output,
    demo: info.demo ?? null,
    open: async (page) => {
      await page.goto(info.url);
    },
    screenshot: async (page, name) => {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    crash: () => ended('SIGKILL'),
    stop: async () => {
      await ended('SIGTERM');
      dir?.remove();
    },
  };
}
