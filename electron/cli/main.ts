// The `control-room` command line: the same core and data directory as the app, for break-glass
// use from a terminal and for browser mode. Each command prints what to do when it cannot run.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore, type Core } from '../core/app';
import { blueskyPdsChoice } from '../demo/newsroom';
import { createDemoPlugin } from '../demo/plugin';
import { createLogger } from '../lib/log';
import type { CorePlugin } from '../lib/plugin';
import { defaultDataDir } from '../core/paths';
import { startBrowserHost } from '../host/browser-host';
import { StoreError } from '../store/database';
import { chooseDatabaseUrl } from '../store/backend';
import { createKeychainVault } from '../vault/keychain-vault';
import type { Vault } from '../vault/vault';
import { runAuditCommand } from './audit-command';
import { runDbCommand } from './db-command';
import { runDesksCommand } from './desks-command';
import { runDraftsCommand } from './drafts-command';
import { runEvidenceCommand, runFreezeCommand } from './control-command';
import { removeDemoInfo, runDemoCommand, untilStopped, writeDemoInfo } from './demo-command';
import { allChannels } from '../shared/all-channels';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const usage = `Usage: control-room <command> [options]

Commands:
  status [--json]                 Version, data directory and schema version
  serve [--json] [--port N]       Browser mode: serve the app on 127.0.0.1 and print its URL
                                  (with the demo newsroom when no real channel is configured)
  demo [--json]                   Start the demo newsroom's servers alone; print their URLs and
                                  the compromised-integration credentials
  demo replay [--speed N]         Play the July 2019 incident against a running demo newsroom
                                  (\`demo\` or \`serve\` on the same --data-dir), or a fresh one
  audit verify [--json]           Check every link and signed checkpoint of the audit log;
                                  exits 1 and names the first bad entry when it fails; in team
                                  mode names the desk that signed each checkpoint, and exits 3
                                  when a desk's key is not trusted yet
  freeze --user NAME (--all | --channels a,b) [--reason TEXT]
                                  Break-glass: stop every send path now (the running app obeys)
  evidence export --user NAME [--incident N] [--out DIR]
                                  The incident bundle: evidence, audit entries, hashes, report
                                  (the passphrase comes from CONTROL_ROOM_PASSPHRASE or a prompt)

Team mode (PostgreSQL):
  db password --database URL      Store the password of the URL's role in the OS keychain
                                  (read from standard input; never put it in the URL)
  db migrate --database URL --app-role NAME
                                  Create or upgrade the schema as the owner role the URL names,
                                  and grant NAME (the role desks connect as) its DML rights
  db status [--json]              Backend, schema version of latest, reachable or not
  desks [--json]                  Every desk on the database, with when it was last seen and
                                  its audit key's fingerprint (pinned by this desk or not)
  desks trust DESK-ID --fingerprint FP
                                  Trust that desk's audit key after checking FP with that desk
  drafts [--json]                 Drafts this desk saved while its database was unreachable, not
                                  synced yet (read from the data directory; no database needed)
  drafts show N                   One of them in full: title, text and every channel variant

Options:
  --data-dir DIR                  Data directory (default: ${defaultDataDir()})
  --database URL                  postgres://USER@HOST:PORT/DB (TLS: ?sslmode=verify-full for
                                  any host that is not this machine); default: the environment's
                                  CONTROL_ROOM_DATABASE_URL, else SQLite in the data directory
  --desk-name NAME                This desk's name in the desks registry (default: host name)
  --help                          This text`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** What a command reads besides its arguments; tests replace each part. */
