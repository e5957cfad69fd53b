// Shows attacker HTML the only way the app ever does: in a sandbox="" iframe (no scripts, no
// forms, no navigation of the app, an opaque origin) built from srcdoc, whose document starts with
// its own strict CSP, after an allow-list copy that keeps no URL but data: images.
import { useMemo } from 'react';
import { buildHtmlPreview, type HtmlPreview } from '../lib/html-preview';

export function useHtmlPreview(html: string | null): HtmlPreview | null {
  return useMemo(() => (html === null ? null : buildHtmlPreview(html)), [html]);
}

export function HtmlFrame({ preview, title }: { readonly preview: HtmlPreview; readonly title: string }) {
  const notes = [
    preview.blockedImages > 0 ? `${preview.blockedImages} remote ${preview.blockedImages === 1 ? 'image' : 'images'} not loaded` : null,
    preview.removed.length > 0 ? `removed: ${preview.removed.join(', ')}` : null,
    'styles, scripts and links are off in this preview',
  ].filter(Boolean);
  return (
    <figure className="html-frame">
      <iframe className="html-frame__frame" sandbox="" srcDoc={preview.srcdoc} title={title} referrerPolicy="no-referrer" data-testid="item-html" />
      <figcaption className="html-frame__caption" data-testid="item-html-notes">
        {notes.join(' · ')}
      </figcaption>
    </figure>
  );
}
