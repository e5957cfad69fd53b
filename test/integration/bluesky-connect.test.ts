// Connecting a Bluesky account through the contract: the app password lands in the keychain only,
// the main password is refused with a message saying to use an app password, and the channel is
// read (and watched) once connected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBlueskyServer, type DemoBlueskyServer } from '../../electron/demo/bluesky/server';
import type { ConnectChannelInput } from '../../electron/shared/contract-channels';
import { createKeychainVault } from '../../electron/vault/keychain-vault';
import { channelSecretRef } from '../../electron/vault/secret-ref';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPrivateSecretService, type PrivateSecretService } from '../helpers/secret-service';
import { storeFilesText } from '../helpers/store-files';
import { makeTestCore, type TestCore } from '../helpers/test-core';

describeWithPeers(['secret-service'], 'a Bluesky account connected with a private Secret Service', () => {
  let ss: PrivateSecretService;
  let restoreEnv = (): void => undefined;
  let pds: DemoBlueskyServer;
  let t: TestCore;

  beforeAll(async () => {
    ss = await startPrivateSecretService({ unlocked: true });
    restoreEnv = ss.useInThisProcess();
    pds = await startDemoBlueskyServer();
    t = await makeTestCore({ demo: false });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await pds?.close();
    restoreEnv();
    await ss?.stop();
  });

  const bluesky = (password: string): ConnectChannelInput => ({ kind: 'bluesky', name: 'Bluesky', handle: `@${pds.account.handle}`, appPassword: password, pdsUrl: pds.url });
  const storeFiles = (): string => storeFilesText(t.dir);

  describe('connecting', () => {
    it('refuses the main password, saying to use an app password, and saves nothing', async () => {
      const admin = await t.signedIn('admin');
      const r = await t.core.dispatch('channels.test', { channel: bluesky(pds.account.mainPassword) }, admin);
      expect(r).toMatchObject({ ok: true, data: { ok: false, outcome: 'rejected', message: expect.stringMatching(/main password.*app password/i) } });
      const c = await t.core.dispatch('channels.connect', { channel: bluesky(pds.account.mainPassword) }, admin);
      expect(c.ok).toBe(false);
      expect(storeFiles()).not.toContain(pds.account.mainPassword);
      expect(t.core.channels.list()).toEqual([]);
    });

    it('calls a wrong app password wrong credentials', async () => {
      const r = await t.core.dispatch('channels.test', { channel: bluesky('abcd-efgh-ijkl-mnop') }, await t.signedIn('admin'));
      expect(r).toMatchObject({ ok: true, data: { ok: false, outcome: 'wrong-credentials' } });
    });

    it('keeps the app password in the keychain only, and reads the account', async () => {
      const admin = await t.signedIn('admin');
      const password = pds.credentials.bureau.appPassword;
      const r = await t.core.dispatch('channels.connect', { channel: bluesky(password) }, admin);
      expect(r).toMatchObject({ ok: true, data: { kind: 'bluesky', name: 'Bluesky', demo: false } });
      if (!r.ok) return;
      const id = (r.data as { id: string }).id;
      expect(await createKeychainVault().get(channelSecretRef(id, 'app-password'))).toBe(password);
      expect(storeFiles()).not.toContain(password);
      await expect.poll(async () => t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 10_000 }).not.toBeNull();
      await t.core.dispatch('channels.remove', { id }, await t.signedIn('admin'));
      expect(await createKeychainVault().get(channelSecretRef(id, 'app-password'))).toBeNull();
    });
  });
});
