// Contract handler for links: a link leaves the app only through the https allow-list, and only
// the desktop app opens it itself (browser mode answers opened=false; the page opens it).
import { checkExternalUrl } from '../../shared/external-links';
import { AppError } from '../../shared/result';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function linksHandlers(d: Pick<HandlerDeps, 'openExternal'>): NamespaceHandlers<'links'> {
  return {
    'links.open': async ({ url }) => {
      const check = checkExternalUrl(url);
      if (!check.allowed) throw new AppError('BAD_INPUT', `That link was not opened: ${check.reason}.`);
      if (!d.openExternal) return { url: check.url, host: check.host, opened: false };
      await d.openExternal(check.url);
      return { url: check.url, host: check.host, opened: true };
    },
  };
}
