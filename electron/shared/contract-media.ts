// Images as they cross the contract: a person adds one (bytes as base64, cleaned and stored by the
// core, which says what metadata it removed), and the screen asks for a picture of a stored image
// as a data: URL the core re-encoded, so the page never loads anything remote.
import { z } from 'zod';
import { call, signedIn } from './contract-call';
import { maxAltTextLength, maxImagesPerStatement, maxImageUploadBytes } from './image-limits';

/** Base64 of the largest file accepted: 4 characters per 3 bytes. */
export const maxBase64Length = Math.ceil(maxImageUploadBytes / 3) * 4;
/** The one call whose input may be larger than every other's: an image upload (its base64 and a file name). */
export const mediaUploadCall = 'media.add';
export const maxMediaUploadChars = maxBase64Length + 1_000;

export const sha256Schema = z.string().max(64).regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

/** One image of a statement, in order. Alt text may be empty while drafting; submit refuses that. */
export const statementImageSchema = z.strictObject({ sha256: sha256Schema, alt: z.string().max(maxAltTextLength) });
export const statementImagesSchema = z.array(statementImageSchema).max(maxImagesPerStatement, `at most ${maxImagesPerStatement} images`);

export const statementImageViewSchema = z.object({
  sha256: z.string(),
  alt: z.string(),
  mime: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
});

export const addedImageSchema = z.object({
  sha256: z.string(),
  mime: z.enum(['image/png', 'image/jpeg', 'image/webp']),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  /** What cleaning removed ("GPS location", "camera make/model"); empty when there was nothing. */
  removed: z.array(z.string()),
});
export type AddedImageData = z.infer<typeof addedImageSchema>;

export const mediaCalls = {
  'media.add': call({
    effect: 'action',
    input: z.strictObject({
      fileName: z.string().max(255),
      mime: z.string().max(100),
      dataBase64: z
        .string()
        .min(1, 'the file is empty')
        .max(maxBase64Length, `larger than ${maxImageUploadBytes / 1024 / 1024} MB: pick a smaller image`)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
    }),
    output: addedImageSchema,
    access: signedIn,
    summary: 'Add an image for a statement: checked by decoding (PNG, JPEG or WebP only), stripped of metadata, stored by its SHA-256.',
  }),
  'media.image': call({
    effect: 'read',
    input: z.strictObject({ sha256: sha256Schema, size: z.enum(['thumb', 'full']) }),
    output: z.object({ dataUrl: z.string() }),
    access: signedIn,
    summary: "A stored image (a statement's, or one read back that passed inspection) as a data: URL the core re-encoded; thumbs are downscaled.",
  }),
} as const;
