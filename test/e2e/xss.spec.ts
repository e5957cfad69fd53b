// Attacker content is data. Hostile posts (script tags, event-handler attributes, javascript:
// links, CSS with remote URLs, tracking pixels, frames, meta refresh) go out through the demo
// channels as the attacker; the screen must show them without running anything and without a
// single request leaving the app's own origin, columns and sandboxed detail view alike.
import { expect, test, type Page } from '@playwright/test';
import { serveApp, type ServedApp } from '../helpers/app';
import { attackerClients } from '../../electron/demo/replay';
import { createFirstAdmin } from '../helpers/e2e-session';

let app: ServedApp;
let attacker: ReturnType<typeof attackerClients>;
test.beforeAll(async () => {
  app = await serveApp();
  if (!app.demo) throw new Error('serve --json printed no demo newsroom');
  attacker = attackerClients(app.demo);
});
test.afterAll(async () => {
  attacker.close();
  await app.stop();
});

/** Every payload, if it ever ran, would leave one of these traces. */
const marker = 'PWNED';
const tracker = 'https://tracker.invalid';

const tweet = `<script>alert('${marker}-x')</script><img src=${tracker}/t.gif onerror="alert('${marker}')"> javascript:alert('${marker}') XSS-X`;
const webTitle = `<img src=x onerror="alert('${marker}-title')">Hostile release`;
const webHtml = `<p>XSS-WEB visible words</p>
<script>alert('${marker}-web');fetch('${tracker}/script')</script>
<img src="${tracker}/pixel.gif" width="1" height="1" alt="">
<img src="x" onerror="alert('${marker}-onerror')">
<a href="javascript:alert('${marker}-link')">Click for the statement</a>
<a href="https://phish.invalid/login">https://www.met.police.uk/</a>
<div style="background-image:url(${tracker}/bg.png)">styled block</div>
<style>@import url(${tracker}/import.css); p { background: url('${tracker}/p.png') }</style>
<svg onload="alert('${marker}-svg')"><image href="${tracker}/svg.png"/></svg>
<iframe src="https://evil.invalid/frame"></iframe>
<meta http-equiv="refresh" content="0;url=https://evil.invalid/refresh">
<link rel="stylesheet" href="${tracker}/link.css">
<form action="https://evil.invalid/form"><input name="q" value="x"><button>Go</button></form>
<object data="https://evil.invalid/object.swf"></object>
<video poster="${tracker}/poster.png" src="${tracker}/v.mp4"></video>
<table background="${tracker}/table.png"><tr><td>table cell</td></tr></table>
<picture><source srcset="${tracker}/source.png"><img src="${tracker}/picture.png" alt="hostile picture"></picture>`;
const mailHtml = `<html><head><style>body{background:url(${tracker}/mail-bg.png)}</style><script>alert('${marker}-mail')</script></head>
<body><p onclick="alert('${marker}-click')">XSS-MAIL visible words</p><img src="${tracker}/open.gif?subscriber=1" width="1" height="1">
<a href="https://phish.invalid/unsubscribe">Unsubscribe</a></body></html>`;

interface Watch {
  readonly offOrigin: string[];
  readonly dialogs: string[];
  readonly console: string[];
  readonly sockets: string[];
}

