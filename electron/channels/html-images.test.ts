// Listing the <img> tags of channel HTML: attribute values decoded, any quoting, document order.
import { describe, expect, it } from 'vitest';
import { escapeHtmlAttribute, imageTags, mimeFromUrl } from './html-images';

describe('imageTags', () => {
  it('reads src, alt and class in order, whatever the quoting', () => {
    const html = `<p>x</p><IMG class="a wp-image-12" SRC="https://site.example/u/a.png?x=1&amp;y=2" alt="Fish &amp; chips"><img src='cid:one@x' alt=''/><img src=bare.jpg>`;
    expect(imageTags(html)).toEqual([
      { src: 'https://site.example/u/a.png?x=1&y=2', alt: 'Fish & chips', className: 'a wp-image-12' },
      { src: 'cid:one@x', alt: '', className: '' },
      { src: 'bare.jpg', alt: null, className: '' },
    ]);
  });

  it('round-trips an escaped alt text and names types by extension', () => {
    const alt = 'A "quoted" <b>caption</b> & more';
    expect(imageTags(`<img alt="${escapeHtmlAttribute(alt)}">`)[0]?.alt).toBe(alt);
    expect([mimeFromUrl('https://x.example/a.JPG'), mimeFromUrl('https://x.example/a.webp?s=1'), mimeFromUrl('https://x.example/a')]).toEqual(['image/jpeg', 'image/webp', null]);
  });
});
