// The real Bluesky PDS for the real-peer suites: the demo newsroom's own starter
// (electron/demo/bluesky/real-pds.ts), under this process's Node 24, with the packages from
// .peers/bluesky-pds (see the 'bluesky-pds' peer in peers.mjs for why and how they are installed).
import { startRealPds as startPds, type RealPds } from '../../electron/demo/bluesky/real-pds';
import { blueskyPdsPeerDir } from './peers.mjs';

export type { RealPds, RealPdsInfo } from '../../electron/demo/bluesky/real-pds';

export async function startRealPds(): Promise<RealPds> {
  return startPds({ node: process.execPath, peerDir: blueskyPdsPeerDir });
}
