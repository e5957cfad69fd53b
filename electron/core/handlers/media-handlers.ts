// Contract handlers for images: adding one to a statement (checked, cleaned, stored) and the
// data: URL the screen shows of a stored image.
import { AppError } from '../../shared/result';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function mediaHandlers({ media }: Pick<HandlerDeps, 'media'>): NamespaceHandlers<'media'> {
  return {
    'media.add': async ({ fileName, mime, dataBase64 }, { principal }) => {
      const bytes = new Uint8Array(Buffer.from(dataBase64, 'base64'));
      if (bytes.length === 0) throw new AppError('BAD_INPUT', `${fileName || 'The file'} is empty: pick the image again.`, [{ path: 'dataBase64', message: 'the file is empty' }]);
      const added = await media.addImage({ fileName, mime, bytes }, principal.id);
      return { ...added, removed: [...added.removed] };
    },
    'media.image': async ({ sha256, size }) => ({ dataUrl: await media.imageDataUrl(sha256, size) }),
  };
}
