// Two desks (two real cores) on one real PostgreSQL database, both holding the demo X server's
// credential (the email bulletin's only on desk A), with desk B's screen served by the real browser host: for the team-mode end-to-end
// test, which cannot load the core inside Playwright's own module loader. Run with tsx; prints one
// JSON line ({ appUrl, xId, emailId, passphrase: the supervisor's }) when ready; on the stdin line "close A" closes desk A and
// prints "closed A"; on stdin's end it stops everything and exits.
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { splitSecrets, storeSecrets } from '../../electron/core/channels/connections';
import { demoConnections } from '../../electron/demo/plugin';
import { startDemoNewsroom } from '../../electron/demo/newsroom';
import { startBrowserHost } from '../../electron/host/browser-host';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { startPostgres } from './postgres';
import { makeTestCore, type TestCore } from './test-core';
import { keychainFor } from './desk-keychain';

const rendererDir = join(import.meta.dirname, '..', '..', 'out', 'renderer');
const server = await startPostgres();
const db = await server.freshDatabase();
await migratePostgres(db.ownerUrl, { appRole: server.appRole });
const newsroom = await startDemoNewsroom();
const xInput = demoConnections(newsroom).find((c) => c.input.kind === 'x')?.input;
const emailInput = demoConnections(newsroom).find((c) => c.input.kind === 'email')?.input;
if (!xInput || !emailInput) throw new Error('the demo newsroom has no X or no email connection');
const a = await keychainFor(db.appUrl);
let deskA: TestCore | null = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
const xId = (await deskA.core.channels.connect(xInput)).id;
// The email bulletin's credential stays on desk A alone: once A closes, no desk reads it.
const emailId = (await deskA.core.channels.connect(emailInput)).id;
const b = await keychainFor(db.appUrl);
await storeSecrets(b.vault, xId, splitSecrets(xInput).secrets);
const deskB = await makeTestCore({ demo: false, databaseUrl: b.url, vault: b.vault, deskName: 'Desk B', createAccounts: false });
const host = await startBrowserHost({ core: deskB.core, rendererDir, port: 0 });
console.log(JSON.stringify({ appUrl: host.appUrl, xId, emailId, passphrase: deskB.passphrase('supervisor') }));

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === 'close A' && deskA) {
    await deskA.close();
    deskA = null;
    console.log('closed A');
  }
}
await host.close();
await deskB.close();
await deskA?.close();
await newsroom.stop();
await server.stop();
process.exit(0);
