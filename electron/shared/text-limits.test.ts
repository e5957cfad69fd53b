import { describe, expect, it } from 'vitest';
import { countVariants, defaultChannelLimits, graphemeEnd, measureX, utf8Length, validateStatement, validateVariants, type HtmlInspector } from './text-limits';

const family = '👨‍👩‍👧‍👦';

describe('the counting both the core and the composer run', () => {
  it('X: where the part within 280 weighted characters ends, in the NFC text X keeps', () => {
    expect(measureX('a'.repeat(280))).toMatchObject({ length: 280, fitsUpTo: 280 });
    const over = measureX(`${'警'.repeat(139)}${family}a`);
    expect(over.length).toBe(281);
    // 139 CJK (278) + the family (2) fit; the "a" does not.
    expect(over.normalized.slice(over.fitsUpTo)).toBe('a');
    const nfd = measureX('Cafe\u0301');
    expect(nfd).toMatchObject({ length: 4, normalized: 'Café', fitsUpTo: 4 });
  });

  it('Bluesky: the 300th grapheme ends after a whole ZWJ sequence; bytes without Buffer', () => {
    expect(graphemeEnd(`${'b'.repeat(299)}${family}x`, 300)).toBe(299 + family.length);
    expect(graphemeEnd('short', 300)).toBe(5);
    expect(utf8Length(family)).toBe(25);
  });

  it('counts each limited field as its channel does', () => {
    const counts = countVariants({
      x: { text: `警 https://example.org/${'p'.repeat(60)}` },
      bluesky: { text: family },
      mastodon: { text: '@metpolice@mastodon.social' },
      website: { title: '👍🏽', html: '' },
      email: { subject: 'e\u0301', text: '', html: '' },
    });
    expect(counts.map((c) => `${c.channel}.${c.field}=${c.count}/${c.limit}`)).toEqual([
      'x.text=26/280',
      'bluesky.text=1/300',
      'mastodon.text=10/500',
      'website.title=2/200',
      'email.subject=2/200',
    ]);
  });

  it('without the core’s sanitiser the HTML rules are left to the core; with it they apply', () => {
    const variants = { website: { title: 'T', html: '<script>x()</script>' }, email: { subject: 'S', text: 'Body', html: '<p onclick="x">y</p>' } };
    expect(validateVariants(variants, defaultChannelLimits, null)).toEqual([]);
    const inspector: HtmlInspector = { textOf: () => '', removedParts: () => ['script element'] };
    expect(validateVariants(variants, defaultChannelLimits, inspector).map((v) => `${v.channel}.${v.field}`)).toEqual(['website.html', 'website.html', 'email.html']);
    expect(validateStatement({ title: '', variants: {} }, defaultChannelLimits, null).map((v) => v.field)).toEqual(['title', 'variants']);
  });
});
