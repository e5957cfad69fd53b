// Links from an item, as text: what the link said, where it really goes (host in bold), and an
// explicit Open button that goes through the core's allow-list.
import { ErrorNotice, StatusNotice } from '../../../components/notice';
import { errorMessage } from '../../../lib/call';
import type { FoundLink } from '../../../lib/links';
import { useOpenLink } from '../api/open-link';

export function LinkList({ links }: { readonly links: readonly FoundLink[] }) {
  const open = useOpenLink();
  if (links.length === 0) return <p className="detail__muted">No links.</p>;
  return (
    <>
      <ul className="link-list" data-testid="item-links">
        {links.map((link) => (
          <li key={link.url} className="link-list__item">
            <span className="link-list__host">{link.host ?? (link.scheme ? `${link.scheme}: link` : 'unreadable link')}</span>
            {link.label && link.label !== link.url ? <span className="link-list__label">shown as “{link.label}”</span> : null}
            <code className="link-list__url">{link.url}</code>
            {link.openable ? (
              <button type="button" className="button button--small" onClick={() => open.mutate(link.url)} disabled={open.isPending}>
                Open {link.host ?? 'link'} outside the app
              </button>
            ) : (
              <span className="detail__muted">not a web link: never opened</span>
            )}
          </li>
        ))}
      </ul>
      <ErrorNotice>{open.isError ? errorMessage(open.error) : null}</ErrorNotice>
      {open.isSuccess ? <StatusNotice>Opened {open.data.host} in the browser.</StatusNotice> : null}
    </>
  );
}
