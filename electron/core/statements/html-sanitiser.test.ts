import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from './html-sanitiser';

describe('sanitiseHtml', () => {
  it('keeps paragraphs, https links, strong, em and lists exactly', () => {
    const html =
      '<p>Statement from <strong>the Met</strong>, <em>19 July</em>: see ' +
      '<a href="https://news.met.police.uk/news?id=1&amp;lang=en" title="Met news">our news page</a>.</p>' +
      '<ul><li>Ignore posts since 22:00</li><li>Do not click links</li></ul>';
    expect(sanitiseHtml(html)).toEqual({ html, removed: [] });
  });

  it('strips script elements with their content', () => {
    expect(sanitiseHtml('<p>Hello</p><script>alert("pwned")</script><p>World</p>')).toEqual({
      html: '<p>Hello</p><p>World</p>',
      removed: ['script element'],
    });
    expect(sanitiseHtml('<SCRIPT type="text/javascript">if (a<b) x()</SCRIPT >ok').html).toBe('ok');
  });

  it('strips event handlers, including after a slash separator, and the elements that carry them', () => {
    expect(sanitiseHtml('<p onclick="steal()" class="x">Hi</p>')).toEqual({ html: '<p>Hi</p>', removed: ['onclick attribute', 'class attribute'] });
    expect(sanitiseHtml('<p/onmouseover=alert(1)>Hi</p>').html).toBe('<p>Hi</p>');
    expect(sanitiseHtml('<img src=x onerror=alert(1)>')).toEqual({ html: '', removed: ['img element'] });
    expect(sanitiseHtml('<strong onerror="alert(1)">x</strong>')).toEqual({ html: '<strong>x</strong>', removed: ['onerror attribute'] });
  });

  it('refuses javascript: links however they are encoded', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      '&#x6A&#x61&#x76&#x61script:alert(1)',
      'java\nscript:alert(1)',
      'javascript&colon;alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://example.com/',
      '/relative/path',
    ]) {
      const result = sanitiseHtml(`<a href="${href}">click</a>`);
      expect(result.html, href).toBe('<a>click</a>');
      expect(result.removed, href).toHaveLength(1);
    }
    expect(sanitiseHtml('<a href="javascript:alert(1)">x</a>').removed).toEqual(['javascript: link (only https and mailto links are allowed)']);
    expect(sanitiseHtml('<a href="mailto:press@met.police.uk">mail us</a>').removed).toEqual([]);
  });

  it('drops style, iframe, object, svg and comments', () => {
    const result = sanitiseHtml(
      '<style>p{}</style><p style="color:red">a</p><iframe src="https://evil.example"></iframe>' +
        '<object data="x.swf"><p>fallback</p></object><svg><a href="https://x.io">s</a></svg><!-- note -->b',
    );
    expect(result.html).toBe('<p>a</p>b');
    expect(result.removed).toEqual(['style element', 'style attribute', 'iframe element', 'object element', 'svg element', 'comment']);
  });

  it('keeps the text of unknown containers, escapes stray markup and closes what is open', () => {
    expect(sanitiseHtml('<div><span>Keep me</span></div>')).toEqual({ html: 'Keep me', removed: ['div element', 'span element'] });
    expect(sanitiseHtml('1 < 2 & 3 > 2').html).toBe('1 &lt; 2 &amp; 3 &gt; 2');
    expect(sanitiseHtml('<p><strong>open').html).toBe('<p><strong>open</strong></p>');
    expect(sanitiseHtml('<p title=\'say "hi"\'>x</p>').html).toBe('<p>x</p>');
    expect(sanitiseHtml('<a title=\'say "hi"\'>x</a>').html).toBe('<a title="say &quot;hi&quot;">x</a>');
  });

  it('is idempotent and never emits anything outside the allow-list (property)', () => {
    const fragments = ['<', '>', '/', '</', 'p', 'a', 'li', 'strong', 'script', 'style', 'svg', 'img', ' ', '=', '"', "'", '&', '#', ';', 'x',
      '<!--', '-->', 'href=', 'onclick=', 'javascript:', 'https://e.com/?a=1&b=2', '&#106;', '&amp;', 'title=', '\n', '\0'];
    const htmlish = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(htmlish, fc.string()), (input) => {
        const once = sanitiseHtml(input);
        const twice = sanitiseHtml(once.html);
        expect(twice).toEqual({ html: once.html, removed: [] });
        for (const tag of once.html.match(/<[^>]*>/g) ?? []) {
          expect(tag).toMatch(/^<\/?(p|br|hr|strong|b|em|i|u|ul|ol|li|blockquote|h2|h3|h4|a)( (href|title)="[^"<>]*")*>$/);
          for (const href of tag.match(/ href="[^"]*"/g) ?? []) expect(href).toMatch(/^ href="(https|mailto):/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
