import { beforeEach, describe, expect, it } from 'vitest';
import { fileProblem } from '../api/add-image';
import { composerActions, composerSnapshot, imagesOf, isBlank, type ComposerImage } from './composer-store';

beforeEach(() => composerActions().composerReset());

const image = (n: number): ComposerImage => ({ sha256: String(n).repeat(64).slice(0, 64), alt: '', mime: 'image/png', width: 10, height: 10, bytes: 100, removed: [] });

describe('the composer keeps images in order with their alt text, each change autosaved', () => {
  it('adds, describes, reorders and removes images, marking the draft unsaved each time', () => {
    const a = composerActions();
    a.imageAdded(image(1));
    a.imageAdded(image(2));
    a.imageAdded(image(1)); // the same image twice is one image
    expect(isBlank(composerSnapshot())).toBe(false);
    const before = composerSnapshot().revision;
    a.imageAltEdited(1, 'A map of the area');
    a.imageMoved(1, -1);
    expect(imagesOf(composerSnapshot())).toEqual([{ sha256: image(2).sha256, alt: 'A map of the area' }, { sha256: image(1).sha256, alt: '' }]);
    a.imageMoved(0, -1); // already first: nothing moves
    a.imageRemoved(1);
    expect(imagesOf(composerSnapshot())).toEqual([{ sha256: image(2).sha256, alt: 'A map of the area' }]);
    expect(composerSnapshot()).toMatchObject({ dirty: true });
    expect(composerSnapshot().revision).toBe(before + 3);
  });
});

describe('fileProblem: refused before anything is sent', () => {
  it('refuses an SVG, a fifth image and an oversized file, naming the file and what to do', () => {
    expect(fileProblem(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }), 0)).toMatch(/^logo\.svg is an SVG: SVG is not accepted .* Export it as PNG\.$/);
    expect(fileProblem(new File(['x'], 'five.png', { type: 'image/png' }), 4)).toMatch(/at most 4 images: remove one before adding five\.png/);
    expect(fileProblem(new File([new Uint8Array(17 * 1024 * 1024)], 'huge.png', { type: 'image/png' }), 0)).toMatch(/huge\.png is 17 MB; images may be at most 16 MB/);
    expect(fileProblem(new File(['GIF89a'], 'anim.gif', { type: 'image/gif' }), 0)).toMatch(/only PNG, JPEG and WebP/);
    expect(fileProblem(new File(['x'], 'photo.jpg', { type: 'image/jpeg' }), 3)).toBeNull();
  });
});
