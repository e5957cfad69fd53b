// Two desks on a throwaway REAL PostgreSQL for the offline end-to-end test, run as a child process
// (the Playwright runner cannot load the core's modules itself): desk A served in browser mode and
// reaching the database through a TCP proxy that can be cut, desk B a second core on the database
// directly. Prints {"url": ...} once ready, then answers one JSON line per command read on stdin:
// "offline" / "online" (the proxy), "statementsOnB" (what desk B reads), "stop".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCli } from '../../electron/cli/main';
import { createCore, type Core } from '../../electron/core/app';
import type { Caller } from '../../electron/core/dispatch';
import { startBrowserHost } from '../../electron/host/browser-host';
import { createLogger } from '../../electron/lib/log';
import { startPostgres } from './postgres';
import { startToggleProxy } from './toggle-proxy';
import { keychainFor } from './desk-keychain';

const root = join(import.meta.dirname, '..', '..');

const [username = '', passphrase = ''] = process.argv.slice(2);
const dirs: string[] = [];
const server = await startPostgres();
const db = await server.freshDatabase();
const owner = await keychainFor(db.ownerUrl);
if ((await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], { out: () => undefined, err: (t) => process.stderr.write(t) }, { vault: () => owner.vault })) !== 0) process.exit(1);
const direct = new URL(db.appUrl);
const proxy = await startToggleProxy(direct.hostname, Number(direct.port));
const viaProxy = new URL(db.appUrl);
viaProxy.port = String(proxy.port);
const open = async (name: string, urlWithPassword: string): Promise<Core> => {
  const k = await keychainFor(urlWithPassword);
  const dataDir = mkdtempSync(join(tmpdir(), 'cr-e2e-desk-'));
  dirs.push(dataDir);
  const core = await createCore({ dataDir, mode: 'browser', logger: createLogger({ quiet: true }), scrypt: { N: 1024, r: 8, p: 1 }, vault: k.vault, databaseUrl: k.url, deskName: name });
  await core.startChannels();
  return core;
};
const deskA = await open('Desk A', viaProxy.toString());
const deskB = await open('Desk B', db.appUrl);
const host = await startBrowserHost({ core: deskA, rendererDir: join(root, 'out', 'renderer') });
const callerB: Caller = { transport: 'test', session: { id: null } };
process.stdout.write(`${JSON.stringify({ url: host.appUrl })}\n`);

const answer = async (command: string): Promise<unknown> => {
  switch (command) {
    case 'offline':
      await proxy.offline();
      return { done: true };
    case 'online':
      await proxy.online();
      return { done: true };
    case 'statementsOnB': {
      if (callerB.session.id === null) await deskB.dispatch('accounts.signIn', { username, passphrase }, callerB);
      const list = await deskB.dispatch('statements.list', {}, callerB);
      return list.ok ? list.data : list.error;
    }
    default:
      return { unknown: command };
  }
};

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stop') break;
  process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
}
await host.close();
await proxy.online();
await deskA.close();
await deskB.close();
await proxy.close();
await server.stop();
for (const d of dirs) rmSync(d, { recursive: true, force: true });
// Anything the browser left open must not keep the run alive.
process.exit(0);
