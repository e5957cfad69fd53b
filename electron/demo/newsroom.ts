// The demo newsroom: the channel servers of a press bureau (X, the website, the email bulletin,
// a Mastodon instance, a Bluesky PDS) on loopback, with the bureau's own credentials for Control Room's adapters and the
// "compromised integration" credentials the attacker (and the replay) uses.
import type { Clock } from '../lib/clock';
import { startDemoBlueskyServer, type DemoBlueskyServer } from './bluesky/server';
import { startDemoEmailServer, type DemoEmailServer } from './email';
import { startDemoMastodonServer, type DemoMastodonServer } from './mastodon/server';
import { startDemoWordPressServer, type DemoWordPressServer } from './wordpress/server';
import { startDemoXServer, type DemoXServer } from './x/server';
import type { DemoXLimits } from './x/rate-limits';

export interface DemoNewsroomOptions {
  readonly clock?: Clock;
  /** Tests and benchmarks raise X's limits; the default is X's published limits. */
  readonly xLimits?: Partial<DemoXLimits>;
}

/** What `control-room demo --json` prints: where the servers are and how to post as the attacker. */
export interface DemoInfo {
  readonly x: {
    readonly url: string;
    readonly userId: string;
    readonly username: string;
    readonly attacker: { readonly appKey: string; readonly appSecret: string; readonly accessToken: string; readonly accessSecret: string };
  };
  readonly website: {
    readonly url: string;
    readonly feedUrl: string;
    readonly attacker: { readonly username: string; readonly applicationPassword: string };
  };
  readonly email: {
    readonly smtp: { readonly host: string; readonly port: number };
    readonly imap: { readonly host: string; readonly port: number };
    readonly from: string;
    readonly subscribers: readonly string[];
    readonly attacker: { readonly username: string; readonly password: string };
    /** The canary subscriber's mailbox login, for reading back what subscribers received. */
    readonly canary: { readonly username: string; readonly password: string };
  };
  readonly mastodon: {
    readonly url: string;
    readonly accountId: string;
    readonly username: string;
    /** The hijacked newsroom tool's access token on the bureau's account. */
    readonly attacker: { readonly accessToken: string };
  };
  readonly bluesky: {
    readonly url: string;
    readonly did: string;
    readonly handle: string;
    /** The scheduling tool's app password, which the attacker holds. */
    readonly attacker: { readonly handle: string; readonly appPassword: string };
  };
}

export interface DemoNewsroom {
  readonly x: DemoXServer;
  readonly website: DemoWordPressServer;
  readonly email: DemoEmailServer;
  readonly mastodon: DemoMastodonServer;
  readonly bluesky: DemoBlueskyServer;
  info(): DemoInfo;
  stop(): Promise<void>;
}

export const demoBulletinFrom = 'press-office@newsroom.example';

export async function startDemoNewsroom(options: DemoNewsroomOptions = {}): Promise<DemoNewsroom> {
  const clockOption = options.clock ? { clock: options.clock } : {};
  const x = await startDemoXServer({ ...clockOption, ...(options.xLimits ? { limits: options.xLimits } : {}) });
  const website = await startDemoWordPressServer({ ...clockOption });
  const email = await startDemoEmailServer({ ...clockOption });
  const mastodon = await startDemoMastodonServer({ ...clockOption });
  const bluesky = await startDemoBlueskyServer({ ...clockOption });
  return {
    x,
    website,
    email,
    mastodon,
    bluesky,
    info: () => ({
      x: { url: x.url, userId: x.user.id, username: x.user.username, attacker: { ...x.credentials.compromised.oauth1 } },
      website: {
        url: website.url,
        feedUrl: website.feedUrl,
        attacker: { username: website.credentials.compromised.username, applicationPassword: website.credentials.compromised.applicationPassword },
      },
      email: {
        smtp: email.smtp,
        imap: email.imap,
        from: demoBulletinFrom,
        subscribers: email.subscribers,
        attacker: { username: email.credentials.compromised.username, password: email.credentials.compromised.password },
        canary: { username: email.credentials.canary.username, password: email.credentials.canary.password },
      },
      mastodon: { url: mastodon.url, accountId: mastodon.account.id, username: mastodon.account.username, attacker: { ...mastodon.credentials.compromised } },
      bluesky: { url: bluesky.url, did: bluesky.account.did, handle: bluesky.account.handle, attacker: { ...bluesky.credentials.compromised } },
    }),
    stop: async () => {
      await Promise.all([x.close(), website.close(), email.stop(), mastodon.close(), bluesky.close()]);
    },
  };
}
