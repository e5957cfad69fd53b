// OAuth 1.0a verification against the published vectors (RFC 5849 and X's "Creating a signature").
import { describe, expect, it } from 'vitest';
import { hmacSha1Signature, NonceCache, normalizeParameters, parseOAuthHeader, signatureBaseString, verifyOAuth1 } from './oauth1';

const xDocs = {
  url: 'https://api.twitter.com/1.1/statuses/update.json',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  params: [
    ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
    ['include_entities', 'true'],
    ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
    ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '1318622958'],
    ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
    ['oauth_version', '1.0'],
  ] as Array<[string, string]>,
  signature: 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
};

function headerFor(params: ReadonlyArray<readonly [string, string]>, signature: string): string {
  const oauth = params.filter(([k]) => k.startsWith('oauth_'));
  return 'OAuth ' + [...oauth, ['oauth_signature', signature] as const].map(([k, v]) => `${k}="${encodeURIComponent(v)}"`).join(', ');
}

describe('OAuth 1.0a signatures', () => {
  it('normalizes parameters as RFC 5849 section 3.4.1.3.2 does, duplicate names sorted by value', () => {
    const params: Array<[string, string]> = [
      ['b5', '=%3D'], ['a3', 'a'], ['c@', ''], ['a2', 'r b'], ['c2', ''], ['a3', '2 q'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'], ['oauth_token', 'kkk9d7dh3k39sjv7'], ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'], ['oauth_nonce', '7d8f3e4a'],
    ];
    expect(normalizeParameters(params)).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a' +
        '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
  });

  it('reproduces the signature of X documentation example', () => {
    const base = signatureBaseString('post', xDocs.url, xDocs.params);
    expect(base.startsWith('POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26')).toBe(true);
    expect(hmacSha1Signature(base, xDocs.consumerSecret, xDocs.tokenSecret)).toBe(xDocs.signature);
  });

  it('verifies a good header and refuses a tampered parameter, a wrong URL or a wrong secret', () => {
    const request = {
      method: 'POST',
      authorization: headerFor(xDocs.params, xDocs.signature),
      baseUrls: [xDocs.url],
      requestParams: xDocs.params.filter(([k]) => !k.startsWith('oauth_')),
    };
    const secrets = { consumerSecret: xDocs.consumerSecret, tokenSecret: xDocs.tokenSecret };
    expect(verifyOAuth1(request, () => secrets).ok).toBe(true);
    expect(verifyOAuth1({ ...request, requestParams: [['status', 'Hacked'], ['include_entities', 'true']] }, () => secrets).ok).toBe(false);
    expect(verifyOAuth1({ ...request, baseUrls: ['https://api.x.com/1.1/statuses/update.json'] }, () => secrets).ok).toBe(false);
    expect(verifyOAuth1(request, () => ({ ...secrets, tokenSecret: 'other' })).ok).toBe(false);
    expect(verifyOAuth1(request, () => undefined).ok).toBe(false);
  });

  it('rejects malformed headers instead of throwing', () => {
    for (const header of ['OAuth', 'OAuth a=b', 'OAuth a="%E0%A4%A"', 'OAuth a="1", a="2"', 'Bearer x', '']) {
      expect(parseOAuthHeader(header)).toBeUndefined();
    }
    expect(parseOAuthHeader('OAuth realm="x",oauth_nonce="a%20b"')?.get('oauth_nonce')).toBe('a b');
  });

  it('remembers nonces, forgetting the oldest past capacity', () => {
    const cache = new NonceCache(2);
    expect(cache.checkAndRecord('k', 't', '1', 'n1')).toBe(false);
    expect(cache.checkAndRecord('k', 't', '1', 'n1')).toBe(true);
    cache.checkAndRecord('k', 't', '1', 'n2');
    cache.checkAndRecord('k', 't', '1', 'n3');
    expect(cache.checkAndRecord('k', 't', '1', 'n1')).toBe(false);
  });
});
