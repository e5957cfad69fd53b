// A real core on a throw-away data directory, as the app assembles it (createCore), with one
// account per role and signed-in callers. Secrets go to the test-only memory vault: a benchmark
// must never write an audit signing key into the developer's real OS keychain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core/app';
import type { Caller } from '../../electron/core/dispatch';
import { createDemoPlugin, type DemoPlugin } from '../../electron/demo/plugin';
import type { Logger } from '../../electron/lib/log';
import type { Role, Status } from '../../electron/shared/contract';
import { createMemoryVault } from '../../electron/vault/memory-vault';
import type { Vault } from '../../electron/vault/vault';
import { waitFor } from './timing';

export const benchAccounts: Record<Role, { readonly username: string; readonly displayName: string; readonly passphrase: string }> = {
  admin: { username: 'ada', displayName: 'Ada Admin', passphrase: 'bench lantern river 1919 first' },
  supervisor: { username: 'sam', displayName: 'Sam Supervisor', passphrase: 'bench lantern river 1919 second' },
  operator: { username: 'olu', displayName: 'Olu Operator', passphrase: 'bench lantern river 1919 third' },
};

export interface BenchCore {
  readonly core: Core;
  /** The demo newsroom plug-in the core is composed with (its newsroom() once channels start). */
  readonly demo: DemoPlugin;
  readonly dataDir: string;
  /** Warnings and errors the core logged (reported with the results, never hidden). */
  readonly problems: string[];
  signedIn(role: Role): Promise<Caller>;
  /** A fresh passphrase confirmation, for approve / publish / unfreeze. */
  refresh(caller: Caller, role: Role): Promise<void>;
  close(): Promise<void>;
}

export interface BenchCoreOptions {
  readonly mode?: Status['mode'];
  /** monitor.pollIntervalMs; the app's default (1000) when not given. */
  readonly pollIntervalMs?: number;
  /** Start the demo newsroom and the monitor, and wait for every channel's first (baseline) read. */
  readonly startChannels?: boolean;
  /** Team mode: a postgres:// URL (no password; the vault holds it) and that vault. */
  readonly databaseUrl?: string;
  readonly vault?: Vault;
  readonly deskName?: string;
  /** false: the accounts are already in the shared database (a second desk). */
  readonly createAccounts?: boolean;
}

function collectingLogger(problems: string[]): Logger {
  return {
    info: () => undefined,
    warn: (m) => problems.push(`warn: ${m}`),
    error: (m, err) => problems.push(`error: ${m}${err === undefined ? '' : `: ${err instanceof Error ? err.message : String(err)}`}`),
  };
}

export async function startBenchCore(options: BenchCoreOptions = {}): Promise<BenchCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cr-bench-'));
  const problems: string[] = [];
  const demo = createDemoPlugin();
  const core = await createCore({
    dataDir,
    mode: options.mode ?? 'cli',
    logger: collectingLogger(problems),
    vault: options.vault ?? createMemoryVault(),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.deskName ? { deskName: options.deskName } : {}),
    // Cheap passphrase hashing: sign-in cost is not what these benchmarks measure.
    scrypt: { N: 1024, r: 8, p: 1 },
    plugin: demo,
  });
  try {
    if (options.pollIntervalMs !== undefined) await core.settings.set('monitor.pollIntervalMs', String(options.pollIntervalMs), new Date());
    if (options.createAccounts !== false) {
      const admin = await core.accounts.createFirstAdmin({ ...benchAccounts.admin });
      for (const role of ['supervisor', 'operator'] as const) await core.accounts.createAccount(admin.id, { ...benchAccounts[role], role });
    }
    if (options.startChannels) {
      await core.startChannels();
      // Items already there at the first read are adopted as baseline, not alarmed: attacker posts
      // must come after every channel has been read once.
      await waitFor('the first read of every channel', () => core.channels.list().length > 0 && core.channels.list().every((c) => c.lastReadAt !== null), 30_000);
    }
  } catch (err) {
    await core.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const signIn = async (caller: Caller, role: Role): Promise<void> => {
    const r = await core.dispatch('accounts.signIn', { username: benchAccounts[role].username, passphrase: benchAccounts[role].passphrase }, caller);
    if (!r.ok) throw new Error(`sign-in as ${role} failed: ${r.error.message}`);
  };
  return {
    core,
    demo,
    dataDir,
    problems,
    async signedIn(role) {
      const caller: Caller = { transport: 'test', session: { id: null } };
      await signIn(caller, role);
      return caller;
    },
    async refresh(caller, role) {
      const r = await core.dispatch('accounts.reauthenticate', { passphrase: benchAccounts[role].passphrase }, caller);
      if (!r.ok) throw new Error(`re-authentication as ${role} failed: ${r.error.message}`);
    },
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