async function watch(page: Page): Promise<Watch> {
  const w: Watch = { offOrigin: [], dialogs: [], console: [], sockets: [] };
  const own = (url: string) => url.startsWith(`${app.origin}/`) || url === app.origin;
  // Interception: anything not for the app's own origin is recorded and refused, so a failure here
  // shows up as a test failure and never as a real request.
  await page.context().route('**/*', (route) => {
    const url = route.request().url();
    if (own(url)) return route.continue();
    w.offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (r) => {
    if (!own(r.url())) w.offOrigin.push(r.url());
  });
  page.on('websocket', (s) => w.sockets.push(s.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => w.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => w.console.push(`pageerror: ${e.message}`));
  return w;
}

async function openDetail(page: Page, column: string, text: string): Promise<void> {
  const item = page.locator(`[data-testid="column-${column}"] article`).filter({ hasText: text });
  await expect(item).toHaveCount(1, { timeout: 20_000 });
  await expect(item).toHaveAttribute('data-provenance', 'unverified');
  await item.getByTestId('item-details').click();
  await expect(page.getByTestId('item-detail')).toBeVisible();
  await expect(page.getByTestId('item-raw')).not.toBeEmpty();
}

test('hostile posts are shown as data: nothing runs, nothing is fetched from anywhere else', async ({ page }) => {
  test.setTimeout(60_000);
  const w = await watch(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await app.open(page);
  await createFirstAdmin(page);

  await attacker.post({ channel: 'x', text: tweet });
  await attacker.post({ channel: 'website', title: webTitle, text: webTitle, html: webHtml });
  await attacker.post({ channel: 'email', title: 'XSS bulletin', text: 'XSS-MAIL plain part', html: mailHtml });

  // In the columns: the tweet's markup is literal text.
  const xItem = page.locator('[data-testid="column-demo-x"] article').filter({ hasText: 'XSS-X' });
  await expect(xItem).toHaveCount(1, { timeout: 20_000 });
  await expect(xItem.locator('.item__text')).toHaveText(tweet);
  await expect(page.locator('#root script, #root iframe:not([sandbox=""]), #root img')).toHaveCount(0);

  // The website post: HTML only in the sandboxed frame, behind its own CSP, stripped to safe markup.
  await openDetail(page, 'demo-website', 'XSS-WEB');
  await expect(page.getByTestId('item-raw')).toContainText(`<script>alert('${marker}-web')`);
  const frame = page.getByTestId('item-html');
  await expect(frame).toHaveAttribute('sandbox', '');
  const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
  expect(srcdoc.startsWith(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)).toBe(true);
  expect(srcdoc).not.toMatch(/<script|<style|<iframe|<object|<svg|<form|<link|<video|http-equiv="refresh"/i);
  expect(srcdoc).not.toMatch(/\son\w+=|\sstyle=|\ssrc=|\shref=|\ssrcset=|\sbackground=|\sposter=|=["']?\s*javascript:/i);
  const body = page.frameLocator('[data-testid="item-html"]').locator('body');
  await expect(body).toContainText('XSS-WEB visible words');
  await expect(body).toContainText('[remote image not loaded: tracker.invalid]');
  await expect(body).toContainText('[link → phish.invalid]');
  await expect(page.getByTestId('item-html-notes')).toContainText('remote images not loaded');
  // Links are text with their real host; the deceptive label is shown as a label, not a target.
  const links = page.getByTestId('item-links');
  await expect(links).toContainText('phish.invalid');
  await expect(links).toContainText('shown as “https://www.met.police.uk/”');
  await expect(links).toContainText('not a web link: never opened');
  // Clicking the neutered link inside the frame goes nowhere. (Focus is then inside the frame,
  // whose keys never reach the app, so the dialog is closed with its button.)
  await body.getByText('Click for the statement').click();
  await page.getByTestId('item-detail').getByRole('button', { name: /^Close/ }).click();

  // The bulletin: the tracking pixel and the remote CSS stay unloaded too.
  await openDetail(page, 'demo-email', 'XSS-MAIL');
  await expect(page.frameLocator('[data-testid="item-html"]').locator('body')).toContainText('[remote image not loaded: tracker.invalid]');
  await page.frameLocator('[data-testid="item-html"]').getByText('XSS-MAIL visible words').click();
  // Give anything that would load or run a moment to try.
  await page.waitForTimeout(750);
  await page.getByTestId('item-detail').getByRole('button', { name: /^Close/ }).click();

  expect(w.offOrigin).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(w.sockets.every((u) => u.startsWith(app.origin.replace(/^http/, 'ws')))).toBe(true);
  expect(w.console.filter((m) => m.includes(marker))).toEqual([]);
  expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await app.screenshot(page, '20-hostile-items');
});
