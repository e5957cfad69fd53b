// A thumbnail of a stored image: the core's re-encoded data: URL (never a remote address), in a
// fixed box so the row around it does not change height as it loads.
import { useImageDataUrl } from '../lib/api/media';
import { errorMessage } from '../lib/call';

export function ImageThumb({ sha256, alt, small = false }: { readonly sha256: string; readonly alt: string; readonly small?: boolean }) {
  const picture = useImageDataUrl(sha256, 'thumb');
  const size = small ? ' image-thumb--small' : '';
  if (picture.isError) return <span className={`image-thumb image-thumb--missing${size}`}>{errorMessage(picture.error)}</span>;
  if (!picture.data) return <span className={`image-thumb image-thumb--loading${size}`} role="img" aria-label="Loading the image" />;
  return <img className={`image-thumb${size}`} src={picture.data} alt={alt} data-testid={`image-thumb-${sha256.slice(0, 12)}`} />;
}
