// Connects Control Room to the demo newsroom the way it connects to a real bureau: one channel
// row per channel, the bureau's own integration credentials, and the same adapter factory. The
// demo servers are new on every start, so their channels (and what was read from them) are reset
// too: stale cursors and ids from a previous run would mean nothing.
import type { ChannelAdapter, ChannelKind } from '../../channels/types';
import { demoBulletinFrom, type DemoNewsroom } from '../../demo/newsroom';
import type { ConnectChannelInput } from '../../shared/contract-channels';

export const demoChannelIds = { x: 'demo-x', website: 'demo-website', email: 'demo-email' } as const;

export interface ConnectedChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly demo: boolean;
  readonly adapter: ChannelAdapter;
}

/** What an admin would type to connect each demo channel, bureau credentials included. */
export function demoConnections(newsroom: DemoNewsroom): { id: string; input: ConnectChannelInput }[] {
  const { x, website, email } = newsroom;
  const o2 = x.credentials.bureau.oauth2;
  return [
    {
      id: demoChannelIds.x,
      input: { kind: 'x', name: `X @${x.user.username}`, apiBaseUrl: x.url, auth: { type: 'oauth2', accessToken: o2.accessToken, refreshToken: o2.refreshToken, clientId: o2.clientId, clientSecret: o2.clientSecret } },
    },
    {
      id: demoChannelIds.website,
      input: {
        kind: 'wordpress',
        name: 'Website news',
        siteUrl: website.url,
        username: website.credentials.bureau.username,
        applicationPassword: website.credentials.bureau.applicationPassword,
        integrationUserIds: [website.credentials.compromised.userId],
      },
    },
    {
      id: demoChannelIds.email,
      input: {
        kind: 'email',
        name: 'Email bulletin',
        smtp: { host: email.smtp.host, port: email.smtp.port, security: 'none', user: email.credentials.bureau.username, password: email.credentials.bureau.password },
        canary: { host: email.imap.host, port: email.imap.port, security: 'none', user: email.credentials.canary.username, password: email.credentials.canary.password },
        from: demoBulletinFrom,
        to: [...email.subscribers],
      },
    },
  ];
}
