import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jpegWithGps, pngImage } from '../../../test/helpers/images';
import { createManualClock } from '../../lib/clock';
import { createSqliteAccountsRepository } from '../../store/accounts-repository';
import { openDatabase } from '../../store/database';
import { createSqliteMediaRepository } from '../../store/media-repository';
import { createSqliteStatementsRepository } from '../../store/statements-repository';
import { createMediaService, type MediaService } from '../media';
import { createStatementsService, type SaveDraftInput, type StatementsService } from './statements-service';

let dir: string;
let db: DatabaseSync;
let statements: StatementsService;
let media: MediaService;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cr-statement-images-'));
  db = openDatabase(join(dir, 'control-room.db')).db;
  const clock = createManualClock('2019-07-19T22:30:00Z');
  const people = createSqliteAccountsRepository(db);
  for (const [id, role] of [['olu', 'operator'], ['sam', 'supervisor']] as const) {
    await people.insert({ id, username: id, displayName: id, role, passphraseHash: 'scrypt$unused', disabled: false, mustChangePassphrase: false, createdAt: '2019-07-19T22:00:00Z', updatedAt: '2019-07-19T22:00:00Z' });
  }
  const repository = createSqliteMediaRepository(db);
  media = createMediaService({ repository, clock });
  statements = createStatementsService({ repository: createSqliteStatementsRepository(db), media: repository, accounts: { findAccount: (id) => people.findById(id) }, clock });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const draft: SaveDraftInput = { id: 'appeal', title: 'Appeal', canonicalText: 'Have you seen this man?', variants: { x: { text: 'Have you seen this man?' } } };

async function added(bytes: Uint8Array, mime = 'image/png'): Promise<string> {
  return (await media.addImage({ fileName: 'photo', mime, bytes }, 'olu')).sha256;
}

describe('statements with images', () => {
  it('autosaves an image without alt text, refuses to submit until it has some, then binds the approval to it', async () => {
    const sha256 = await added(await pngImage());
    const saved = await statements.saveDraft({ ...draft, images: [{ sha256, alt: '' }], autosave: true }, 'olu');
    expect(saved.statement.images).toEqual([{ sha256, alt: '', mime: 'image/png', width: 64, height: 48, bytes: expect.any(Number) }]);
    await expect(statements.submit('appeal', 'olu')).rejects.toThrow(/add alt text to image 1/i);
    await statements.saveDraft({ ...draft, images: [{ sha256, alt: 'CCTV still of a man in a red coat' }] }, 'olu');
    const pending = await statements.submit('appeal', 'olu');
    const approved = await statements.approve('appeal', 'sam', pending.contentHash);
    expect(approved.readyToPublish).toBe(true);
    expect((await statements.assertPublishable('appeal')).images).toEqual([{ sha256, alt: 'CCTV still of a man in a red coat' }]);
  });

  it('voids the approval when the image is replaced', async () => {
    const first = await added(await pngImage(64, 48, '#c33'));
    const second = await added(await pngImage(64, 48, '#3c3'));
    await statements.saveDraft({ ...draft, images: [{ sha256: first, alt: 'A man in a red coat' }] }, 'olu');
    await statements.approve('appeal', 'sam', (await statements.submit('appeal', 'olu')).contentHash);
    const edited = await statements.saveDraft({ ...draft, images: [{ sha256: second, alt: 'A man in a red coat' }] }, 'olu');
    expect(edited.statement).toMatchObject({ status: 'draft', readyToPublish: false, approval: { state: 'voided' } });
    await expect(statements.assertPublishable('appeal')).rejects.toThrow(/not approved/);
    // Every version keeps its own images.
    expect((await statements.listVersions('appeal')).map((v) => v.images.map((i) => i.sha256))).toEqual([[first], [second]]);
  });

  it('refuses an image a channel cannot take, at submit, naming the channel and what to do', async () => {
    const noise = await sharp({ create: { width: 900, height: 900, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const big = await added(new Uint8Array(noise));
    await statements.saveDraft({ ...draft, variants: { ...draft.variants, bluesky: { text: 'Have you seen this man?' } }, images: [{ sha256: big, alt: 'Noise' }] }, 'olu');
    await expect(statements.submit('appeal', 'olu')).rejects.toThrow(/Image 1 is .* MB; Bluesky takes at most 1,000,000 bytes: use a smaller image/);
  });

  it('refuses to save an image that was never added, or a fifth one, keeping nothing half-saved', async () => {
    await expect(statements.saveDraft({ ...draft, images: [{ sha256: 'f'.repeat(64), alt: 'x' }] }, 'olu')).rejects.toThrow(/Image 1 is not stored in this app: add the file again/);
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async (n) => added(await pngImage(10 + n, 10))));
    await expect(statements.saveDraft({ ...draft, images: ids.map((sha256) => ({ sha256, alt: 'x' })) }, 'olu')).rejects.toThrow(/at most 4 images; remove 1/);
  });

  it('stores the cleaned image, reporting the GPS location it removed', async () => {
    const result = await media.addImage({ fileName: 'scene.jpg', mime: 'image/jpeg', bytes: await jpegWithGps() }, 'olu');
    expect(result.removed).toContain('GPS location');
    expect(await media.imageDataUrl(result.sha256, 'thumb')).toMatch(/^data:image\/webp;base64,/);
    await expect(media.addImage({ fileName: 'logo.jpg', mime: 'image/jpeg', bytes: await pngImage() }, 'olu')).rejects.toThrow(/^logo.jpg was not added\. The file says it is image\/jpeg but it is really a PNG image/);
  });
});
