// Connects Control Room to the demo newsroom the way it connects to a real bureau: one channel
// row per channel, and the real adapters, holding the bureau's own integration credentials.
// The demo servers are new on every start, so their channels (and what was read from them) are
// reset too: stale cursors and ids from a previous run would mean nothing.
import { createEmailAdapter } from '../../channels/email/adapter';
import type { ChannelAdapter, ChannelKind } from '../../channels/types';
import { createWordPressAdapter } from '../../channels/wordpress/adapter';
import { createXAdapter } from '../../channels/x/adapter';
import { demoBulletinFrom, type DemoNewsroom } from '../../demo/newsroom';
import type { ChannelsRepository } from '../../store/channels-repository';
import type { Clock } from '../clock';

export const demoChannelIds = { x: 'demo-x', website: 'demo-website', email: 'demo-email' } as const;

export interface ConnectedChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly demo: boolean;
  readonly adapter: ChannelAdapter;
}

export function connectDemoChannels(newsroom: DemoNewsroom, channels: ChannelsRepository, clock: Clock): ConnectedChannel[] {
  const { x, website, email } = newsroom;
  const at = clock.now().toISOString();
  const connected: ConnectedChannel[] = [
    {
      id: demoChannelIds.x,
      kind: 'x',
      name: `X @${x.user.username}`,
      demo: true,
      adapter: createXAdapter({
        credentials: { kind: 'oauth2', ...x.credentials.bureau.oauth2 },
        baseUrl: x.url,
        clock,
      }),
    },
    {
      id: demoChannelIds.website,
      kind: 'wordpress',
      name: 'Website news',
      demo: true,
      adapter: createWordPressAdapter({
        siteUrl: website.url,
        username: website.credentials.bureau.username,
        applicationPassword: website.credentials.bureau.applicationPassword,
        integrationUserIds: [website.credentials.compromised.userId],
        clock,
      }),
    },
    {
      id: demoChannelIds.email,
      kind: 'email',
      name: 'Email bulletin',
      demo: true,
      adapter: createEmailAdapter({
        smtp: { host: email.smtp.host, port: email.smtp.port, security: 'none', user: email.credentials.bureau.username, password: email.credentials.bureau.password },
        canary: { host: email.imap.host, port: email.imap.port, user: email.credentials.canary.username, password: email.credentials.canary.password, security: 'none' },
        from: demoBulletinFrom,
        to: email.subscribers,
        clock,
      }),
    },
  ];
  for (const c of channels.list()) if (c.demo) channels.remove(c.id);
  for (const c of connected) {
    channels.upsert({ id: c.id, kind: c.kind, name: c.name, config: { demo: true }, secretRef: null, demo: true, createdAt: at });
  }
  return connected;
}
