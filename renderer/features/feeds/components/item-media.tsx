// The images an item carries, in a column: a thumbnail of each one the core fetched and found to
// be a plain PNG, JPEG or WebP (its re-encoded data: URL), or "image withheld" with the reason
// (an SVG, a decompression bomb, too large), or why it was not checked. Alt text is the channel's,
// shown as text: it is attacker-controlled like everything else in an item.
import type { FeedMedia } from '../../../../electron/shared/contract';
import { ImageThumb } from '../../../components/image-thumb';
import { useImageDataUrl } from '../../../lib/api/media';
import { errorMessage } from '../../../lib/call';

function FullImage({ sha256, alt }: { readonly sha256: string; readonly alt: string }) {
  const picture = useImageDataUrl(sha256, 'full');
  if (picture.isError) return <p className="detail__muted">{errorMessage(picture.error)}</p>;
  return picture.data ? <img className="detail__image" src={picture.data} alt={alt} /> : <p className="detail__muted">Loading the image…</p>;
}

/** The item's images at a readable size, each with the channel's alt text and its SHA-256, or why it is withheld. */
export function DetailImages({ media }: { readonly media: readonly FeedMedia[] }) {
  return (
    <ol className="detail__images" data-testid="item-detail-images">
      {media.map((m, i) => (
        <li key={m.ref}>
          {m.state === 'shown' && m.sha256 !== null ? <FullImage sha256={m.sha256} alt={m.alt ?? `Image ${i + 1} (no description)`} /> : null}
          <p className="detail__muted">
            {m.state === 'shown' ? `Alt text: ${m.alt ?? '(none)'}` : m.state === 'withheld' ? `Image withheld: ${m.reason ?? 'not shown'}` : `Image not checked: ${m.reason ?? 'not fetched yet'}`}
            {m.sha256 ? ` · SHA-256 ${m.sha256}` : ''} · channel id {m.ref}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function ItemMedia({ media }: { readonly media: readonly FeedMedia[] }) {
  if (media.length === 0) return null;
  return (
    <div className="item__media" data-testid="item-media">
      {media.map((m, i) =>
        m.state === 'shown' && m.sha256 !== null ? (
          <ImageThumb key={m.ref} sha256={m.sha256} alt={m.alt ?? `Image ${i + 1} (no description)`} small />
        ) : (
          <p key={m.ref} className="item__withheld" data-testid="item-media-withheld">
            {m.state === 'withheld' ? `Image withheld: ${m.reason ?? 'not shown'}` : `Image not checked: ${m.reason ?? 'not fetched yet'}`}
          </p>
        ),
      )}
    </div>
  );
}
