// Playwright's side of the peer rule (peers.mjs), as peer-suite.ts is Vitest's: called first in a
// test that needs real peers, it returns when they are here, skips naming each missing peer and its
// install command (noted for `npm test`'s summary), or under CI fails with the same message.
import { test } from '@playwright/test';
import { peerVerdict, recordSkip, type PeerId } from './peers.mjs';

export function requirePeers(peers: readonly PeerId[], suite: string): void {
  const verdict = peerVerdict(peers);
  if (verdict.action === 'run') return;
  if (verdict.action === 'fail') throw new Error(verdict.message);
  recordSkip(peers, suite);
  // The peer rule itself: a missing peer outside CI skips, naming the peer and its install command.
  test.skip(true, verdict.message);
}
