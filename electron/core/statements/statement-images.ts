// A statement's images as the statements service checks them: on save only that each was added
// (cleaned and stored) and that there are at most four, so autosave keeps whatever the person has
// (alt text may still be empty); on submit and approve every image needs alt text and must fit
// every channel the statement goes to.
import { altTextProblems, imageLimitProblems, maxAltTextLength, maxImagesPerStatement, type ImageChannel } from '../../shared/image-limits';
import { AppError } from '../../shared/result';
import type { MediaInfo } from '../../store/records';
import type { StatementImage, StatementImageView, StatementVariants, Violation } from './types';

/** What the statements service needs of the media store. */
export interface StatementMediaStore {
  mediaInfo(sha256: string): Promise<MediaInfo | null>;
  setVersionImages(statementId: string, version: number, images: readonly StatementImage[]): Promise<void>;
  versionImages(statementId: string, version: number): Promise<StatementImage[]>;
}

/** Checks what a save may hold, in order; a refusal names the image and what to do. */
export async function checkImagesForSave(media: StatementMediaStore, images: readonly StatementImage[]): Promise<StatementImage[]> {
  if (images.length > maxImagesPerStatement) {
    throw new AppError('BAD_INPUT', `A statement takes at most ${maxImagesPerStatement} images; remove ${images.length - maxImagesPerStatement}. Your text is still on screen.`, [
      { path: 'images', message: `at most ${maxImagesPerStatement} images` },
    ]);
  }
  const seen = new Set<string>();
  const stored = await Promise.all(images.map((image) => media.mediaInfo(image.sha256)));
  return images.map((image, i) => {
    if (!stored[i]) {
      throw new AppError('BAD_INPUT', `Image ${i + 1} is not stored in this app: add the file again. Your text is still on screen.`, [
        { path: `images.${i}.sha256`, message: 'add the image again' },
      ]);
    }
    if (seen.has(image.sha256)) {
      throw new AppError('BAD_INPUT', `Image ${i + 1} is the same image as an earlier one: remove one of them.`, [{ path: `images.${i}.sha256`, message: 'duplicate image' }]);
    }
    seen.add(image.sha256);
    if (image.alt.length > maxAltTextLength) {
      throw new AppError('BAD_INPUT', `The alt text of image ${i + 1} is over ${maxAltTextLength} characters: shorten it.`, [
        { path: `images.${i}.alt`, message: `at most ${maxAltTextLength} characters` },
      ]);
    }
    return { sha256: image.sha256, alt: image.alt };
  });
}

/** The channels a statement goes to, by their image-limit names. */
function channelsOf(variants: StatementVariants): ImageChannel[] {
  return (['x', 'bluesky', 'mastodon', 'website', 'email'] as const).filter((c) => variants[c] !== undefined);
}

/** Everything that stops these images being submitted or sent with these variants. */
export async function imageViolations(media: StatementMediaStore, images: readonly StatementImage[], variants: StatementVariants): Promise<Violation[]> {
  if (images.length === 0) return [];
  const violations: Violation[] = altTextProblems(images).map((message) => ({ channel: 'statement', field: 'images', message }));
  const facts = await Promise.all(images.map((image) => media.mediaInfo(image.sha256)));
  if (facts.some((f) => f === null)) {
    violations.push({ channel: 'statement', field: 'images', message: 'An image of this statement is missing from the store: remove it and add it again.' });
    return violations;
  }
  const known = facts.filter((f): f is MediaInfo => f !== null).map((f) => ({ bytes: f.size, width: f.width, height: f.height }));
  for (const channel of channelsOf(variants)) {
    for (const message of imageLimitProblems(channel, known)) violations.push({ channel, field: 'images', message });
  }
  return violations;
}

export async function imageViews(media: StatementMediaStore, images: readonly StatementImage[]): Promise<StatementImageView[]> {
  const infos = await Promise.all(images.map((image) => media.mediaInfo(image.sha256)));
  return images.map((image, i) => {
    const info = infos[i];
    return { sha256: image.sha256, alt: image.alt, mime: info?.mime ?? 'image/png', width: info?.width ?? 0, height: info?.height ?? 0, bytes: info?.size ?? 0 };
  });
}

export function sameImages(a: readonly StatementImage[], b: readonly StatementImage[]): boolean {
  return a.length === b.length && a.every((image, i) => image.sha256 === b[i]?.sha256 && image.alt === b[i]?.alt);
}
