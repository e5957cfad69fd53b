// The output formatters against text real WordPress 6.1 produced for the same input (captured
// from the Debian test site), so the demo's rendered fields read like the real ones.
import { describe, expect, it } from 'vitest';
import { autop, renderContent, renderExcerpt, renderTitle, sanitizeTitle } from './format';
import { parseWpDate } from './params';

const hostileTitle = `It's <script>alert(1)</script> & "quoted" -- ok...`;
const hostileContent = 'Hello\n\nWorld <script>x()</script> & more';

describe('WordPress output formatting', () => {
  it('renders titles, content and excerpts as WordPress 6.1 did', () => {
    expect(renderTitle(hostileTitle)).toBe('It&#8217;s <script>alert(1)</script> &#038; &#8220;quoted&#8221; &#8212; ok&#8230;');
    expect(renderContent(hostileContent)).toBe('<p>Hello</p>\n<p>World <script>x()</script> &#038; more</p>\n');
    expect(renderExcerpt('', hostileContent)).toBe('<p>Hello World &#038; more</p>\n');
    expect(renderContent('Body')).toBe('<p>Body</p>\n');
    expect(renderExcerpt('', '')).toBe('');
  });

  it('makes slugs the way sanitize_title() does', () => {
    expect(sanitizeTitle(hostileTitle)).toBe('its-alert1-quoted-ok');
    expect(sanitizeTitle('Form post')).toBe('form-post');
    expect(sanitizeTitle('Crème brûlée 2.0')).toBe('creme-brulee-2-0');
    expect(sanitizeTitle('<b></b>')).toBe('');
  });

  it('cuts long content to 55 words with a [&hellip;] marker', () => {
    const words = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    expect(renderExcerpt('', words)).toBe(`<p>${words.split(' ').slice(0, 55).join(' ')} [&hellip;]</p>\n`);
    expect(autop('a\nb')).toBe('<p>a<br />\nb</p>\n');
  });

  it('parses RFC 3339 dates, treating a missing zone as the site zone (UTC)', () => {
    expect(parseWpDate('2019-07-19T22:00:00')).toBe(Date.UTC(2019, 6, 19, 22, 0, 0));
    expect(parseWpDate('2019-07-19T22:00:00Z')).toBe(Date.UTC(2019, 6, 19, 22, 0, 0));
    expect(parseWpDate('2019-07-19 23:00:00+01:00')).toBe(Date.UTC(2019, 6, 19, 22, 0, 0));
    expect(parseWpDate('2019-07-19T22:00:00.999Z')).toBe(Date.UTC(2019, 6, 19, 22, 0, 0));
    expect(parseWpDate('yesterday')).toBeNull();
    expect(parseWpDate('2019-07-19')).toBeNull();
  });
});
