// Adding an image to the statement on screen: the file's bytes go to the core (media.add), which
// checks them by decoding, strips their metadata and stores them; the composer then holds the
// image's hash, with alt text to type. A refusal says why; nothing typed is touched.
import { useMutation } from '@tanstack/react-query';
import { imageMimeTypes, maxImageUploadBytes, maxImagesPerStatement, formatBytes } from '../../../../electron/shared/image-limits';
import { callOrThrow, CallError } from '../../../lib/call';
import { useTransport } from '../../../lib/transport-context';
import { composerActions, composerSnapshot } from '../state/composer-store';

/** Base64 of a file's bytes, without a data: prefix (chunked: a large file would overflow fromCharCode's arguments). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What is wrong with a file before sending it anywhere (null: send it; the core decides). */
export function fileProblem(file: File, alreadyAttached: number): string | null {
  if (alreadyAttached >= maxImagesPerStatement) return `A statement takes at most ${maxImagesPerStatement} images: remove one before adding ${file.name}.`;
  if (file.size > maxImageUploadBytes) return `${file.name} is ${formatBytes(file.size)}; images may be at most ${formatBytes(maxImageUploadBytes)}: use a smaller one.`;
  if (file.type === 'image/svg+xml' || /\.svgz?$/i.test(file.name)) return `${file.name} is an SVG: SVG is not accepted (it can carry scripts). Export it as PNG.`;
  if (file.type !== '' && !(imageMimeTypes as readonly string[]).includes(file.type === 'image/jpg' ? 'image/jpeg' : file.type)) {
    return `${file.name} is ${file.type}: only PNG, JPEG and WebP images are accepted.`;
  }
  return null;
}

export function useAddImages() {
  const transport = useTransport();
  return useMutation({
    /** Adds the files in order; stops at the first refusal, keeping the ones already added. */
    mutationFn: async (files: readonly File[]) => {
      for (const file of files) {
        const problem = fileProblem(file, composerSnapshot().images.length);
        if (problem) throw new CallError('BAD_INPUT', problem);
        const added = await callOrThrow(transport, 'media.add', { fileName: file.name.slice(0, 255), mime: file.type, dataBase64: await base64Of(file) });
        composerActions().imageAdded({ ...added, alt: '', removed: added.removed });
      }
    },
  });
}
