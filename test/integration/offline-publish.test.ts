// Offline drafting: with every channel unreachable, a statement is drafted, edited, submitted and
// approved; its publish waits visibly ("waiting for the network"); when the network returns it
// goes out by itself, exactly once on every channel (checked at the servers).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { startToggleProxy, type ToggleProxy } from '../helpers/toggle-proxy';

let newsroom: DemoNewsroom;
let t: TestCore;
let proxies: ToggleProxy[] = [];

beforeAll(async () => {
  newsroom = await startDemoNewsroom();
  t = await makeTestCore({ demo: false, vault: createMemoryVault() });
  await t.core.settings.set('monitor.pollIntervalMs', '250', new Date());
}, 60_000);
afterAll(async () => {
  await t?.close();
  for (const p of proxies) await p.close();
  await newsroom?.stop();
});

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('drafts, approves and queues offline; goes out once when the network returns', { timeout: 120_000 }, async () => {
  const { x, website, email } = newsroom;
  const xp = await startToggleProxy('127.0.0.1', Number(new URL(x.url).port));
  const wp = await startToggleProxy('127.0.0.1', Number(new URL(website.url).port));
  const smtp = await startToggleProxy(email.smtp.host, email.smtp.port);
  const imap = await startToggleProxy(email.imap.host, email.imap.port);
  proxies = [xp, wp, smtp, imap];

  const admin = await t.signedIn('admin');
  const ids: string[] = [];
  for (const channel of [
    { kind: 'x', name: 'X', apiBaseUrl: xp.url, auth: { type: 'oauth1', ...x.credentials.bureau.oauth1 } },
    { kind: 'wordpress', name: 'Website', siteUrl: wp.url, username: website.credentials.bureau.username, applicationPassword: website.credentials.bureau.applicationPassword },
    {
      kind: 'email',
      name: 'Bulletin',
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: email.credentials.bureau.username, password: email.credentials.bureau.password },
      canary: { host: '127.0.0.1', port: imap.port, security: 'none', user: email.credentials.canary.username, password: email.credentials.canary.password },
      from: 'press@newsroom.example',
      to: [...email.subscribers],
    },
  ]) {
    ids.push(dataOf<{ id: string }>(await t.core.dispatch('channels.connect', { channel }, admin)).id);
  }

  // The network goes away.
  for (const p of proxies) await p.offline();
  await until('every channel offline', async () => t.core.channels.list().every((c) => c.health.state === 'offline'));

  const op = await t.signedIn('operator');
  const sup = await t.signedIn('supervisor');
  const text = `Offline statement ${Date.now()}`;
  const variants = { x: { text }, website: { title: 'Offline statement', html: `<p>${text}</p>` }, email: { subject: 'Offline statement', text, html: '' } };
  const saved = await t.core.dispatch('statements.save', { title: 'Offline', canonicalText: text, variants: { ...variants, x: { text: `${text}!` } } }, op);
  const id = dataOf<{ statement: { id: string } }>(saved).statement.id;
  expect(await t.core.dispatch('statements.save', { id, title: 'Offline', canonicalText: text, variants }, op)).toMatchObject({ ok: true, data: { saved: true } });
  expect(await t.core.dispatch('statements.submit', { id }, op)).toMatchObject({ ok: true });
  const hash = dataOf<{ statement: { contentHash: string } }>(await t.core.dispatch('statements.get', { id }, sup)).statement.contentHash;
  expect(await t.core.dispatch('statements.approve', { id, contentHash: hash }, sup)).toMatchObject({ ok: true });

  const rows = dataOf<{ status: string; heldBy: string | null; heldReason: string | null }[]>(await t.core.dispatch('statements.publish', { id, channelIds: ids }, sup));
  expect(rows.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
  expect(rows.map((r) => r.heldBy)).toEqual(['network', 'network', 'network']);
  expect(rows.every((r) => r.heldReason?.startsWith('Waiting for the network'))).toBe(true);
  const acceptedBefore = x.tweets().filter((tw) => tw.text === text).length;
  expect(acceptedBefore).toBe(0);

  // The network comes back: it goes out by itself, once everywhere.
  for (const p of proxies) await p.online();
  await until('sent everywhere', async () => {
    const r = await t.core.control.outbox.rows(id);
    return r.length === 3 && r.every((row) => row.status === 'sent');
  });
  await new Promise((r) => setTimeout(r, 1500)); // a chance for any duplicate to show up
  expect(x.tweets().filter((tw) => tw.text === text)).toHaveLength(1);
  expect(website.posts().filter((p) => p.title === 'Offline statement' && p.status === 'publish')).toHaveLength(1);
  expect(email.canaryMessages().filter((m) => m.raw.toString('utf8').includes(text))).toHaveLength(1);
});
