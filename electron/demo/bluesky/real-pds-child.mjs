// Runs a real Bluesky PDS (@atproto/pds) with an in-memory PLC directory (@did-plc/server) on
// 127.0.0.1, fully offline, for the demo newsroom and the real-peer suites; started by real-pds.ts under Node 24.
// Creates the bureau's account, an app password for Control Room and one for a "scheduler" tool,
// then prints one JSON line with everything the tests need and waits to be killed.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [peerDir, dataDir] = process.argv.slice(2);
const requireFromPeer = createRequire(join(peerDir, 'package.json'));
const load = (name) => import(pathToFileURL(requireFromPeer.resolve(name)).href);

const plcModule = await load('@did-plc/server');
const plcLib = plcModule.default ?? plcModule;
const pds = await load('@atproto/pds');
const { Secp256k1Keypair } = await load('@atproto/crypto');
const { AtpAgent } = await load('@atproto/api');

const plc = plcLib.PlcServer.create({ db: plcLib.Database.mock(), port: 0 });
const listener = await plc.start();
const plcUrl = `http://localhost:${listener.address().port}`;

const recovery = await Secp256k1Keypair.create();
const rotation = await Secp256k1Keypair.create({ exportable: true });
mkdirSync(join(dataDir, 'blobs'), { recursive: true });
const port = Number(process.env.PDS_PORT);
const env = {
  devMode: true,
  hostname: 'localhost',
  port,
  dataDirectory: dataDir,
  blobstoreDiskLocation: join(dataDir, 'blobs'),
  didPlcUrl: plcUrl,
  recoveryDidKey: recovery.did(),
  plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
  jwtSecret: randomBytes(16).toString('hex'),
  adminPassword: randomBytes(16).toString('hex'),
  serviceHandleDomains: ['.test'],
  inviteRequired: false,
  disableSsrfProtection: true,
  // No AppView, moderation or crawlers: placeholders that are never reachable.
  bskyAppViewUrl: 'http://127.0.0.1:9',
  bskyAppViewDid: 'did:example:appview',
  modServiceUrl: 'http://127.0.0.1:9',
  modServiceDid: 'did:example:mod',
  crawlers: [],
};
const server = await pds.PDS.create(pds.envToCfg(env), pds.envToSecrets(env));
await server.start();
const url = `http://localhost:${port}`;

const mainPassword = randomBytes(12).toString('hex');
const owner = new AtpAgent({ service: url });
await owner.createAccount({ handle: 'met-press.test', email: 'press@newsroom.example', password: mainPassword });
const appPassword = async (name) => (await owner.com.atproto.server.createAppPassword({ name })).data.password;
const other = new AtpAgent({ service: url });
await other.createAccount({ handle: 'county-police.test', email: 'partner@newsroom.example', password: randomBytes(12).toString('hex') });

process.stdout.write(
  `${JSON.stringify({ url, did: owner.session.did, handle: 'met-press.test', mainPassword, bureauAppPassword: await appPassword('Control Room'), schedulerAppPassword: await appPassword('Scheduler'), otherHandle: 'county-police.test' })}\n`,
);
// The parent holds stdin open: when it goes away (even killed outright), so does this PDS.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
