// The Bluesky adapter suite against a real PDS (@atproto/pds, offline on 127.0.0.1 with an
// in-memory PLC directory), under the real-peer rule: skipped with the install command when the
// PDS is not installed, a failure under CI.
import { AtpAgent } from '@atproto/api';
import { blueskyAdapterSuite } from '../helpers/bluesky-suite';
import { startRealPds } from '../helpers/bluesky-pds';
import { describeWithPeers } from '../helpers/peer-suite';

describeWithPeers(['bluesky-pds'], 'Bluesky adapter against a real PDS', () => {
  blueskyAdapterSuite(async () => {
    const pds = await startRealPds();
    const scheduler = new AtpAgent({ service: pds.url });
    await scheduler.login({ identifier: pds.handle, password: pds.schedulerAppPassword });
    return {
      pdsUrl: pds.url,
      handle: pds.handle,
      did: pds.did,
      appPassword: pds.bureauAppPassword,
      mainPassword: pds.mainPassword,
      otherHandle: pds.otherHandle,
      otherAgent: scheduler,
      postAsOther: async (text) => {
        const res = await scheduler.com.atproto.repo.createRecord({ repo: pds.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() } });
        return res.data.uri.slice(res.data.uri.lastIndexOf('/') + 1);
      },
      revokeBureauAppPassword: async () => {
        const owner = new AtpAgent({ service: pds.url });
        await owner.login({ identifier: pds.handle, password: pds.mainPassword });
        await owner.com.atproto.server.revokeAppPassword({ name: 'Control Room' });
      },
      // A real PDS's access tokens live about 2 h: the refresh path is proven against the demo.
      expireAccessTokens: null,
      stop: () => pds.stop(),
    };
  });
});
