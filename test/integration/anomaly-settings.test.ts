// The anomaly settings through dispatch, on a real core reading a real (loopback) RSS channel with
// a real SQLite file: learned link domains survive a restart, office hours follow their time zone,
// an added abusive word raises severity on the next item, only an admin may change them, and the
// audit log records each change.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnomalySettings } from '../../electron/shared/contract';
import type { StoredItem } from '../../electron/store/records';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { collect } from '../helpers/audit-test-kit';

let t: TestCore;
let server: Server;
let channelId = '';
const items: { guid: string; text: string }[] = [];

const feed = (): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Bureau news</title>${[...items]
    .reverse()
    .map((i) => `<item><guid>${i.guid}</guid><title>${i.text}</title><description></description></item>`)
    .join('')}</channel></rss>`;

async function stored(guid: string): Promise<StoredItem> {
  for (let i = 0; i < 300; i++) {
    const item = await t.core.monitorRepo.get(channelId, guid);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the monitor never stored ${guid}`);
}

/** Puts an item on the channel and waits until the monitor has stored it. */
async function posted(guid: string, text: string): Promise<StoredItem> {
  items.push({ guid, text });
  return stored(guid);
}
const kinds = (i: StoredItem): string[] => i.signals.map((s) => s.kind);

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Already on the channel when it is connected: adopted by the first read, its link domain learned.
  items.push({ guid: 'old-1', text: 'Road closures this weekend: https://roads.bureau.example/closures' });
  t = await makeTestCore({ demo: false, vault: createMemoryVault() });
  await t.core.settings.set('monitor.pollIntervalMs', '200', new Date());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const connected = await t.core.dispatch('channels.connect', { channel: { kind: 'rss', name: 'Bureau news', url } }, await t.signedIn('admin'));
  channelId = dataOf<{ id: string }>(connected).id;
  expect((await stored('old-1')).provenance).toBe('adopted');
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

it('a learned link domain is still known after the core restarts', { timeout: 60_000 }, async () => {
  await t.restart();
  const known = await posted('new-1', 'More closures: https://roads.bureau.example/more');
  expect(known.provenance).toBe('unverified');
  expect(kinds(known)).not.toContain('unknown-link-domain');
  const unknown = await posted('new-2', 'Read this: https://free-stuff.example/x');
  expect(kinds(unknown)).toContain('unknown-link-domain');
});

it('office hours in another time zone change the off-hours signal of the next item', { timeout: 60_000 }, async () => {
  const admin = await t.signedIn('admin');
  // A two-hour window starting at this UTC hour: inside it in UTC, outside it in Tokyo (UTC+9, no summer time).
  const start = new Date().getUTCHours();
  const end = (start + 2) % 24 || 24;
  const set = (timeZone: string) => t.core.dispatch('settings.setAnomaly', { officeHours: { start, end, timeZone } }, admin);
  expect(dataOf<AnomalySettings>(await set('utc')).officeHours).toEqual({ start, end, timeZone: 'UTC' });
  expect(kinds(await posted('tz-1', 'in office hours'))).not.toContain('off-hours');
  expect(dataOf<AnomalySettings>(await set('Asia/Tokyo')).officeHours.timeZone).toBe('Asia/Tokyo');
  expect(kinds(await posted('tz-2', 'out of office hours'))).toContain('off-hours');
  // Back to all day, so the next tests see no off-hours signal.
  dataOf(await t.core.dispatch('settings.setAnomaly', { officeHours: { start: 0, end: 24, timeZone: 'UTC' } }, admin));
});

