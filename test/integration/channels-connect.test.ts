// Connecting real channels through the contract, with secrets in a real (private) Secret Service:
// what was typed is tested first, secrets land in the keychain and never in the database, bad
// input is refused with a clear message and nothing saved half-way, and a restart reconnects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoWordPressServer, type DemoWordPressServer } from '../../electron/demo/wordpress/server';
import { startDemoXServer } from '../../electron/demo/x/server';
import { channelSecretRef } from '../../electron/vault/secret-ref';
import { createKeychainVault } from '../../electron/vault/keychain-vault';
import type { ConnectChannelInput } from '../../electron/shared/contract-channels';
import { followConsentPages } from '../helpers/consent';
import { startPrivateSecretService, type PrivateSecretService } from '../helpers/secret-service';
import { storeFilesText } from '../helpers/store-files';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { describeWithPeers } from '../helpers/peer-suite';

describeWithPeers(['secret-service'], 'channels connected with a private Secret Service', () => {
  let ss: PrivateSecretService;
  let restoreEnv = (): void => undefined;
  let wp: DemoWordPressServer;
  let t: TestCore;

  beforeAll(async () => {
    ss = await startPrivateSecretService({ unlocked: true });
    restoreEnv = ss.useInThisProcess();
    wp = await startDemoWordPressServer();
    t = await makeTestCore({ demo: false });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await wp?.close();
    restoreEnv();
    await ss?.stop();
  });

  const website = (over: Partial<Extract<ConnectChannelInput, { kind: 'wordpress' }>> = {}): ConnectChannelInput => ({
    kind: 'wordpress',
    name: 'Website news',
    siteUrl: wp.url,
    username: wp.credentials.bureau.username,
    applicationPassword: wp.credentials.bureau.applicationPassword,
    ...over,
  });

  const storeFiles = (): string => storeFilesText(t.dir);

  describe('connecting a channel', () => {
    it('tests the connection with a real read, without saving anything', async () => {
      const admin = await t.signedIn('admin');
      expect(await t.core.dispatch('channels.test', { channel: website() }, admin)).toEqual({ ok: true, data: { ok: true, outcome: 'ok', message: expect.any(String) } });
      expect(await t.core.dispatch('channels.test', { channel: website({ applicationPassword: 'wrong pass word abcd efgh ijkl' }) }, admin)).toMatchObject({
        ok: true,
        data: { ok: false, outcome: 'wrong-credentials' },
      });
      expect(await t.core.dispatch('channels.test', { channel: website({ siteUrl: 'http://127.0.0.1:9' }) }, admin)).toMatchObject({ ok: true, data: { ok: false, outcome: 'unreachable' } });
      expect(t.core.channels.list()).toEqual([]);
    });

    it.each([
      ['a malformed URL', { siteUrl: 'news.example.org' }, 'siteUrl: is not a valid address'],
      ['http outside this computer', { siteUrl: 'http://news.example.org' }, 'must use https'],
      ['an empty secret', { applicationPassword: '   ' }, 'applicationPassword: must not be empty'],
      ['credentials in the URL', { siteUrl: 'https://user:pw@news.example.org' }, 'must not contain a user name or password'],
    ])('refuses %s with a clear message and saves nothing', async (_what, over, message) => {
      const admin = await t.signedIn('admin');
      const r = await t.core.dispatch('channels.connect', { channel: website(over) }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining(message) } });
      expect(t.core.channels.list()).toEqual([]);
    });

    it('refuses wrong credentials and leaves nothing in the keychain or the database', async () => {
      const admin = await t.signedIn('admin');
      const wrong = 'wrongpasswordabcdefghijkl';
      const r = await t.core.dispatch('channels.connect', { channel: website({ applicationPassword: wrong }) }, admin);
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('Wrong credentials') } });
      expect(storeFiles()).not.toContain(wrong);
    });

    it('stores secrets in the keychain only, reads the channel, and removes both on disconnect', async () => {
      const admin = await t.signedIn('admin');
      const r = await t.core.dispatch('channels.connect', { channel: website() }, admin);
      expect(r).toMatchObject({ ok: true, data: { kind: 'wordpress', name: 'Website news', demo: false } });
      if (!r.ok) return;
      const id = (r.data as { id: string }).id;
      const keychain = createKeychainVault();
      expect(await keychain.get(channelSecretRef(id, 'application-password'))).toBe(wp.credentials.bureau.applicationPassword);
      const password = wp.credentials.bureau.applicationPassword;
      expect(storeFiles()).not.toContain(password);
      expect(storeFiles()).not.toContain(password.replace(/\s/g, ''));
      await expect.poll(async () => t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 10_000 }).not.toBeNull();

      // A restart reconnects from the keychain.
      const again = await t.restart();
      await expect.poll(async () => again.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 10_000 }).not.toBeNull();

      const removed = await t.core.dispatch('channels.remove', { id }, await t.signedIn('admin'));
      expect(removed).toEqual({ ok: true, data: { removed: id } });
      expect(await keychain.get(channelSecretRef(id, 'application-password'))).toBeNull();
      expect(t.core.channels.list().find((c) => c.id === id)).toBeUndefined();
    });

    it('connects X with OAuth 2.0 + PKCE through the browser and keeps the tokens in the keychain', async () => {
      const x = await startDemoXServer({ autoApprove: true });
      // Stands in for the system browser: follows the consent URL the core asks to open.
      const { opened, off } = followConsentPages(t.core.events);
      try {
        const admin = await t.signedIn('admin');
        const c = x.credentials.bureau.oauth2;
        const r = await t.core.dispatch('channels.authorizeX', { name: 'X account', clientId: c.clientId, clientSecret: c.clientSecret, apiBaseUrl: x.url, authorizeBaseUrl: x.authorizeBaseUrl }, admin);
        expect(r).toMatchObject({ ok: true, data: { kind: 'x', name: 'X account' } });
        expect(opened[0]).toContain('code_challenge_method=S256');
        if (!r.ok) return;
        const id = (r.data as { id: string }).id;
        const token = await createKeychainVault().get(channelSecretRef(id, 'access-token'));
        expect(token).toBeTruthy();
        expect(storeFiles()).not.toContain(token!);
        await t.core.dispatch('channels.remove', { id }, await t.signedIn('admin'));
      } finally {
        off();
        await x.close();
      }
    });

    it('rotates a secret only when the new one works, and keeps reading with it', async () => {
      const admin = await t.signedIn('admin');
      const r = await t.core.dispatch('channels.connect', { channel: website() }, admin);
      if (!r.ok) throw new Error(r.error.message);
      const id = (r.data as { id: string }).id;
      const ref = channelSecretRef(id, 'application-password');
      const keychain = createKeychainVault();
      const old = wp.credentials.bureau.applicationPassword;

      // A typo is tested first and refused: nothing in the keychain changes.
      const typo = await t.core.dispatch('channels.rotateSecret', { id, name: 'application-password', secret: 'typo typo typo typo typo typo' }, admin);
      expect(typo).toMatchObject({ ok: true, data: { ok: false, outcome: 'wrong-credentials' } });
      expect(await keychain.get(ref)).toBe(old);

      // A new application password, made on the site, replaces the old one.
      const made = await fetch(`${wp.url}/wp-json/wp/v2/users/me/application-passwords`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${wp.credentials.bureau.username}:${old}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Control Room (rotated)' }),
      });
      const fresh = ((await made.json()) as { password: string }).password;
      expect(await t.core.dispatch('channels.rotateSecret', { id, name: 'application-password', secret: fresh }, admin)).toMatchObject({ ok: true, data: { ok: true } });
      expect(await keychain.get(ref)).toBe(fresh);
      const before = t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? '';
      await expect.poll(async () => (t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? '') > before, { timeout: 10_000 }).toBe(true);
      expect(t.core.channels.list().find((c) => c.id === id)?.health).toEqual({ state: 'ok' });
      await t.core.dispatch('channels.remove', { id }, admin);
    });

    it('only an admin may connect a channel', async () => {
      const sup = await t.signedIn('supervisor');
      expect(await t.core.dispatch('channels.connect', { channel: website() }, sup)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('the demo newsroom', () => {
    it("keeps the bureau's demo credentials in the keychain like real ones, never in the database", async () => {
      const demo = await makeTestCore();
      try {
        await demo.core.startChannels();
        const room = demo.demo.newsroom()!;
        const token = await createKeychainVault().get(channelSecretRef('demo-x', 'access-token'));
        expect(token).toBe(room.x.credentials.bureau.oauth2.accessToken);
        const db = readFileSync(join(demo.dir, 'control-room.db')).toString('latin1');
        expect(db).not.toContain(token!);
        expect(db).not.toContain(room.website.credentials.bureau.applicationPassword);
        await expect.poll(async () => demo.core.channels.list().every((c) => c.lastReadAt !== null), { timeout: 15_000 }).toBe(true);
      } finally {
        await demo.close();
      }
    });
  });
});
