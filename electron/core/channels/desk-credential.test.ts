// Which credential a desk keeps per channel kind, and the refusal to join a shared channel with
// another account's settings.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock';
import { AppError } from '../../shared/result';
import type { ChannelRow } from '../../store/records';
import { deskApplicationPasswordName } from '../../channels/wordpress/application-passwords';
import { checkSameAccount, credentialKindOf, ownCredential } from './desk-credential';
import { splitSecrets } from './connections';

describe('per-desk credentials', () => {
  it('X OAuth 2.0 and Mastodon with its app keys are per desk; SMTP, Bluesky, X OAuth 1.0a and a bare Mastodon token are shared; RSS has none', () => {
    const kind = (input: Parameters<typeof splitSecrets>[0]) => credentialKindOf(splitSecrets(input), 'Press desk')?.kind ?? null;
    expect(kind({ kind: 'x', name: 'X', auth: { type: 'oauth2', accessToken: 't', clientId: 'c' } })).toBe('x-oauth2');
    expect(kind({ kind: 'x', name: 'X', auth: { type: 'oauth1', appKey: 'a', appSecret: 'b', accessToken: 'c', accessSecret: 'd' } })).toBe('shared');
    expect(kind({ kind: 'mastodon', name: 'M', instanceUrl: 'https://m.example', accessToken: 't', clientId: 'c', clientSecret: 's' })).toBe('mastodon-oauth');
    expect(kind({ kind: 'mastodon', name: 'M', instanceUrl: 'https://m.example', accessToken: 't' })).toBe('shared');
    expect(kind({ kind: 'bluesky', name: 'B', handle: 'press.example', appPassword: 'abcd-efgh-ijkl-mnop' })).toBe('shared');
    expect(kind({ kind: 'rss', name: 'R', url: 'https://news.example/feed' })).toBeNull();
  });

  it("a desk's application password is named after the desk, two desks of one host name apart", () => {
    expect(deskApplicationPasswordName('Press desk', '0123abcd-0000-4000-8000-000000000000')).toBe('Control Room – Press desk (0123abcd)');
    expect(deskApplicationPasswordName('press-1', 'aaaaaaaa-1')).not.toBe(deskApplicationPasswordName('press-1', 'bbbbbbbb-1'));
  });

  it('joining a shared channel needs the same account: another site or user, another kind, a demo channel are refused', () => {
    const row: ChannelRow = { id: 'wordpress-1', kind: 'wordpress', name: 'Website', config: { siteUrl: 'https://news.example', username: 'press', integrationUserIds: [] }, secretRef: 'channel:wordpress-1', demo: false, createdAt: '2019-07-19T22:00:00.000Z' };
    const typed = (over: Record<string, string>) => splitSecrets({ kind: 'wordpress', name: 'Website', siteUrl: 'https://news.example', username: 'press', applicationPassword: 'abcd efgh ijkl mnop qrst uvwx', ...over });
    expect(() => checkSameAccount(row, typed({}))).not.toThrow();
    expect(() => checkSameAccount(row, typed({ username: 'someone-else' }))).toThrow(/username "press", not "someone-else"/);
    expect(() => checkSameAccount(row, typed({ siteUrl: 'https://other.example' }))).toThrow(AppError);
    expect(() => checkSameAccount(row, splitSecrets({ kind: 'rss', name: 'R', url: 'https://news.example/feed' }))).toThrow(/is a wordpress channel, not rss/);
    expect(() => checkSameAccount({ ...row, demo: true }, typed({}))).toThrow(/Demo channels/);
  });

  it('WordPress refusing to make the desk its own application password is said in words, naming what to check', async () => {
    // As WordPress answers when application passwords are turned off for the user (a plugin or the host).
    const site = createServer((req, res) => {
      res.writeHead(req.method === 'POST' && req.url?.endsWith('/application-passwords') ? 403 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'application_passwords_disabled_for_user', message: 'Application passwords are not available for your account.', data: { status: 403 } }));
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    try {
      const typed = splitSecrets({ kind: 'wordpress', name: 'Website', siteUrl: `http://127.0.0.1:${(site.address() as AddressInfo).port}`, username: 'press', applicationPassword: 'abcd efgh ijkl mnop qrst uvwx' });
      const notReached = (): Promise<never> => Promise.reject(new Error('not reached'));
      const desk = { id: '0123abcd-0000-4000-8000-000000000000', name: 'Press desk', repo: { addCredential: notReached, credentials: notReached, markCredentialRevoked: notReached } };
      const refused = await ownCredential(typed, desk, systemClock).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toMatch(/^Not connected: WordPress would not make this desk's own application password \(.*Application passwords are not available for your account.*\)\. The account typed must be allowed to manage its own application passwords .* Nothing was kept\.$/);
    } finally {
      site.close();
    }
  });
});
