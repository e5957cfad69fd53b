import { describe, expect, it } from 'vitest';
import { addressList, authorizeInputOf, authorizeMastodonInputOf, channelInputOf, isConsentKind, localProblems } from './channel-form';

describe('the channel connection form', () => {
  it('sends text as typed, for the core to judge', () => {
    expect(channelInputOf('wordpress', { name: 'Site', siteUrl: 'http://news.example.org', username: 'ed', applicationPassword: '' })).toEqual({
      kind: 'wordpress',
      name: 'Site',
      siteUrl: 'http://news.example.org',
      username: 'ed',
      applicationPassword: '',
    });
  });

  it('builds the email servers and the recipient list', () => {
    const input = channelInputOf('email', {
      name: 'Bulletin',
      'smtp.host': 'smtp.example.org',
      'smtp.port': '587',
      'smtp.security': 'starttls',
      'canary.port': '993',
      from: ' press@example.org ',
      to: 'list@example.org,\nother@example.org',
    });
    expect(input).toMatchObject({ kind: 'email', smtp: { host: 'smtp.example.org', port: 587, security: 'starttls' }, canary: { port: 993, security: 'tls' }, from: 'press@example.org' });
    expect(input.kind === 'email' && input.to).toEqual(['list@example.org', 'other@example.org']);
    // The list settings are optional: empty fields leave the core's defaults.
    expect(input).not.toHaveProperty('listAddress');
    expect(input).not.toHaveProperty('unsubscribeUrl');
    expect(input.kind === 'email' && input.canary).not.toHaveProperty('address');
    expect(channelInputOf('email', { listAddress: ' bulletin@example.org ', unsubscribeUrl: 'https://example.org/u?e={recipient}', unsubscribeMailto: '', 'canary.address': 'canary@example.org' })).toMatchObject({
      canary: { address: 'canary@example.org' },
      listAddress: 'bulletin@example.org',
      unsubscribeUrl: 'https://example.org/u?e={recipient}',
    });
    expect(addressList('  ')).toEqual([]);
  });

  it('connects Mastodon through the consent page with the name and instance only: no token, no scopes to choose', () => {
    expect(authorizeMastodonInputOf({ name: 'Mastodon', instanceUrl: 'https://mastodon.example', accessToken: 'left over from the other form' })).toEqual({ name: 'Mastodon', instanceUrl: 'https://mastodon.example' });
    expect(isConsentKind('mastodon-oauth')).toBe(true);
    expect(isConsentKind('mastodon')).toBe(false);
  });

  it('builds a Bluesky connection, leaving the PDS to the core default when empty', () => {
    expect(channelInputOf('bluesky', { name: 'Bluesky', handle: '@press.example.org', appPassword: 'abcd-efgh-ijkl-mnop', pdsUrl: ' ' })).toEqual({ kind: 'bluesky', name: 'Bluesky', handle: '@press.example.org', appPassword: 'abcd-efgh-ijkl-mnop' });
    expect(channelInputOf('bluesky', { handle: 'press.example.org', pdsUrl: 'https://pds.example.org' })).toMatchObject({ pdsUrl: 'https://pds.example.org' });
  });

  it('checks only what JSON cannot carry as typed: ports and user ids', () => {
    expect(localProblems('email', { 'smtp.port': '0', 'canary.port': '993' })).toEqual({ 'smtp.port': 'Enter a port number from 1 to 65535.' });
    expect(localProblems('wordpress', { integrationUserIds: '3, x' })).toHaveProperty('integrationUserIds');
    expect(localProblems('wordpress', { integrationUserIds: '3, 7' })).toEqual({});
    expect(channelInputOf('wordpress', { integrationUserIds: '3, 7' })).toMatchObject({ integrationUserIds: [3, 7] });
  });

  it('builds a Mastodon connection: instance address and token, client key and secret only when given', () => {
    expect(channelInputOf('mastodon', { name: 'Mastodon', instanceUrl: 'https://mastodon.example', accessToken: 'tok', clientId: ' ', clientSecret: '' })).toEqual({
      kind: 'mastodon',
      name: 'Mastodon',
      instanceUrl: 'https://mastodon.example',
      accessToken: 'tok',
    });
    expect(channelInputOf('mastodon', { clientId: 'key', clientSecret: 'sec' })).toMatchObject({ clientId: 'key', clientSecret: 'sec' });
  });

  it('leaves optional X addresses out when empty', () => {
    expect(authorizeInputOf({ name: 'X', clientId: 'abc', clientSecret: ' ', apiBaseUrl: '' })).toEqual({ name: 'X', clientId: 'abc' });
  });
});
