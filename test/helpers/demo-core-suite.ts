// The demo newsroom on one core for a whole test file: made before the file's tests, its channels
// read four times a second (so the tests wait on real reads, not on the 1 s default), closed after.
// The TestCore returned stands for that core from beforeAll on.
import { afterAll, beforeAll } from 'vitest';
import { makeTestCore, type TestCore } from './test-core';

export function demoCoreForFile(): TestCore {
  let inner: TestCore | null = null;
  beforeAll(async () => {
    inner = await makeTestCore();
    await inner.core.settings.set('monitor.pollIntervalMs', '250', new Date());
    await inner.core.startChannels();
  }, 60_000);
  afterAll(async () => {
    await inner?.close();
  });
  const t = (): TestCore => {
    if (!inner) throw new Error('the demo core is made in beforeAll: use it inside a test');
    return inner;
  };
  return {
    get core() {
      return t().core;
    },
    get demo() {
      return t().demo;
    },
    get dir() {
      return t().dir;
    },
    passphrase: (role) => t().passphrase(role),
    signedIn: (role) => t().signedIn(role),
    validInput: (name) => t().validInput(name),
    restart: () => t().restart(),
    close: () => t().close(),
  };
}
