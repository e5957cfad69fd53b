// The WordPress peers the adapter suite runs against: the real one (when Debian's packages are
// installed) and the demo newsroom's. Both expose the same credentials shape.
import { startDemoWordPressServer } from '../../electron/demo/wordpress/server';
import { startWordPress, wordPressAvailable } from './wordpress';

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

export function wordPressTargets(): [string, () => Promise<WordPressTarget>][] {
  const targets: [string, () => Promise<WordPressTarget>][] = [
    [
      'demo newsroom WordPress',
      async () => {
        const demo = await startDemoWordPressServer();
        return { url: demo.url, credentials: demo.credentials, stop: () => demo.close() };
      },
    ],
  ];
  const real = wordPressAvailable();
  if (!real.available) {
    // CI installs the packages (.ci/apt-packages-wordpress.txt); a missing one there is a failure.
    if (process.env['CI']) throw new Error(`Real WordPress is missing in CI: ${real.installCommand}`);
    console.warn(`[wordpress] real WordPress not installed; run: ${real.installCommand}`);
  } else {
    targets.push(['real WordPress', () => startWordPress()]);
  }
  return targets;
}
