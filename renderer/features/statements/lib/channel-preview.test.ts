import { describe, expect, it } from 'vitest';
import { blueskyPreview, displayUrl, mastodonPreview, xPreview } from './channel-preview';

const link = 'https://news.met.police.uk/news/statement-on-unauthorised-access-to-our-accounts';

describe('channel previews', () => {
  it('X shows links shortened and marks, never cuts, what is past 280 weighted characters', () => {
    const text = `${'警'.repeat(120)} ${link} ${'a'.repeat(40)}`;
    const p = xPreview(text);
    expect(p.find((x) => x.link)).toEqual({ text: 'news.met.police.uk/news…', link: true, over: false });
    // 240 (CJK weigh 2) + 1 + 23 (the link) + 1 = 265: 15 more fit, the last 25 are over.
    expect(p.filter((x) => x.over).map((x) => x.text).join('')).toBe('a'.repeat(25));
    // A link that would cross the limit is over as a whole (X counts it whole).
    expect(xPreview(`${'警'.repeat(130)} ${link}`).at(-1)).toEqual({ text: 'news.met.police.uk/news…', link: true, over: true });
    expect(p.map((x) => (x.link ? link : x.text)).join('')).toBe(text);
  });

  it('X marks the exact overflow of a long plain post', () => {
    const p = xPreview('a'.repeat(285));
    expect(p).toEqual([
      { text: 'a'.repeat(280), link: false, over: false },
      { text: 'aaaaa', link: false, over: true },
    ]);
    expect(xPreview('short')).toEqual([{ text: 'short', link: false, over: false }]);
  });

  it('Bluesky marks after the 300th grapheme, keeping a ZWJ family whole', () => {
    const family = '👨‍👩‍👧‍👦';
    const p = blueskyPreview(`${'b'.repeat(299)}${family}${family}`);
    expect(p).toEqual([
      { text: `${'b'.repeat(299)}${family}`, link: false, over: false },
      { text: family, link: false, over: true },
    ]);
  });

  it('Mastodon shows links without their scheme, shortened, and bare domains as typed', () => {
    expect(mastodonPreview(`see ${link} or news.met.police.uk`)).toEqual([
      { text: 'see ', link: false, over: false },
      { text: 'news.met.police.uk/news/statem…', link: true, over: false },
      { text: ' or news.met.police.uk', link: false, over: false },
    ]);
    expect(displayUrl('https://www.example.org/a', 30)).toBe('example.org/a');
  });
});
