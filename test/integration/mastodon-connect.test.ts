// Connecting a Mastodon account through the contract, with secrets in a real (private) Secret
// Service: the connection is tested with a real read (scopes checked), the access token and the
// client secret land in the keychain only, the column reads, and Lock offers the token revocation.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoMastodonServer, type DemoMastodonServer } from '../../electron/demo/mastodon/server';
import type { ConnectChannelInput } from '../../electron/shared/contract-channels';
import { channelSecretRef } from '../../electron/vault/secret-ref';
import { createKeychainVault } from '../../electron/vault/keychain-vault';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPrivateSecretService, type PrivateSecretService } from '../helpers/secret-service';
import { followConsentPages } from '../helpers/consent';
import { makeTestCore, type TestCore } from '../helpers/test-core';

describeWithPeers(['secret-service'], 'a Mastodon account connected with a private Secret Service', () => {
  let ss: PrivateSecretService;
  let restoreEnv = (): void => undefined;
  let m: DemoMastodonServer;
  let t: TestCore;

  beforeAll(async () => {
    ss = await startPrivateSecretService({ unlocked: true });
    restoreEnv = ss.useInThisProcess();
    m = await startDemoMastodonServer();
    t = await makeTestCore({ demo: false });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await m?.close();
    restoreEnv();
    await ss?.stop();
  });

  const mastodon = (over: Partial<Extract<ConnectChannelInput, { kind: 'mastodon' }>> = {}): ConnectChannelInput => ({
    kind: 'mastodon',
    name: 'Mastodon @newsroom',
    instanceUrl: m.url,
    accessToken: m.credentials.bureau.accessToken,
    clientId: m.credentials.bureau.clientId,
    clientSecret: m.credentials.bureau.clientSecret,
    ...over,
  });

  it('tests the connection with a real read: a wrong token, an admin-scoped token and an http instance are refused', async () => {
    const admin = await t.signedIn('admin');
    expect(await t.core.dispatch('channels.test', { channel: mastodon() }, admin)).toEqual({ ok: true, data: { ok: true, outcome: 'ok', message: expect.any(String) } });
    expect(await t.core.dispatch('channels.test', { channel: mastodon({ accessToken: 'wrong' }) }, admin)).toMatchObject({ ok: true, data: { ok: false, outcome: 'wrong-credentials' } });
    const broad = m.issueToken(['read', 'write', 'admin:write']);
    expect(await t.core.dispatch('channels.test', { channel: mastodon({ accessToken: broad }) }, admin)).toMatchObject({
      ok: true,
      data: { ok: false, outcome: 'rejected', message: expect.stringContaining('"read write" only') },
    });
    expect(await t.core.dispatch('channels.connect', { channel: mastodon({ instanceUrl: 'http://mastodon.example' }) }, admin)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining('must use https') },
    });
    expect(t.core.channels.list()).toEqual([]);
  });

  it('keeps the token and client secret in the keychain only, reads the column, and Lock revokes the token', async () => {
    const admin = await t.signedIn('admin');
    const r = await t.core.dispatch('channels.connect', { channel: mastodon() }, admin);
    expect(r).toMatchObject({ ok: true, data: { kind: 'mastodon', name: 'Mastodon @newsroom', demo: false } });
    if (!r.ok) return;
    const id = (r.data as { id: string }).id;
    const keychain = createKeychainVault();
    expect(await keychain.get(channelSecretRef(id, 'access-token'))).toBe(m.credentials.bureau.accessToken);
    expect(await keychain.get(channelSecretRef(id, 'client-secret'))).toBe(m.credentials.bureau.clientSecret);
    const files = readdirSync(t.dir)
      .filter((f) => f.startsWith('control-room.db') || f.endsWith('.log'))
      .map((f) => readFileSync(join(t.dir, f)).toString('latin1'))
      .join('\n');
    expect(files).not.toContain(m.credentials.bureau.accessToken);
    expect(files).not.toContain(m.credentials.bureau.clientSecret);
    await expect.poll(async () => t.core.channels.list().find((c) => c.id === id)?.lastReadAt ?? null, { timeout: 10_000 }).not.toBeNull();

    const sup = await t.signedIn('supervisor');
    const runbook = await t.core.dispatch('control.lockList', { channelIds: [id] }, sup);
    expect(runbook).toMatchObject({ ok: true, data: [{ channelId: id, actions: [{ id: 'revoke-own-token' }, { id: 'revoke-other-apps' }] }] });
    const step = await t.core.dispatch('control.lock', { channelId: id, actionId: 'revoke-own-token', confirmed: true }, sup);
    expect(step).toMatchObject({ ok: true, data: { outcome: 'done', detail: 'Mastodon token revoked.' } });
    expect(m.instance.token(m.credentials.bureau.accessToken)).toBeNull();

    const removed = await t.core.dispatch('channels.remove', { id }, admin);
    expect(removed).toEqual({ ok: true, data: { removed: id } });
    expect(await keychain.get(channelSecretRef(id, 'access-token'))).toBeNull();
    expect(await keychain.get(channelSecretRef(id, 'client-secret'))).toBeNull();
  });

  it('connects through the instance\'s consent page (OAuth + PKCE): the token and the registered app\'s secret go to the keychain only', async () => {
    // Stands in for the system browser: follows the consent URL the core asks to open, and its redirect home.
    const { opened, off } = followConsentPages(t.core.events);
    try {
      const admin = await t.signedIn('admin');
      const r = await t.core.dispatch('channels.authorizeMastodon', { name: 'Mastodon via consent', instanceUrl: m.url }, admin);
      expect(r).toMatchObject({ ok: true, data: { kind: 'mastodon', name: 'Mastodon via consent', demo: false } });
      if (!r.ok) return;
      expect(new URL(opened[0] ?? '').searchParams.get('scope')).toBe('read write');
      const id = (r.data as { id: string }).id;
      const keychain = createKeychainVault();
      const token = await keychain.get(channelSecretRef(id, 'access-token'));
      expect(m.instance.token(token ?? undefined)).toMatchObject({ accountId: m.account.id, scopes: ['read', 'write'] });
      expect(await keychain.get(channelSecretRef(id, 'client-secret'))).toBeTruthy();
      const files = readdirSync(t.dir)
        .filter((f) => f.startsWith('control-room.db') || f.endsWith('.log'))
        .map((f) => readFileSync(join(t.dir, f)).toString('latin1'))
        .join('\n');
      expect(files).not.toContain(token!);
      // Scopes cannot be asked for: the contract takes the name and the instance only.
      const broader = await t.core.dispatch('channels.authorizeMastodon', { name: 'M', instanceUrl: m.url, scopes: 'read write admin:write' } as never, admin);
      expect(broader).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      await t.core.dispatch('channels.remove', { id }, admin);
    } finally {
      off();
    }
  });
});
