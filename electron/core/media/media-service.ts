// Images a person adds to a statement, and the pictures the screen is shown. Adding decodes,
// cleans (metadata stripped) and stores the clean bytes by SHA-256: the statement refers to them
// by hash, never by a path. The screen gets data: URLs re-encoded here from pixels that passed
// inspection, so the page never loads anything remote and never sees bytes as a channel served them.
import type { Clock } from '../../lib/clock';
import { maxImageUploadBytes, type ImageMimeType } from '../../shared/image-limits';
import { AppError } from '../../shared/result';
import type { MediaRepository } from '../../store/repositories';
import { cleanImage, previewDataUrl, type PreviewSize } from './clean';
import { inspectImage } from './inspect';

export interface AddedImage {
  readonly sha256: string;
  readonly mime: ImageMimeType;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** What cleaning removed ("GPS location", "camera make/model"); empty when there was nothing. */
  readonly removed: readonly string[];
}

export interface MediaService {
  /** Inspects, cleans and stores an image; refuses (BAD_INPUT, naming the file) anything else. */
  addImage(input: { readonly fileName: string; readonly mime: string; readonly bytes: Uint8Array }, addedBy: string): Promise<AddedImage>;
  /** A statement's image or an image read back that passed inspection, as a data: URL. */
  imageDataUrl(sha256: string, size: PreviewSize): Promise<string>;
}

export function createMediaService({ repository, clock }: { readonly repository: MediaRepository; readonly clock: Clock }): MediaService {
  return {
    addImage: async ({ fileName, mime, bytes }, addedBy) => {
      const cleaned = await cleanImage(bytes, mime, maxImageUploadBytes);
      if (!cleaned.ok) {
        throw new AppError('BAD_INPUT', `${fileName || 'The file'} was not added. ${cleaned.reason}`, [{ path: 'dataBase64', message: cleaned.reason }]);
      }
      await repository.putMedia({
        sha256: cleaned.sha256,
        mime: cleaned.mime,
        width: cleaned.width,
        height: cleaned.height,
        bytes: cleaned.bytes,
        addedBy,
        addedAt: clock.now().toISOString(),
      });
      return { sha256: cleaned.sha256, mime: cleaned.mime, width: cleaned.width, height: cleaned.height, bytes: cleaned.bytes.length, removed: cleaned.removed };
    },

    imageDataUrl: async (sha256, size) => {
      const found = await repository.shownImage(sha256);
      if (!found) throw new AppError('NOT_FOUND', 'That image is not stored (or was withheld): nothing to show.');
      // Checked again before every decode: stored bytes of a read-back image are a channel's bytes.
      const inspected = await inspectImage(found.bytes, found.mime);
      if (!inspected.ok) throw new AppError('CONFLICT', `That image is withheld: ${inspected.reason}`);
      return previewDataUrl(found.bytes, size);
    },
  };
}
