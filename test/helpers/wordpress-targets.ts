// The WordPress peers the adapter suite runs against: the demo newsroom's and the real one (its
// suite runs, skips or fails by the peer rule, test/helpers/peers.mjs). Both expose the same
// credentials shape.
import { startDemoWordPressServer } from '../../electron/demo/wordpress/server';
import type { PeerId } from './peers.mjs';
import { startWordPress } from './wordpress';

export interface WordPressTargetCredential {
  readonly username: string;
  readonly applicationPassword: string;
  readonly userId: number;
}

export interface WordPressTarget {
  readonly url: string;
  readonly credentials: { readonly admin: WordPressTargetCredential; readonly bureau: WordPressTargetCredential; readonly compromised: WordPressTargetCredential };
  stop(): Promise<void>;
}

/** [name, start, the real peers it needs] for each target. */
export const wordPressTargets: [string, () => Promise<WordPressTarget>, PeerId[]][] = [
  [
    'demo newsroom WordPress',
    async () => {
      const demo = await startDemoWordPressServer();
      return { url: demo.url, credentials: demo.credentials, stop: () => demo.close() };
    },
    [],
  ],
  ['real WordPress', () => startWordPress(), ['wordpress']],
];
