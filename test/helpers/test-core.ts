// A core on a temp data directory with one account per role, for contract-level tests. scrypt is
// made cheap here only; production keeps the accounts service's defaults.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/app';
import type { Caller } from '../../electron/core/dispatch';
import { createDemoPlugin, type DemoPlugin } from '../../electron/demo/plugin';
import type { Clock } from '../../electron/lib/clock';
import { createLogger, type Logger } from '../../electron/lib/log';
import type { CallName, Role } from '../../electron/shared/contract';
import type { Vault } from '../../electron/vault/vault';
import { allChannels } from '../../electron/shared/all-channels';

export interface TestCore {
  /** The current core (replaced by restart()). */
  readonly core: Core;
  /** The demo newsroom plug-in the core is composed with (its newsroom() once channels start). */
  readonly demo: DemoPlugin;
  readonly dir: string;
  passphrase(role: Role): string;
  signedIn(role: Role): Promise<Caller>;
  /** An input that parses for each call (access checks run after parsing). */
  validInput(name: CallName): unknown;
  /** Closes the core and opens a new one on the same data directory, channels started. */
  restart(): Promise<Core>;
  close(): Promise<void>;
}

export interface TestCoreOptions {
  /** false: the demo newsroom never starts (setting demo.enabled=false). */
  readonly demo?: boolean;
  /** A vault other than the OS keychain (the test-only memory vault). */
  readonly vault?: Vault;
  /** The core's clock (a manual one moves approvals, sessions and schedules by hand). */
  readonly clock?: Clock;
  /** The demo newsroom's Bluesky: 'real-if-installed' runs the real PDS (its suite only). */
  readonly blueskyPds?: 'demo' | 'real-if-installed';
  /** Team mode: a postgres:// URL without a password (the vault given must hold it). */
  readonly databaseUrl?: string;
  /** This desk's name in the desks registry. */
  readonly deskName?: string;
  /** false: the accounts already exist (a second desk on a shared database). */
  readonly createAccounts?: boolean;
  /** Team mode: the reader lease's timings (the core's defaults otherwise). */
  readonly readerLease?: { readonly leaseMs?: number; readonly renewMs?: number; readonly askMs?: number };
  /** Where the core logs (a quiet logger otherwise): a test reading what was logged passes its own. */
  readonly logger?: Logger;
}

const usernames: Record<Role, string> = { admin: 'ada', supervisor: 'sam', operator: 'olu' };
const passphrases: Record<Role, string> = {
  admin: 'quiet lantern river 1919 first',
  supervisor: 'quiet lantern river 1919 second',
  operator: 'quiet lantern river 1919 third',
};

