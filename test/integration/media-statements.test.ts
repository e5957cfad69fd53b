// Images through the real core and its contract: added (checked by decoding, cleaned, stored),
// attached to a statement with alt text, shown as data: URLs, and bound into the approval.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../electron/core/dispatch';
import { jpegWithGps, pngBomb, pngImage, svgWithScript, toBase64 } from '../helpers/images';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';

let t: TestCore;
let olu: Caller;
let sam: Caller;
beforeEach(async () => {
  t = await makeTestCore({ demo: false });
  olu = await t.signedIn('operator');
  sam = await t.signedIn('supervisor');
});
afterEach(async () => t.close());

interface Added {
  sha256: string;
  removed: string[];
}
const add = async (bytes: Uint8Array, mime: string, fileName = 'photo') => t.core.dispatch('media.add', { fileName, mime, dataBase64: toBase64(bytes) }, olu);

describe('media.add', () => {
  it('cleans a phone photo and says the GPS location and camera were removed', async () => {
    const added = dataOf<Added & { mime: string; width: number; height: number }>(await add(await jpegWithGps(), 'image/jpeg', 'scene.jpg'));
    expect(added).toMatchObject({ mime: 'image/jpeg', width: 80, height: 60 });
    expect(added.removed).toEqual(expect.arrayContaining(['GPS location', 'camera make/model']));
    const { dataUrl } = dataOf<{ dataUrl: string }>(await t.core.dispatch('media.image', { sha256: added.sha256, size: 'thumb' }, olu));
    const meta = await sharp(Buffer.from(dataUrl.replace(/^data:image\/webp;base64,/, ''), 'base64')).metadata();
    expect([meta.format, meta.width, meta.exif]).toEqual(['webp', 80, undefined]);
  });

  it('refuses an SVG with a script, a decompression bomb and a PNG renamed .jpg, each saying why', async () => {
    const svg = await add(svgWithScript, 'image/svg+xml', 'logo.svg');
    expect(svg).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^logo\.svg was not added\. SVG is not accepted/) } });
    const bomb = await add(await pngBomb(), 'image/png', 'huge.png');
    expect(bomb).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('decompression bomb') } });
    const renamed = await add(await pngImage(), 'image/jpeg', 'photo.jpg');
    expect(renamed).toMatchObject({ ok: false, error: { message: expect.stringContaining('really a PNG image') } });
    // Nothing refused was stored: there is no image to show for any of them.
    expect(await t.core.dispatch('media.image', { sha256: 'f'.repeat(64), size: 'thumb' }, olu)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses input that is not base64, and nobody signed out may add images', async () => {
    expect(await t.core.dispatch('media.add', { fileName: 'x.png', mime: 'image/png', dataBase64: 'not base64!' }, olu)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const anonymous: Caller = { transport: 'test', session: { id: null } };
    expect(await t.core.dispatch('media.add', { fileName: 'x.png', mime: 'image/png', dataBase64: toBase64(await pngImage()) }, anonymous)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('statements with images, through the contract', () => {
  const base = { id: 'appeal', title: 'Appeal', canonicalText: 'Have you seen this man?', variants: { x: { text: 'Have you seen this man? Call 101.' } } };

  it('keeps an image without alt text as a draft, refuses to submit it, and voids the approval when the image changes', async () => {
    const red = dataOf<Added>(await add(await pngImage(64, 48, '#c33'), 'image/png'));
    const saved = await t.core.dispatch('statements.save', { ...base, images: [{ sha256: red.sha256, alt: '' }], autosave: true }, olu);
    expect(saved).toMatchObject({ ok: true, data: { saved: true, statement: { images: [{ sha256: red.sha256, alt: '', width: 64, height: 48 }] } } });
    expect(await t.core.dispatch('statements.submit', { id: 'appeal' }, olu)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/add alt text to image 1/i) } });

    dataOf(await t.core.dispatch('statements.save', { ...base, images: [{ sha256: red.sha256, alt: 'CCTV still: a man in a red coat' }] }, olu));
    const submitted = dataOf<{ contentHash: string }>(await t.core.dispatch('statements.submit', { id: 'appeal' }, olu));
    expect(await t.core.dispatch('statements.approve', { id: 'appeal', contentHash: submitted.contentHash }, sam)).toMatchObject({ ok: true, data: { readyToPublish: true } });

    const green = dataOf<Added>(await add(await pngImage(64, 48, '#3c3'), 'image/png'));
    const replaced = await t.core.dispatch('statements.save', { ...base, images: [{ sha256: green.sha256, alt: 'CCTV still: a man in a red coat' }] }, olu);
    expect(replaced).toMatchObject({ ok: true, data: { statement: { status: 'draft', readyToPublish: false, approval: { state: 'voided' } } } });
    const history = dataOf<{ versions: { images: { sha256: string }[] }[] }>(await t.core.dispatch('statements.get', { id: 'appeal' }, olu));
    expect(history.versions.map((v) => v.images.map((i) => i.sha256))).toEqual([[red.sha256], [red.sha256], [green.sha256]]);
  });

  it('refuses a fifth image by its path in the input, keeping the draft as it was', async () => {
    const images = await Promise.all([1, 2, 3, 4, 5].map(async (n) => ({ sha256: dataOf<Added>(await add(await pngImage(10 + n, 10), 'image/png')).sha256, alt: `image ${n}` })));
    const refused = await t.core.dispatch('statements.save', { ...base, images }, olu);
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', issues: [{ path: 'images', message: expect.stringContaining('at most 4') }] } });
    expect(await t.core.dispatch('statements.get', { id: 'appeal' }, olu)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
