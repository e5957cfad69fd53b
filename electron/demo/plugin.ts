// The demo newsroom as a Control Room plug-in (electron/lib/plugin.ts): its channel servers,
// connected the way a bureau connects real ones (one channel per server, the bureau's own
// integration credentials, the same adapters); its seed data; and the July 2019 incident replay.
// The composers (cli, main, the test helpers, the benchmarks) create it and pass it to the core.
import type { CorePlugin, PluginConnection, ReplayState, SeedData } from '../lib/plugin';
import { AppError } from '../shared/result';
import { demoBulletinFrom, startDemoNewsroom, type DemoNewsroom, type DemoNewsroomOptions } from './newsroom';

export const demoChannelIds = { x: 'demo-x', website: 'demo-website', email: 'demo-email', mastodon: 'demo-mastodon', bluesky: 'demo-bluesky' } as const;

/** What an admin would type to connect each demo channel, bureau credentials included. */
export function demoConnections(newsroom: DemoNewsroom): PluginConnection[] {
  const { x, website, email, mastodon, blueskyPds: bluesky } = newsroom;
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
    {
      id: demoChannelIds.mastodon,
      input: {
        kind: 'mastodon',
        name: `Mastodon @${mastodon.account.username}`,
        instanceUrl: mastodon.url,
        accessToken: mastodon.credentials.bureau.accessToken,
        clientId: mastodon.credentials.bureau.clientId,
        clientSecret: mastodon.credentials.bureau.clientSecret,
      },
    },
    {
      id: demoChannelIds.bluesky,
      // The column's name says which PDS runs: the real one or the demo's shape.
      input: { kind: 'bluesky', name: `Bluesky @${bluesky.handle} (${bluesky.kind} PDS)`, handle: bluesky.bureau.handle, appPassword: bluesky.bureau.appPassword, pdsUrl: bluesky.url },
    },
  ];
}

/** The newsroom's three holding statements, pre-approved by two seed people (who cannot sign in). */
export const demoSeed: SeedData = {
  templateApprovers: [
    { username: 'demo-press-chief', displayName: 'Demo press chief (seed)' },
    { username: 'demo-duty-officer', displayName: 'Demo duty officer (seed)' },
  ],
  auditAction: 'demo.seedTemplates',
  auditReason: 'demo newsroom: holding statements pre-approved by two seed accounts',
};

export interface DemoPlugin extends CorePlugin {
  /** The running newsroom: null until the core starts it, and when real channels run instead. */
  newsroom(): DemoNewsroom | null;
}

export function createDemoPlugin(options: DemoNewsroomOptions = {}): DemoPlugin {
  let newsroom: DemoNewsroom | null = null;
  let replay: ReplayState = { running: false, posted: 0, total: 0, speed: 0 };
  let replayAbort = new AbortController();
  return {
    newsroom: () => newsroom,
    channels: {
      // The servers are new on every start, with fresh credentials.
      async start() {
        newsroom = await startDemoNewsroom(options);
        replayAbort = new AbortController();
        return demoConnections(newsroom);
      },
      async stop() {
        replayAbort.abort();
        const room = newsroom;
        newsroom = null;
        await room?.stop();
      },
    },
    seed: demoSeed,
    replay: {
      state: () => ({ ...replay }),
      async start(speed, report) {
        const room = newsroom;
        if (!room) throw new AppError('CONFLICT', 'The replay needs the demo newsroom, which is off because real channels are configured.');
        if (replay.running) throw new AppError('CONFLICT', 'The incident replay is already running.');
        const { runReplay } = await import('./replay');
        const { incidentScript, defaultReplaySpeed } = await import('./incident-script');
        const run: ReplayState = { running: true, posted: 0, total: incidentScript.length, speed: speed ?? defaultReplaySpeed };
        replay = run;
        report.progress();
        void runReplay(room.info(), {
          speed: run.speed,
          signal: replayAbort.signal,
          onPosted: () => {
            run.posted++;
            report.progress();
          },
          onError: (step, err) => report.stepFailed(step, err),
        }).finally(() => {
          run.running = false;
          report.progress();
        });
        return { ...run };
      },
    },
  };
}