const validInputs: Record<CallName, unknown> = {
  'accounts.session': {},
  'media.add': { fileName: 'x.png', mime: 'image/png', dataBase64: 'AAAA' },
  'media.image': { sha256: 'a'.repeat(64), size: 'thumb' },
  'accounts.createFirstAdmin': { username: 'someone', displayName: 'Some One', passphrase: 'a long enough passphrase' },
  'accounts.signIn': { username: 'nobody', passphrase: 'wrong' },
  'accounts.unlock': { passphrase: 'x' },
  'accounts.signOut': {},
  'accounts.lockSession': {},
  'accounts.reauthenticate': { passphrase: 'x' },
  'accounts.activity': {},
  'accounts.list': {},
  'accounts.changeOwnPassphrase': { currentPassphrase: 'wrong', newPassphrase: 'a long enough passphrase' },
  'accounts.resetPassphrase': { accountId: 'nobody', newPassphrase: 'a long enough passphrase' },
  'accounts.create': { username: 'newuser', displayName: 'New User', role: 'operator', passphrase: 'a long enough passphrase' },
  'accounts.setRole': { accountId: 'nobody', role: 'operator' },
  'accounts.disable': { accountId: 'nobody' },
  'accounts.enable': { accountId: 'nobody' },
  'app.status': {},
  'desks.list': {},
  'desks.readers': {},
  'desks.databaseHealth': {},
  'desks.dismissOfflineDraftNotice': { id: 1 },
  'settings.get': { key: 'demo.enabled' },
  'settings.set': { key: 'demo.enabled', value: 'true' },
  'settings.anomaly': {},
  'settings.setAnomaly': { baselinePerHour: 3 },
  'settings.addAbusiveWord': { word: 'scumbags' },
  'settings.removeAbusiveWord': { word: 'pwned' },
  'channels.list': {},
  'channels.test': { channel: { kind: 'rss', name: 'Feed', url: 'http://127.0.0.1:9/feed' } },
  'channels.connect': { channel: { kind: 'rss', name: 'Feed', url: 'http://127.0.0.1:9/feed' } },
  'channels.remove': { id: 'nope' },
  'channels.rotateSecret': { id: 'nope', name: 'application-password', secret: 'new secret value' },
  'channels.authorizeX': { name: 'X', clientId: 'client', apiBaseUrl: 'http://127.0.0.1:9', authorizeBaseUrl: 'http://127.0.0.1:9' },
  'channels.authorizeMastodon': { name: 'Mastodon', instanceUrl: 'http://127.0.0.1:9' },
  'feed.list': { channelId: 'demo-x', limit: 10 },
  'feed.item': { channelId: 'demo-x', itemId: '1' },
  'feed.adopt': { channelId: 'demo-x', itemId: '1', reason: 'posted by the duty officer from the phone app' },
  'statements.list': {},
  'statements.get': { id: 'nope' },
  'statements.save': { title: 't', canonicalText: 't', variants: {} },
  'statements.submit': { id: 'nope' },
  'statements.approve': { id: 'nope', contentHash: 'sha256:x' },
  'statements.reject': { id: 'nope', comment: 'no' },
  'templates.list': {},
  'templates.fill': { id: 'nope', values: {} },
  'templates.propose': { name: 'n', title: 't', variants: {} },
  'templates.approve': { id: 'nope', contentHash: 'sha256:x' },
  'control.state': {},
  'control.freeze': { scope: allChannels, reason: '' },
  'control.unfreeze': { scope: allChannels },
  'control.retract': { items: [{ channelId: 'demo-x', itemId: '1' }] },
  'control.retractUnverifiedSince': { since: '2019-07-19T22:04:00Z', channelIds: ['demo-x'] },
  'control.lockList': {},
  'control.lock': { channelId: 'demo-x', actionId: 'x', confirmed: true },
  'control.lockEveryDesk': { confirmed: true },
  'control.outbox': {},
  'control.awaitingConfirmation': {},
  'control.confirmSend': { id: 'nope' },
  'control.cancelSend': { id: 'nope' },
  'statements.schedule': { id: 'nope', channelIds: ['demo-x'], at: '2019-07-20T08:00:00Z' },
  'templates.breakGlassList': {},
  'templates.reviewBreakGlass': { id: 'nope', note: 'checked the words and the reason' },
  'statements.publish': { id: 'nope', channelIds: ['demo-x'] },
  'templates.breakGlass': { id: 'nope', reason: 'hacked', values: {}, channelIds: ['demo-x'] },
  'evidence.export': {},
  'incident.timeline': {},
  'audit.list': {},
  'audit.verify': {},
  'demo.status': {},
  'demo.replay': {},
  'links.open': { url: 'https://x.com/' },
};

export async function makeTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-core-'));
  const demo = createDemoPlugin(options.blueskyPds ? { blueskyPds: options.blueskyPds } : {});
  const open = (): Promise<Core> =>
    createCore({
      dataDir: dir,
      mode: 'cli',
      logger: options.logger ?? createLogger({ quiet: true }),
      scrypt: { N: 1024, r: 8, p: 1 },
      plugin: demo,
      ...(options.vault ? { vault: options.vault } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.deskName ? { deskName: options.deskName } : {}),
      ...(options.readerLease ? { readerLease: options.readerLease } : {}),
    });
  let core = await open().catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  if (options.demo === false) {
    await core.settings.set('demo.enabled', 'false', new Date());
    // No demo servers to start: the monitor runs, ready for channels connected by the test.
    await core.startChannels();
  }
  if (options.createAccounts !== false) {
    const admin = await core.accounts.createFirstAdmin({ username: usernames.admin, displayName: 'Ada Admin', passphrase: passphrases.admin });
    await core.accounts.createAccount(admin.id, { username: usernames.supervisor, displayName: 'Sam Supervisor', role: 'supervisor', passphrase: passphrases.supervisor });
    await core.accounts.createAccount(admin.id, { username: usernames.operator, displayName: 'Olu Operator', role: 'operator', passphrase: passphrases.operator });
  }
  return {
    get core() {
      return core;
    },
    demo,
    dir,
    async restart() {
      await core.close();
      core = await open();
      await core.startChannels();
      return core;
    },
    passphrase: (role) => passphrases[role],
    async signedIn(role) {
      const caller: Caller = { transport: 'test', session: { id: null } };
      const r = await core.dispatch('accounts.signIn', { username: usernames[role], passphrase: passphrases[role] }, caller);
      if (!r.ok) throw new Error(`sign-in as ${role} failed: ${r.error.message}`);
      return caller;
    },
    validInput: (name) => {
      if (!(name in validInputs)) throw new Error(`test-core has no valid input for ${name}: add one`);
      return validInputs[name];
    },
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The data of a successful result, or a thrown error naming what failed. */
export function dataOf<T>(result: { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as T;
}
