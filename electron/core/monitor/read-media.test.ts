import { describe, expect, it } from 'vitest';
import type { ObservedMediaWithBytes } from '../../store/records';
import { imageMismatch } from './read-media';

const seen = (ref: string, sha256: string | null, state: ObservedMediaWithBytes['state'] = 'shown'): ObservedMediaWithBytes => ({
  position: 0, ref, mime: 'image/png', alt: null, sha256, bytes: null, state, reason: null, width: null, height: null,
});

describe('imageMismatch: does an item the ledger vouches for carry the images it was published with?', () => {
  const expected = { sha256s: ['a'.repeat(64)], refs: ['media-7'] };

  it('accepts the same bytes, or the id the channel gave our upload (it may re-encode)', () => {
    expect(imageMismatch(expected, [seen('media-9', 'a'.repeat(64))])).toBeNull();
    expect(imageMismatch(expected, [seen('media-7', 'b'.repeat(64))])).toBeNull();
  });

  it('names a swapped image, and a missing or extra one', () => {
    expect(imageMismatch(expected, [seen('media-8', 'b'.repeat(64))])).toBe('image 1 is not an image of the approved statement (swapped)');
    expect(imageMismatch(expected, [])).toBe('carries 0 image(s); the approved statement had 1');
    expect(imageMismatch({ sha256s: [], refs: [] }, [seen('media-8', 'b'.repeat(64))])).toBe('carries 1 image(s); the approved statement had 0');
  });

  it('judges only the count while our send still waits for the channel to answer with its ids', () => {
    expect(imageMismatch({ ...expected, refs: [], answerPending: true }, [seen('media-8', 'b'.repeat(64))])).toBeNull();
    expect(imageMismatch({ ...expected, refs: [], answerPending: true }, [])).toMatch(/carries 0 image/);
  });

  it('does not judge an image the channel could not fetch', () => {
    expect(imageMismatch(expected, [seen('media-8', null, 'pending')])).toBeNull();
  });
});
