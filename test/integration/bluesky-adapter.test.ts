// The Bluesky adapter suite against the demo newsroom's PDS (the real PDS runs the same suite in
// real-bluesky-pds.test.ts when its packages are installed).
import { describe } from 'vitest';
import { AtpAgent } from '@atproto/api';
import { startDemoBlueskyServer } from '../../electron/demo/bluesky/server';
import { blueskyAdapterSuite } from '../helpers/bluesky-suite';

describe('Bluesky adapter against the demo PDS', () => {
  blueskyAdapterSuite(async () => {
    const pds = await startDemoBlueskyServer();
    const other = new AtpAgent({ service: pds.url });
    await other.login({ identifier: pds.account.handle, password: pds.credentials.compromised.appPassword });
    return {
      pdsUrl: pds.url,
      handle: pds.account.handle,
      did: pds.account.did,
      appPassword: pds.credentials.bureau.appPassword,
      mainPassword: pds.account.mainPassword,
      otherHandle: 'partner.bsky.test',
      otherAgent: other,
      postAsOther: async (text) => {
        const res = await other.com.atproto.repo.createRecord({ repo: pds.account.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() } });
        return res.data.uri.split('/').pop() ?? '';
      },
      revokeBureauAppPassword: async () => {
        const owner = new AtpAgent({ service: pds.url });
        await owner.login({ identifier: pds.account.handle, password: pds.account.mainPassword });
        await owner.com.atproto.server.revokeAppPassword({ name: 'Control Room' });
      },
      expireAccessTokens: async () => pds.tokens.expireAccessTokens(),
      stop: () => pds.close(),
    };
  });
});
