import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegImage, jpegWithGps, pngBomb, pngImage, svgWithScript, truncatedJpeg, webpImage } from '../../../test/helpers/images';
import { cleanImage, inspectImage, previewDataUrl, sha256Hex } from './index';

describe('inspectImage', () => {
  it('accepts PNG, JPEG and WebP by their bytes, with their real dimensions', async () => {
    expect(await inspectImage(await pngImage(64, 48), 'image/png')).toEqual({ ok: true, mime: 'image/png', width: 64, height: 48 });
    expect(await inspectImage(await jpegImage(30, 20), 'image/jpg')).toEqual({ ok: true, mime: 'image/jpeg', width: 30, height: 20 });
    expect(await inspectImage(await webpImage(12, 9), null)).toEqual({ ok: true, mime: 'image/webp', width: 12, height: 9 });
  });

  it('refuses an SVG with a script before any decoder sees it, saying why', async () => {
    const result = await inspectImage(svgWithScript, 'image/svg+xml');
    expect(result).toMatchObject({ ok: false, code: 'SVG' });
    expect(result.ok ? '' : result.reason).toMatch(/SVG is not accepted.*scripts.*Export it as PNG/);
    // Even when it claims to be a PNG.
    expect(await inspectImage(svgWithScript, 'image/png')).toMatchObject({ ok: false, code: 'SVG' });
  });

  it('refuses a PNG header claiming 50000x50000 as a decompression bomb', async () => {
    const result = await inspectImage(await pngBomb(), 'image/png');
    expect(result).toMatchObject({ ok: false, code: 'BOMB' });
    expect(result.ok ? '' : result.reason).toMatch(/decompression bomb/);
  });

  it('refuses a PNG renamed .jpg, naming what it really is', async () => {
    const result = await inspectImage(await pngImage(), 'image/jpeg');
    expect(result).toMatchObject({ ok: false, code: 'TYPE_MISMATCH' });
    expect(result.ok ? '' : result.reason).toContain('really a PNG image');
  });

  it('refuses truncated, empty and non-image files, and files over the size given', async () => {
    expect(await inspectImage(await truncatedJpeg(), 'image/jpeg')).toMatchObject({ ok: false, code: 'CORRUPT' });
    expect(await inspectImage(new Uint8Array(), 'image/png')).toMatchObject({ ok: false, code: 'CORRUPT' });
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    const refused = await inspectImage(gif, 'image/gif');
    expect(refused).toMatchObject({ ok: false, code: 'NOT_AN_IMAGE' });
    expect(refused.ok ? '' : refused.reason).toContain('GIF');
    expect(await inspectImage(await pngImage(), 'image/png', 10)).toMatchObject({ ok: false, code: 'TOO_LARGE' });
  });
});

describe('cleanImage', () => {
  it('removes GPS and camera EXIF from a JPEG and says what it removed', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const cleaned = await cleanImage(original, 'image/jpeg');
    if (!cleaned.ok) throw new Error(cleaned.reason);
    expect(cleaned.removed).toEqual(expect.arrayContaining(['GPS location', 'camera make/model', 'date and time taken']));
    const meta = await sharp(cleaned.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(Buffer.from(cleaned.bytes).includes('Canon')).toBe(false);
    expect({ mime: cleaned.mime, width: cleaned.width, height: cleaned.height }).toEqual({ mime: 'image/jpeg', width: 80, height: 60 });
    expect(cleaned.sha256).toBe(sha256Hex(cleaned.bytes));
  });

  it('reports nothing removed from an image without metadata, and is deterministic', async () => {
    const png = await pngImage();
    const a = await cleanImage(png, 'image/png');
    const b = await cleanImage(png, 'image/png');
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.removed).toEqual([]);
    expect(a.sha256).toBe(b.sha256);
  });

  it('passes refusals through', async () => {
    expect(await cleanImage(svgWithScript, null)).toMatchObject({ ok: false, code: 'SVG' });
  });
});

describe('previewDataUrl', () => {
  it('makes a downscaled WebP data URL for thumbnails', async () => {
    const url = await previewDataUrl(await pngImage(1000, 500), 'thumb');
    expect(url.startsWith('data:image/webp;base64,')).toBe(true);
    const meta = await sharp(Buffer.from(url.split(',')[1] ?? '', 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
  });
});
