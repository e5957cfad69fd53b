import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './test/helpers/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    headless: true,
    launchOptions: {
      executablePath: findChromium(),
      // Root in CI has no user namespace sandbox for Chromium; the app's own pages are the only content.
      args: [...chromiumArgs, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    },
    screenshot: 'only-on-failure',
  },
});
