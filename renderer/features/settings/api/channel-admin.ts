// Connecting and removing real channels (admins): test what was typed (a real read, nothing
// saved), connect (secrets go to the OS keychain; a fresh passphrase), sign in with X or on a
// Mastodon instance through OAuth 2.0 + PKCE, remove. Secrets travel one way, screen to core; no answer carries one back.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallInput } from '../../../../electron/shared/contract';
import { channelKeys } from '../../../lib/api/channels';
import { callOrThrow } from '../../../lib/call';
import { useFreshAuth } from '../../../lib/fresh-auth';
import type { Transport } from '../../../lib/transport';
import { useTransport } from '../../../lib/transport-context';

export type ChannelInput = CallInput<'channels.connect'>['channel'];
export type AuthorizeXInput = CallInput<'channels.authorizeX'>;
export type AuthorizeMastodonInput = CallInput<'channels.authorizeMastodon'>;

export function useChannelAdmin() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const fresh = useFreshAuth();
  const refresh = () => queryClient.invalidateQueries({ queryKey: channelKeys.all });
  return {
    test: useMutation({ mutationFn: (channel: ChannelInput) => callOrThrow(transport, 'channels.test', { channel }) }),
    // channelId: connect a channel the other desks already share on this desk (team mode).
    connect: useMutation({ mutationFn: (input: CallInput<'channels.connect'>) => fresh(() => callOrThrow(transport, 'channels.connect', input)), onSuccess: refresh }),
    authorizeX: useMutation({ mutationFn: (input: AuthorizeXInput) => fresh(() => callOrThrow(transport, 'channels.authorizeX', input)), onSuccess: refresh }),
    authorizeMastodon: useMutation({ mutationFn: (input: AuthorizeMastodonInput) => fresh(() => callOrThrow(transport, 'channels.authorizeMastodon', input)), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => fresh(() => callOrThrow(transport, 'channels.remove', { id })), onSuccess: refresh }),
  };
}

/**
 * Opens a consent page (X's, a Mastodon instance's). The core's allow-list first (the desktop app hands it to the OS
 * browser); in browser mode the core answers opened=false, and it refuses loopback http (the demo
 * and test servers): the page then opens it itself, without an opener or a referrer.
 */
export async function openConsentPage(transport: Transport, url: string): Promise<void> {
  let checked = url;
  try {
    const answer = await callOrThrow(transport, 'links.open', { url });
    if (answer.opened) return;
    checked = answer.url;
  } catch {
    // Refused by the allow-list (loopback http): the address came from the core itself, which
    // built it for the authorization it is waiting on, so the page opens it.
  }
  window.open(checked, '_blank', 'noopener,noreferrer');
}