it('an added abusive word raises the severity of the next item; a removed one no longer does', { timeout: 60_000 }, async () => {
  const admin = await t.signedIn('admin');
  // A baseline this high never calls a few test items a burst: only the word changes the severity.
  dataOf(await t.core.dispatch('settings.setAnomaly', { baselinePerHour: 10_000 }, admin));
  const before = await posted('w-1', 'you scumbags');
  expect(before.severity).toBe('low');
  const added = dataOf<AnomalySettings>(await t.core.dispatch('settings.addAbusiveWord', { word: '  Scumbags ' }, admin));
  expect(added.abusiveWords).toContain('scumbags');
  expect(added.builtInAbusiveWords).toContain('pwned');
  const after = await posted('w-2', 'you sc*mbags');
  expect(kinds(after)).toContain('abusive-language');
  expect(after.severity).toBe('high');
  dataOf(await t.core.dispatch('settings.removeAbusiveWord', { word: 'pwned' }, admin));
  expect(kinds(await posted('w-3', 'pwned'))).not.toContain('abusive-language');
  expect(await t.core.dispatch('settings.addAbusiveWord', { word: 'scumbags' }, admin)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});

it('own domains are never unknown, stored lower-case and as punycode', { timeout: 60_000 }, async () => {
  const admin = await t.signedIn('admin');
  const r = dataOf<AnomalySettings>(await t.core.dispatch('settings.setAnomaly', { ownDomains: ['Met.Police.UK', 'www.bücher.example', 'met.police.uk'] }, admin));
  expect(r.ownDomains).toEqual(['met.police.uk', 'xn--bcher-kva.example']);
  expect(kinds(await posted('d-1', 'https://news.met.police.uk/a and https://bücher.example/b'))).not.toContain('unknown-link-domain');
});

it('refuses bad values on the field they are about, and leaves the settings as they were', async () => {
  const admin = await t.signedIn('admin');
  const before = dataOf<AnomalySettings>(await t.core.dispatch('settings.anomaly', {}, admin));
  const bad = await t.core.dispatch('settings.setAnomaly', { officeHours: { start: 9, end: 9, timeZone: 'Mars/Olympus' }, ownDomains: ['https://met.police.uk/news'], baselinePerHour: -1 }, admin);
  expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  const message = bad.ok ? '' : bad.error.message;
  expect(message).toContain('officeHours.timeZone: "Mars/Olympus" is not a time zone Control Room knows: use an IANA name such as Europe/London');
  expect(message).toContain('ownDomains.0: "https://met.police.uk/news": type the domain only');
  // Each problem travels with its field's path, which the screen uses to put it next to that field.
  expect(bad.ok ? [] : (bad.error.issues ?? []).map((i) => i.path).sort()).toEqual(['baselinePerHour', 'officeHours.end', 'officeHours.timeZone', 'ownDomains.0']);
  expect(await t.core.dispatch('settings.setAnomaly', { officeHours: { start: 9, end: 9, timeZone: 'UTC' } }, admin)).toMatchObject({
    ok: false,
    error: { message: expect.stringContaining('officeHours.end: The end is the same hour as the start') },
  });
  expect(await t.core.dispatch('settings.setAnomaly', { officeHours: { start: 9, end: 17, timeZone: '+01:00' } }, admin)).toMatchObject({
    ok: false,
    error: { message: expect.stringContaining('An offset does not follow summer time') },
  });
  expect(await t.core.dispatch('settings.addAbusiveWord', { word: 'f*ck' }, admin)).toMatchObject({ ok: false, error: { message: expect.stringContaining('word: Type the word unmasked') } });
  expect(dataOf<AnomalySettings>(await t.core.dispatch('settings.anomaly', {}, admin))).toEqual(before);
});

it('only an admin may read or change them, and every change is in the audit log', async () => {
  for (const role of ['operator', 'supervisor'] as const) {
    const caller = await t.signedIn(role);
    expect(await t.core.dispatch('settings.setAnomaly', { baselinePerHour: 50 }, caller)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.core.dispatch('settings.anomaly', {}, caller)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
  dataOf(await t.core.dispatch('settings.setAnomaly', { baselinePerHour: 6 }, await t.signedIn('admin')));
  const entries = await t.core.auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).filter((e) => e.action.startsWith('settings.') && e.action !== 'settings.set'));
  const summary = entries.map((e) => {
    const d = JSON.parse(e.details) as { outcome: string; change?: string };
    return [e.action, e.role, d.outcome, d.change];
  });
  expect(summary).toContainEqual(['settings.addAbusiveWord', 'admin', 'ok', JSON.stringify({ word: 'scumbags' })]);
  expect(summary).toContainEqual(['settings.removeAbusiveWord', 'admin', 'ok', JSON.stringify({ word: 'pwned' })]);
  expect(summary).toContainEqual(['settings.setAnomaly', 'admin', 'ok', JSON.stringify({ officeHours: { start: 0, end: 24, timeZone: 'UTC' } })]);
  expect(summary).toContainEqual(['settings.setAnomaly', 'supervisor', 'FORBIDDEN', JSON.stringify({ baselinePerHour: 50 })]);
  expect(summary).toContainEqual(['settings.setAnomaly', 'admin', 'ok', JSON.stringify({ baselinePerHour: 6 })]);
  expect(dataOf<AnomalySettings>(await t.core.dispatch('settings.anomaly', {}, await t.signedIn('admin'))).baselinePerHour).toBe(6);
});
