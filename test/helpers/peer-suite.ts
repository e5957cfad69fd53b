// Vitest's side of the peer rule (peers.mjs): a suite that needs real peers runs, is skipped with
// the peer and its install command, or (under CI) fails with the same message. No suite decides this
// for itself.
import { describe, it } from 'vitest';
import { peerName, peerVerdict, recordSkip, type PeerId } from './peers.mjs';

export function describeWithPeers(peers: readonly PeerId[], name: string, body: () => void): void {
  const verdict = peerVerdict(peers);
  if (verdict.action === 'run') {
    describe(name, body);
    return;
  }
  if (verdict.action === 'skip') {
    console.warn(`[peers] "${name}" ${verdict.message}`);
    recordSkip(peers, name);
    // The peer rule itself: a missing peer outside CI skips, naming the peer and its install command.
    describe.skip(`${name} [${verdict.message}]`, body);
    return;
  }
  // One failing test per suite, counted as a failure, naming the peer: CI cannot pass by skipping.
  describe(name, () => {
    it(`needs ${verdict.missing.map(peerName).join(', ')}`, () => {
      throw new Error(verdict.message);
    });
  });
}
