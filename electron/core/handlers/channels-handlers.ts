// Contract handlers for connecting channels: test what was typed, connect (secrets into the
// keychain), X and Mastodon sign-in through their consent pages, rotate a secret, disconnect.
import { checkExternalUrl } from '../../shared/external-links';
import type { NamespaceHandlers } from '../dispatch';
import type { HandlerDeps } from './handler-kit';

export function channelsHandlers(d: Pick<HandlerDeps, 'channels' | 'events' | 'clock' | 'openExternal' | 'shutdown'>): NamespaceHandlers<'channels'> {
  const { channels, events, clock, shutdown } = d;
  /**
   * Opens a consent page: the desktop app hands an https page on the provider's own hosts to the
   * OS browser; otherwise (browser mode, the demo's loopback pages) the screen that asked opens it,
   * from the channels.authorize event.
   */
  const consentOpener =
    (hosts: readonly string[]) =>
    async (url: string): Promise<void> => {
      let opened = false;
      if (d.openExternal && checkExternalUrl(url, hosts).allowed) {
        await d.openExternal(url, hosts);
        opened = true;
      }
      events.emit('channels.authorize', { url, opened });
    };
  return {
    'channels.list': () => channels.list(),
    'channels.test': ({ channel }) => channels.test(channel),
    'channels.connect': ({ channel, channelId }, { principal }) => channels.connect(channel, channelId, principal),
    'channels.authorizeX': async (input, { principal }) => {
      const { startXAuthorization } = await import('../../channels/x/oauth2-pkce');
      const auth = await startXAuthorization({
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        ...(input.authorizeBaseUrl ? { authorizeBaseUrl: input.authorizeBaseUrl } : {}),
        clock,
        signal: shutdown,
        openBrowser: consentOpener(['x.com', 'twitter.com']),
      });
      const channel = {
        kind: 'x' as const,
        name: input.name,
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        auth: {
          type: 'oauth2' as const,
          accessToken: auth.accessToken,
          ...(auth.refreshToken ? { refreshToken: auth.refreshToken } : {}),
          clientId: input.clientId,
          ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        },
      };
      return channels.connect(channel, input.channelId, principal);
    },
    'channels.authorizeMastodon': async (input, { principal }) => {
      const { revokeMastodonAuthorization, startMastodonAuthorization } = await import('../../channels/mastodon/oauth');
      const auth = await startMastodonAuthorization({
        instanceUrl: input.instanceUrl,
        signal: shutdown,
        // The instance the admin typed is the only host its consent page may open on.
        openBrowser: consentOpener([new URL(input.instanceUrl).hostname]),
      });
      try {
        return await channels.connect(
          {
            kind: 'mastodon',
            name: input.name,
            instanceUrl: input.instanceUrl,
            accessToken: auth.accessToken,
            clientId: auth.clientId,
            clientSecret: auth.clientSecret,
          },
          input.channelId,
          principal,
        );
      } catch (err) {
        // Not kept (no keychain, say): the token must not stay valid on the instance either.
        await revokeMastodonAuthorization(input.instanceUrl, auth);
        throw err;
      }
    },
    'channels.rotateSecret': ({ id, name, secret }) => channels.rotateSecret(id, name, secret),
    'channels.remove': async ({ id }) => {
      await channels.remove(id);
      return { removed: id };
    },
  };
}
