import { describe, expect, it } from 'vitest';
import { graphemeCount, measureMastodon, measureX, validateStatement, validateVariants } from './limits';

const family = '👨‍👩‍👧‍👦'; // 4 emoji joined by 3 ZWJs: 11 UTF-16 units, 25 UTF-8 bytes, 1 grapheme
const longUrl = `https://news.met.police.uk/news/statement-on-unauthorised-access-to-our-accounts-${'x'.repeat(60)}`;

describe('X (weighted characters, parseTweet)', () => {
  it('reports the count and how much to cut, in the press officer\'s words', () => {
    expect(validateVariants({ x: { text: 'a'.repeat(291) } })).toEqual([
      { channel: 'x', field: 'text', message: 'X: 291 of 280 characters — shorten by 11' },
    ]);
    expect(validateVariants({ x: { text: 'a'.repeat(280) } })).toEqual([]);
  });

  it('counts every URL as 23, however long', () => {
    expect(longUrl.length).toBeGreaterThan(100);
    expect(measureX(`${'a'.repeat(256)} ${longUrl}`).length).toBe(280);
    expect(validateVariants({ x: { text: `${'a'.repeat(257)} ${longUrl}` } })[0]?.message).toBe('X: 281 of 280 characters — shorten by 1');
  });

  it('counts emoji as 2 and a ZWJ family as a single emoji', () => {
    expect(measureX('😀'.repeat(140)).length).toBe(280);
    expect(validateVariants({ x: { text: '😀'.repeat(141) } })[0]?.message).toBe('X: 282 of 280 characters — shorten by 2');
    expect(measureX(family).length).toBe(2);
  });

  it('weighs CJK characters as 2 each', () => {
    expect(measureX('警'.repeat(140)).length).toBe(280);
    expect(validateVariants({ x: { text: '警'.repeat(141) } })[0]?.message).toBe('X: 282 of 280 characters — shorten by 2');
    expect(measureX('é').length).toBe(1); // Latin-1 range weighs 1
  });

  it('refuses an empty post', () => {
    expect(validateVariants({ x: { text: '  ' } })[0]?.message).toMatch(/^X: the post is empty/);
  });
});

describe('Bluesky (300 graphemes, 3000 bytes)', () => {
  it('counts a letter with combining marks as one character', () => {
    const accented = 'e\u0301\u0323'; // e + acute + dot below: 3 code points, 1 grapheme
    expect(graphemeCount(accented.repeat(300))).toBe(300);
    expect(validateVariants({ bluesky: { text: accented.repeat(300) } })).toEqual([]);
    expect(validateVariants({ bluesky: { text: accented.repeat(301) } })).toEqual([
      { channel: 'bluesky', field: 'text', message: 'Bluesky: 301 of 300 characters — shorten by 1' },
    ]);
  });

  it('counts 300 family emoji as 300 characters, and still enforces the byte limit', () => {
    const text = family.repeat(300);
    expect(text.length).toBe(3300);
    expect(graphemeCount(text)).toBe(300);
    const violations = validateVariants({ bluesky: { text } });
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/^Bluesky: the post is 7500 bytes, over Bluesky's 3000-byte limit/);
    expect(validateVariants({ bluesky: { text: family.repeat(120) } })).toEqual([]); // exactly 3000 bytes
    expect(validateVariants({ bluesky: { text: family.repeat(301) } })[0]?.message).toBe('Bluesky: 301 of 300 characters — shorten by 1');
  });

  it('counts flags and links as written', () => {
    expect(graphemeCount('🇯🇵🇬🇧')).toBe(2);
    expect(graphemeCount(longUrl)).toBe(longUrl.length);
  });
});

describe('Mastodon (500, links count 23)', () => {
  it('counts links with a scheme as 23 and bare domains in full', () => {
    expect(measureMastodon(`${'a'.repeat(476)} ${longUrl}`)).toBe(500);
    expect(validateVariants({ mastodon: { text: `${'a'.repeat(477)} ${longUrl}` } })[0]?.message).toBe('Mastodon: 501 of 500 characters — shorten by 1');
    expect(measureMastodon('see news.met.police.uk/a')).toBe('see news.met.police.uk/a'.length);
  });

  it('counts a remote mention by its local part and counts graphemes', () => {
    expect(measureMastodon('@metpolice@mastodon.social hello')).toBe('@metpolice hello'.length);
    expect(measureMastodon(family.repeat(500))).toBe(500);
    expect(measureMastodon('a@b.example')).toBe(11); // an email address is not a mention
  });
});

describe('website and email', () => {
  it('requires a website title and a body, and flags unsafe HTML', () => {
    expect(validateVariants({ website: { title: '', html: '<p>Body</p>' } })[0]?.message).toMatch(/^Website: the title is empty/);
    expect(validateVariants({ website: { title: 'T', html: '<p> </p>' } })[0]?.message).toMatch(/^Website: the page body is empty/);
    expect(validateVariants({ website: { title: 'T', html: '<p>ok</p><script>x()</script>' } })).toEqual([
      {
        channel: 'website',
        field: 'html',
        message: 'Website: the HTML contains parts that are never published (script element) — remove them before submitting',
      },
    ]);
  });

  it('refuses a line break in an email subject (header injection) and a subject over 200', () => {
    const email = { subject: 'Statement\r\nBcc: everyone@example.com', text: 'Body', html: '' };
    expect(validateVariants({ email })).toEqual([
      { channel: 'email', field: 'subject', message: 'Email: the subject contains a line break — keep it on one line' },
    ]);
    expect(validateVariants({ email: { ...email, subject: 's'.repeat(205) } })[0]?.message).toBe('Email subject: 205 of 200 characters — shorten by 5');
    expect(validateVariants({ email: { ...email, subject: 'ok', text: '' } })[0]?.message).toMatch(/plain-text body is empty/);
    expect(validateVariants({ email: { subject: 'ok', text: 'ok', html: '<p onclick="x">y</p>' } })[0]?.message).toMatch(/onclick attribute/);
  });

  it('needs a statement title and at least one channel', () => {
    expect(validateStatement({ title: ' ', variants: {} }).map((v) => v.field)).toEqual(['title', 'variants']);
  });
});
