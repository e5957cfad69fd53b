// Contract handlers for connecting channels: test what was typed, connect (secrets into the
// keychain), X sign-in through its consent page, rotate a secret, disconnect.
import { checkExternalUrl } from '../../shared/external-links';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function channelsHandlers(d: Pick<HandlerDeps, 'channels' | 'events' | 'clock' | 'openExternal' | 'shutdown'>): NamespaceHandlers<'channels'> {
  const { channels, events, clock, shutdown } = d;
  return {
    'channels.list': () => channels.list(),
    'channels.test': ({ channel }) => channels.test(channel),
    'channels.connect': ({ channel }) => channels.connect(channel),
    'channels.authorizeX': async (input) => {
      const { startXAuthorization } = await import('../../channels/x/oauth2-pkce');
      const auth = await startXAuthorization({
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        ...(input.authorizeBaseUrl ? { authorizeBaseUrl: input.authorizeBaseUrl } : {}),
        clock,
        signal: shutdown,
        openBrowser: async (url) => {
          // The desktop app hands x.com to the OS browser; otherwise (browser mode, the demo's
          // loopback page) the screen that asked opens it.
          let opened = false;
          if (d.openExternal && checkExternalUrl(url, ['x.com', 'twitter.com']).allowed) {
            await d.openExternal(url);
            opened = true;
          }
          events.emit('channels.authorize', { url, opened });
        },
      });
      return channels.connect({
        kind: 'x',
        name: input.name,
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        auth: {
          type: 'oauth2',
          accessToken: auth.accessToken,
          ...(auth.refreshToken ? { refreshToken: auth.refreshToken } : {}),
          clientId: input.clientId,
          ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        },
      });
    },
    'channels.rotateSecret': ({ id, name, secret }) => channels.rotateSecret(id, name, secret),
    'channels.remove': async ({ id }) => {
      await channels.remove(id);
      return { removed: id };
    },
  };
}