export interface CliEnv {
  /** The OS keychain by default. */
  readonly vault?: () => Vault;
  /** Environment variables (CONTROL_ROOM_DATABASE_URL); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** All of standard input (db password). */
  readonly readInput?: () => Promise<string>;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

interface OpenTarget {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly deskName: string | undefined;
  readonly vault: (() => Vault) | undefined;
}

/** `plugin`: only where channels start (serve); the other commands never read a channel. */
async function openCore(t: OpenTarget, mode: 'cli' | 'browser', io: CliIo, plugin?: CorePlugin): Promise<Core | null> {
  try {
    return await createCore({
      dataDir: t.dataDir,
      mode,
      logger: createLogger({ file: join(t.dataDir, 'control-room.log'), quiet: mode === 'cli' }),
      ...(plugin ? { plugin } : {}),
      ...(t.databaseUrl === null ? {} : { databaseUrl: t.databaseUrl }),
      ...(t.deskName === undefined ? {} : { deskName: t.deskName }),
      ...(t.vault ? { vault: t.vault() } : {}),
    });
  } catch (err) {
    if (err instanceof StoreError || (err instanceof Error && err.name === 'VaultUnavailableError')) {
      io.err(`control-room: ${err.message}`);
      return null;
    }
    throw err;
  }
}

/** Runs one command; resolves to the exit code (serve resolves only when stopped). */
export async function runCli(argv: readonly string[], io: CliIo = processIo, cliEnv: CliEnv = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        speed: { type: 'string' },
        user: { type: 'string' },
        all: { type: 'boolean', default: false },
        channels: { type: 'string' },
        reason: { type: 'string' },
        incident: { type: 'string' },
        out: { type: 'string' },
        database: { type: 'string' },
        'desk-name': { type: 'string' },
        'app-role': { type: 'string' },
        fingerprint: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(`control-room: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    io.out(usage);
    return command || values.help ? 0 : 2;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const databaseUrl = chooseDatabaseUrl(values.database, cliEnv.env ?? process.env);
  const target: OpenTarget = { dataDir, databaseUrl, deskName: values['desk-name'], vault: cliEnv.vault };
  const statusCommand = async (): Promise<number> => {
    const core = await openCore(target, 'cli', io);
    if (!core) return 1;
    const status = core.status();
    const freezes = await core.control.freeze.state();
    await core.close();
    if (values.json) io.out(JSON.stringify({ ...status, freezes }));
    else
      io.out(
        `Control Room ${status.version}\n  data directory: ${status.dataDir}\n  database: ${status.backend.kind === 'sqlite' ? `SQLite ${status.backend.where}` : `PostgreSQL ${status.backend.where}`}\n  ` +
          `schema: ${status.schemaVersion} of ${status.latestSchemaVersion}\n  ` +
          (freezes.length === 0 ? 'not frozen' : `FROZEN: ${freezes.map((f) => `${f.scope === allChannels ? 'all channels' : f.scope} since ${f.frozenAt}`).join('; ')}`),
      );
    return 0;
  };

  switch (command) {
    case 'status':
      return statusCommand();
    case 'db':
      return runDbCommand(
        positionals.slice(1),
        { databaseUrl, appRole: values['app-role'], json: values.json, vault: cliEnv.vault ?? (() => createKeychainVault()), readInput: cliEnv.readInput ?? readStdin },
        io,
        statusCommand,
      );
    case 'desks': {
      const core = await openCore(target, 'cli', io);
      if (!core) return 1;
      try {
        return await runDesksCommand(core, positionals.slice(1), { json: values.json, fingerprint: values.fingerprint }, io);
      } finally {
        await core.close();
      }
    }
    case 'drafts':
      // Never opens the core: it must work while the database is unreachable.
      return runDraftsCommand(positionals.slice(1), { dataDir, json: values.json }, io);
    case 'serve': {
      const rendererDir = join(projectRoot, 'out', 'renderer');
      if (!existsSync(join(rendererDir, 'index.html'))) {
        io.err('control-room: the app is not built yet. Run `npm run build`, then try again.');
        return 1;
      }
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err(`control-room: --port must be a number from 0 to 65535 (got ${values.port}).`);
        return 2;
      }
      const demoPlugin = createDemoPlugin({ blueskyPds: blueskyPdsChoice() });
      const core = await openCore(target, 'browser', io, demoPlugin);
      if (!core) return 1;
      await core.startChannels();
      const host = await startBrowserHost({ core, rendererDir, port });
      const newsroom = demoPlugin.newsroom();
      const demo = newsroom ? newsroom.info() : null;
      if (demo) writeDemoInfo(dataDir, demo);
      if (values.json) io.out(JSON.stringify({ url: host.appUrl, origin: host.origin, dataDir, demo }));
      else io.out(`Control Room (browser mode) at ${host.appUrl}${demo && newsroom ? `\nDemo newsroom running (simulated channels; ${newsroom.blueskyPds.note}).` : ''}\nPress Ctrl+C to stop.`);
      await untilStopped();
      if (demo) removeDemoInfo(dataDir);
      await host.close();
      await core.close();
      return 0;
    }
    case 'audit': {
      const core = await openCore(target, 'cli', io);
      if (!core) return 1;
      try {
        return await runAuditCommand(core, positionals.slice(1), values.json, io, cliEnv.vault);
      } finally {
        await core.close();
      }
    }
    case 'freeze':
    case 'evidence': {
      const core = await openCore(target, 'cli', io);
      if (!core) return 1;
      const o = { user: values.user, all: values.all, channels: values.channels, reason: values.reason, incident: values.incident, out: values.out, json: values.json };
      try {
        return command === 'freeze' ? await runFreezeCommand(core, o, io) : await runEvidenceCommand(core, positionals.slice(1), o, io);
      } finally {
        await core.close();
      }
    }
    case 'demo':
      return runDemoCommand(positionals.slice(1), { dataDir, json: values.json, speed: values.speed }, io);
    default:
      io.err(`control-room: unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}
