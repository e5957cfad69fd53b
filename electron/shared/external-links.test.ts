import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from './external-links';

describe('checkExternalUrl', () => {
  it.each([
    ['https://x.com/demo_newsroom/status/1', true],
    ['https://mobile.twitter.com/x', true],
    ['http://x.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['https://user:pw@x.com/', false],
    ['https://x.com.evil.example/', false],
    ['https://evilx.com/', false],
    ['not a url', false],
  ])('%s -> allowed=%s', (url, allowed) => {
    expect(checkExternalUrl(url).allowed).toBe(allowed);
  });

  it('accepts hosts the caller adds (a connected website)', () => {
    expect(checkExternalUrl('https://news.example.org/a', ['example.org'])).toEqual({
      allowed: true,
      url: 'https://news.example.org/a',
      host: 'news.example.org',
    });
  });
});
