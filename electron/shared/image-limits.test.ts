import { describe, expect, it } from 'vitest';
import { altTextProblems, imageLimitProblems } from './image-limits';

describe('imageLimitProblems', () => {
  it('refuses a 1.2 MB image on Bluesky but not on X', () => {
    const image = { bytes: 1_200_000, width: 800, height: 600 };
    expect(imageLimitProblems('bluesky', [image])).toEqual(['Image 1 is 1.1 MB; Bluesky takes at most 1,000,000 bytes: use a smaller image.']);
    expect(imageLimitProblems('x', [image])).toEqual([]);
  });

  it('refuses a fifth image, Mastodon past 8.3 megapixels, and email past 10 MB in all', () => {
    const small = { bytes: 1000, width: 10, height: 10 };
    expect(imageLimitProblems('x', [small, small, small, small, small])[0]).toMatch(/at most 4 images; remove 1/);
    expect(imageLimitProblems('mastodon', [{ bytes: 1000, width: 4000, height: 3000 }])[0]).toMatch(/Image 1 is 4000x3000 pixels; Mastodon takes at most 8.3 megapixels/);
    const big = { bytes: 4 * 1024 * 1024, width: 10, height: 10 };
    expect(imageLimitProblems('email', [big, big, big])).toEqual([expect.stringMatching(/12 MB; the email bulletin takes at most 10 MB in all/)]);
  });
});

describe('altTextProblems', () => {
  it('names each image without alt text by its position', () => {
    expect(altTextProblems([{ alt: 'A signed letter' }, { alt: '  ' }])).toEqual(['Add alt text to image 2: describe it for people who cannot see it.']);
  });
});
