// The demo channels the control tests run against: the demo X server, the demo mail path and the
// demo WordPress site, the bureau's real adapters for them (buildable from plain JSON, so a child
// process can make its own), and the attacker's tools: the compromised integrations.
import { TwitterApi } from 'twitter-api-v2';
import { createEmailAdapter, type SmtpConfig } from '../../electron/channels/email/adapter';
import type { CanaryReaderConfig } from '../../electron/channels/email/read-canary';
import type { ChannelAdapter } from '../../electron/channels/types';
import { createWordPressAdapter } from '../../electron/channels/wordpress/adapter';
import { createXBaseUrlPlugin } from '../../electron/channels/x/base-url-plugin';
import { systemClock, type Clock } from '../../electron/lib/clock';
import { startDemoEmailServer, type DemoEmailServer } from '../../electron/demo/email';
import { startDemoWordPressServer, type DemoWordPressServer } from '../../electron/demo/wordpress/server';
import type { DemoXLimits } from '../../electron/demo/x/rate-limits';
import { startDemoXServer, type DemoXServer } from '../../electron/demo/x/server';
import { bulletinFrom, type BureauChannelConfig } from './control-adapters';

export { bureauAdapters, type BureauChannelConfig } from './control-adapters';

export interface DemoChannels {
  readonly x: DemoXServer;
  readonly email: DemoEmailServer;
  readonly wp: DemoWordPressServer | null;
  readonly config: BureauChannelConfig;
  readonly channelKinds: readonly { id: string; kind: ChannelAdapter['kind'] }[];
  /** The attacker posts through the compromised X integration; returns the tweet id. */
  attackX(text: string): Promise<string>;
  attackEmail(subject: string, text: string): Promise<void>;
  attackWebsite(title: string, html: string): Promise<string>;
  close(): Promise<void>;
}

export async function startDemoChannels(options: { clock?: Clock; xLimits?: Partial<DemoXLimits>; wordpress?: boolean } = {}): Promise<DemoChannels> {
  const clock = options.clock ?? systemClock;
  const x = await startDemoXServer({ clock, ...(options.xLimits ? { limits: options.xLimits } : {}) });
  const email = await startDemoEmailServer({ clock });
  const wp = options.wordpress === false ? null : await startDemoWordPressServer({ clock });
  const smtp = (c: { username: string; password: string }): SmtpConfig => ({ host: email.smtp.host, port: email.smtp.port, security: 'none', user: c.username, password: c.password });
  const canary: CanaryReaderConfig = { host: email.imap.host, port: email.imap.port, user: email.credentials.canary.username, password: email.credentials.canary.password, security: 'none' };
  const config: BureauChannelConfig = {
    x: { url: x.url, ...x.credentials.bureau.oauth1 },
    email: { smtp: smtp(email.credentials.bureau), canary, to: email.subscribers },
    website: wp ? { url: wp.url, username: wp.credentials.bureau.username, applicationPassword: wp.credentials.bureau.applicationPassword } : null,
  };
  const attackerX = new TwitterApi(x.credentials.compromised.oauth1, { plugins: [createXBaseUrlPlugin(x.url)] });
  const attackerMail = createEmailAdapter({ smtp: smtp(email.credentials.compromised), canary, from: bulletinFrom, subscribers: email.subscribers, clock });
  const attackerWeb = wp ? createWordPressAdapter({ siteUrl: wp.url, username: wp.credentials.compromised.username, applicationPassword: wp.credentials.compromised.applicationPassword, clock }) : null;
  return {
    x,
    email,
    wp,
    config,
    channelKinds: [{ id: 'x', kind: 'x' }, { id: 'email', kind: 'email' }, ...(wp ? [{ id: 'website', kind: 'wordpress' as const }] : [])],
    attackX: async (text) => (await attackerX.v2.tweet(text)).data.id,
    attackEmail: async (subject, text) => {
      await attackerMail.publish({ title: subject, text, html: null }, 'attack');
    },
    attackWebsite: async (title, html) => {
      if (!attackerWeb) throw new Error('no WordPress demo in this run');
      return (await attackerWeb.publish({ title, text: html, html }, 'attack')).channelItemId;
    },
    close: async () => {
      await Promise.all([x.close(), email.stop(), wp?.close()]);
    },
  };
}
