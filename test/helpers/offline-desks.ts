// Two desks on a throwaway REAL PostgreSQL for the offline end-to-end test, run as a child process
// (the Playwright runner cannot load the core's modules itself): desk A served in browser mode and
// reaching the database through a TCP proxy that can be cut, desk B a second core on the database
// directly. Prints {"url": ...} once ready, then answers one JSON line per command read on stdin:
// "offline" / "online" (the proxy), "statementsOnB" (what desk B reads), "replaceKeyOfB" (puts a
// new audit key for desk B in the registry, as someone with write access to the database could),
// "breakPinsOfA" (makes desk A's pin file unreadable), "runOnA desks trust ID --fingerprint FP" (the
// `control-room desks trust` command the screen shows, run against desk A), "stop".
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { runDesksCommand } from '../../electron/cli/desks-command';
import { runCli } from '../../electron/cli/main';
import { keyFingerprint, keyPinsFileName, publicKeyToBase64 } from '../../electron/core/audit';
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
const dataDirs = new Map<string, string>();
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
  dataDirs.set(name, dataDir);
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
    case 'replaceKeyOfB': {
      const replacement = generateKeyPairSync('ed25519').publicKey;
      const owner = new pg.Client({ connectionString: db.ownerUrl });
      await owner.connect();
      try {
        await owner.query('UPDATE desks SET audit_public_key = $1 WHERE id = $2', [publicKeyToBase64(replacement), deskB.desks.id]);
      } finally {
        await owner.end();
      }
      return { deskId: deskB.desks.id, fingerprint: keyFingerprint(replacement) };
    }
    case 'breakPinsOfA':
      writeFileSync(join(dataDirs.get('Desk A') ?? '', keyPinsFileName), '{ "format": "control-room audit key pins 1", "desks": ');
      return { done: true };
    default: {
      // The command as the screen shows it, words split on spaces (none of its arguments has one).
      const [run, desks, sub, deskId, flag, fingerprint, ...rest] = command.split(' ');
      if (run !== 'runOnA' || desks !== 'desks' || sub !== 'trust' || flag !== '--fingerprint' || rest.length > 0) return { unknown: command };
      const lines: string[] = [];
      const io = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) };
      const code = await runDesksCommand(deskA, ['trust', deskId ?? ''], { json: false, fingerprint }, io);
      return { code, output: lines.join('\n') };
    }
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
