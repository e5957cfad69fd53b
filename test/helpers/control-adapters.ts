// The bureau's adapters for the demo channels, built from plain JSON so the crash test's child
// process can make its own without loading the demo servers.
import { createEmailAdapter, type SmtpConfig } from '../../electron/channels/email/adapter';
import type { CanaryReaderConfig } from '../../electron/channels/email/read-canary';
import type { ChannelAdapter } from '../../electron/channels/types';
import { createWordPressAdapter } from '../../electron/channels/wordpress/adapter';
import { createXAdapter } from '../../electron/channels/x/adapter';
import { systemClock, type Clock } from '../../electron/lib/clock';

/** Everything the bureau's adapters need, as JSON. */
export interface BureauChannelConfig {
  readonly x: { readonly url: string; readonly appKey: string; readonly appSecret: string; readonly accessToken: string; readonly accessSecret: string };
  readonly email: { readonly smtp: SmtpConfig; readonly canary: CanaryReaderConfig; readonly to: readonly string[] };
  readonly website: { readonly url: string; readonly username: string; readonly applicationPassword: string } | null;
}

export const bulletinFrom = 'press@newsroom.example';

export function bureauAdapters(config: BureauChannelConfig, clock: Clock = systemClock): Map<string, ChannelAdapter> {
  const { x, email, website } = config;
  const adapters = new Map<string, ChannelAdapter>([
    ['x', createXAdapter({ credentials: { kind: 'oauth1', appKey: x.appKey, appSecret: x.appSecret, accessToken: x.accessToken, accessSecret: x.accessSecret }, baseUrl: x.url, clock, timeoutMs: 5_000 })],
    ['email', createEmailAdapter({ smtp: email.smtp, canary: email.canary, from: bulletinFrom, subscribers: email.to, clock, timeoutMs: 5_000 })],
  ]);
  if (website) adapters.set('website', createWordPressAdapter({ siteUrl: website.url, username: website.username, applicationPassword: website.applicationPassword, clock, timeoutMs: 5_000 }));
  return adapters;
}

