// The images an item carries, in a column: a thumbnail of each one the core fetched and found to
// be a plain PNG, JPEG or WebP (its re-encoded data: URL), or "image withheld" with the reason
// (an SVG, a decompression bomb, too large), or why it was not checked. Alt text is the channel's,
// shown as text: it is attacker-controlled like everything else in an item.
import type { FeedMedia } from '../../../../electron/shared/contract';
import { ImageThumb } from '../../../components/image-thumb';

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
