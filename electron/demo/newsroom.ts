// The demo newsroom: the channel servers of a press bureau (X, the website, the email bulletin,
// a Mastodon instance, a Bluesky PDS) on loopback, with the bureau's own credentials for Control Room's adapters and the
// "compromised integration" credentials the attacker (and the replay) uses. The Bluesky PDS is the
// real @atproto/pds where it is installed (and asked for), else the demo's own PDS shape.
import type { Clock } from '../lib/clock';
import { locateRealPds, startRealPds } from './bluesky/real-pds';
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
  /**
   * 'real-if-installed' (the app: npm start, serve) runs the real PDS where .peers/bluesky-pds and
   * Node 24 are present and falls back to the demo shape otherwise; 'demo' (default: tests and
   * benchmarks, which reach into the demo PDS) always runs the demo shape.
   */
  readonly blueskyPds?: 'demo' | 'real-if-installed';
}

/** The composers' choice: CONTROL_ROOM_DEMO_PDS=demo forces the demo shape (the e2e suite sets it). */
export function blueskyPdsChoice(env: NodeJS.ProcessEnv = process.env): 'demo' | 'real-if-installed' {
  return env['CONTROL_ROOM_DEMO_PDS'] === 'demo' ? 'demo' : 'real-if-installed';
}

/** The Bluesky PDS the newsroom runs, whichever it is. */
export interface DemoBlueskyPds {
  readonly kind: 'real' | 'demo';
  /** What runs and why, in words for the log and the screen. */
  readonly note: string;
  readonly url: string;
  readonly did: string;
  readonly handle: string;
  readonly bureau: { readonly handle: string; readonly appPassword: string };
  readonly compromised: { readonly handle: string; readonly appPassword: string };
  close(): Promise<void>;
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
    /** 'real': @atproto/pds itself; 'demo': the demo's own PDS shape. */
    readonly pds: 'real' | 'demo';
    /** The scheduling tool's app password, which the attacker holds. */
    readonly attacker: { readonly handle: string; readonly appPassword: string };
  };
}

export interface DemoNewsroom {
  readonly x: DemoXServer;
  readonly website: DemoWordPressServer;
  readonly email: DemoEmailServer;
  readonly mastodon: DemoMastodonServer;
  /** The demo-shape PDS (tests and benchmarks reach into it); null when the real PDS runs. */
  readonly bluesky: DemoBlueskyServer | null;
  readonly blueskyPds: DemoBlueskyPds;
  info(): DemoInfo;
  stop(): Promise<void>;
}

export const demoBulletinFrom = 'press-office@newsroom.example';

async function startBlueskyPds(choice: 'demo' | 'real-if-installed', clock: Clock | undefined): Promise<{ server: DemoBlueskyServer | null; pds: DemoBlueskyPds }> {
  let why = 'the demo PDS shape was asked for';
  if (choice === 'real-if-installed') {
    const where = locateRealPds();
    if ('missing' in where) why = `the real PDS cannot run here: ${where.missing}`;
    else {
      try {
        const real = await startRealPds(where);
        const bureau = { handle: real.handle, appPassword: real.bureauAppPassword };
        const compromised = { handle: real.handle, appPassword: real.schedulerAppPassword };
        return { server: null, pds: { kind: 'real', note: `Bluesky: the real PDS (@atproto/pds) at ${real.url}`, url: real.url, did: real.did, handle: real.handle, bureau, compromised, close: real.stop } };
      } catch (err) {
        why = `the real PDS did not start (${err instanceof Error ? err.message.slice(0, 200) : String(err)})`;
      }
    }
  }
  const server = await startDemoBlueskyServer(clock ? { clock } : {});
  const { credentials, account } = server;
  return {
    server,
    pds: { kind: 'demo', note: `Bluesky: the demo PDS shape at ${server.url}, because ${why}`, url: server.url, did: account.did, handle: account.handle, bureau: credentials.bureau, compromised: credentials.compromised, close: () => server.close() },
  };
}

export async function startDemoNewsroom(options: DemoNewsroomOptions = {}): Promise<DemoNewsroom> {
  const clockOption = options.clock ? { clock: options.clock } : {};
  const x = await startDemoXServer({ ...clockOption, ...(options.xLimits ? { limits: options.xLimits } : {}) });
  const website = await startDemoWordPressServer({ ...clockOption });
  const email = await startDemoEmailServer({ ...clockOption });
  const mastodon = await startDemoMastodonServer({ ...clockOption });
  const { server: bluesky, pds } = await startBlueskyPds(options.blueskyPds ?? 'demo', options.clock);
  return {
    x,
    website,
    email,
    mastodon,
    bluesky,
    blueskyPds: pds,
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
      bluesky: { url: pds.url, did: pds.did, handle: pds.handle, pds: pds.kind, attacker: { ...pds.compromised } },
    }),
    stop: async () => {
      await Promise.all([x.close(), website.close(), email.stop(), mastodon.close(), pds.close()]);
    },
  };
}

/** The demo-shape PDS, for the tests and benchmarks that reach into it (they start the newsroom with blueskyPds 'demo'). */
export function demoBlueskyServer(newsroom: DemoNewsroom): DemoBlueskyServer {
  if (!newsroom.bluesky) throw new Error(`this needs the demo PDS shape, but ${newsroom.blueskyPds.note}: start the newsroom with blueskyPds: 'demo'`);
  return newsroom.bluesky;
}
