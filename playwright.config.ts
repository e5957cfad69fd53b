import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, findChromium } from './scripts/chromium.mjs';

// CHROMIUM_PATH, an installed Chromium/Chrome, or the one npm installs (scripts/chromium.mjs).
const { executablePath, args, env } = chromiumLaunchOptions(findChromium());

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    headless: true,
    launchOptions: { executablePath, args, env },
    screenshot: 'only-on-failure',
  },
});
