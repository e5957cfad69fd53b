// Mastodon's status length as its StatusLengthValidator counts it: each URL with a scheme counts
// as 23 characters whatever its length, `@user@server.tld` counts as `@user`, then graphemes are
// counted. Shared by the statement rules (core), the adapter and the demo instance, so the three
// never disagree about what fits. URLs are found with twitter-text's extractor, which Mastodon's
// own Extractor is derived from.
import twitterText from 'twitter-text';

export const mastodonCharacterLimit = 500;
export const mastodonUrlLength = 23;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function measureMastodon(text: string, urlLength = mastodonUrlLength): number {
  const urls = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let rewritten = '';
  let at = 0;
  const mentions = (s: string): string =>
    s.replace(/(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*/giu, '@$1');
  for (const { indices } of urls) {
    rewritten += mentions(text.slice(at, indices[0])) + 'x'.repeat(urlLength);
    at = indices[1];
  }
  let n = 0;
  for (const _ of graphemes.segment(rewritten + mentions(text.slice(at)))) n++;
  return n;
}
