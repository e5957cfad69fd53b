// Starts a REAL PostgreSQL (Debian's postgresql, 15+) for the tests of the PostgreSQL store: a
// throwaway cluster in a temp dir on 127.0.0.1, with the two roles team mode uses: an owner that
// runs the migrations (DDL) and an app role with DML rights only, as a bureau's IT would set it up.
//
// Facts this follows (shared/design/real-servers.md): initdb refuses root, so as root the cluster
// runs as the `postgres` OS user through runuser (as anyone else, as that user); fsync off and
// --no-sync: a test cluster never needs to survive a power cut. Each suite gets a fresh database
// per test from freshDatabase(), so nothing leaks between tests.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './dovecot';
import { findExecutable, installCommand, postgresBinDir } from './peers.mjs';

export interface PostgresDatabase {
  readonly name: string;
  /** Connects as the owner role (migrations, DDL). */
  readonly ownerUrl: string;
  /** Connects as the app role (DML only, what a desk uses). */
  readonly appUrl: string;
}

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly ownerRole: string;
  readonly appRole: string;
  /** The database created at start-up (owned by the owner role). */
  readonly database: PostgresDatabase;
  /** Milliseconds from initdb to accepting connections with the roles created. */
  readonly startupMs: number;
  /**
   * A new, empty database owned by the owner role, which the app role may connect to. By default it
   * sorts text bytewise (C, as SQLite does); `icuLocale` gives it a language's collation instead, as
   * a bureau's own server would have (ICU, so it needs no OS locale installed).
   */
  freshDatabase(options?: { readonly icuLocale?: string }): Promise<PostgresDatabase>;
  /**
   * Stops the server (fast shutdown: every connection is cut) and starts it again on the same port,
   * `downMs` later (default 0). Asynchronous: the test's own desks keep running (and failing to
   * connect) while it is down.
   */
  restart(options?: { readonly downMs?: number }): Promise<void>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

interface RunAs {
  readonly prefix: readonly string[];
  readonly uid: number | null;
  readonly gid: number | null;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [], uid: null, gid: null };
  const runuser = findExecutable('runuser');
  if (!runuser) throw new Error(`startPostgres: running as root needs runuser to start PostgreSQL as \`postgres\`; install: ${installCommand(['postgresql'])}`);
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { prefix: [runuser, '-u', 'postgres', '--'], uid: id('-u'), gid: id('-g') };
}

function run(as: RunAs, bin: string, args: readonly string[], what: string, logFile?: string): void {
  const [command = bin, ...rest] = as.prefix;
  const out = spawnSync(command, [...rest, ...(as.prefix.length > 0 ? [bin] : []), ...args], { encoding: 'utf8' });
  if (out.status !== 0) {
    const log = logFile && existsSync(logFile) ? `\n${readFileSync(logFile, 'utf8').slice(-2000)}` : '';
    throw new Error(`startPostgres: ${what} failed (exit ${out.status}): ${out.stderr || out.stdout}${log}`);
  }
}

/** As run(), without blocking the event loop. */
function runAsync(as: RunAs, bin: string, args: readonly string[], what: string, logFile: string): Promise<void> {
  const [command = bin, ...rest] = as.prefix;
  return new Promise((resolve, reject) => {
    execFile(command, [...rest, ...(as.prefix.length > 0 ? [bin] : []), ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const log = existsSync(logFile) ? `\n${readFileSync(logFile, 'utf8').slice(-2000)}` : '';
      reject(new Error(`startPostgres: ${what} failed (${err.message}): ${stderr || stdout}${log}`));
    });
  });
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const urlFor = (role: string, password: string, host: string, port: number, db: string): string =>
  `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(db)}`;

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`startPostgres: no initdb/pg_ctl in /usr/lib/postgresql/*/bin; install: ${installCommand(['postgresql'])}`);
  const as = runAs();
  const started = performance.now();
  const host = '127.0.0.1';
  // Short path: the server's unix socket lives here too and sun_path is ~108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const superPassword = randomBytes(12).toString('base64url');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, `${superPassword}\n`, { mode: 0o600 });
  if (as.uid !== null && as.gid !== null) {
    chownSync(dir, as.uid, as.gid);
    chownSync(pwFile, as.uid, as.gid);
  }
  const pgCtl = join(bin, 'pg_ctl');
  const stopServer = (): void => {
    process.off('exit', stopAndRemove);
    if (existsSync(join(data, 'postmaster.pid'))) run(as, pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
  };
  // pg_ctl detaches the server: a test process that exits without stop() must not leave it running.
  function stopAndRemove(): void {
    try {
      stopServer();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.once('exit', stopAndRemove);
  try {
    // Passwords over TCP (scram), as a desk connects; the unix socket stays in the temp dir.
    run(as, join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 'initdb');
    const port = await freePort(host);
    const options = `-c listen_addresses=${host} -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(as, pgCtl, ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', options, 'start'], 'pg_ctl start', logFile);

    const ownerRole = 'cr_owner';
    const appRole = 'cr_app';
    const ownerPassword = randomBytes(12).toString('base64url');
    const appPassword = randomBytes(12).toString('base64url');
    let admin = new pg.Client({ connectionString: urlFor('postgres', superPassword, host, port, 'postgres') });
    await admin.connect();
    let counter = 0;
    const freshDatabase = async (options: { readonly icuLocale?: string } = {}): Promise<PostgresDatabase> => {
      const name = `control_room_${++counter}`;
      // FILE_COPY: with fsync off, copying the template's files is faster than WAL-logging them.
      const locale = options.icuLocale === undefined ? '' : ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE ${pg.escapeLiteral(options.icuLocale)}`;
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(ownerRole)}${locale} STRATEGY FILE_COPY`);
      await admin.query(`REVOKE ALL ON DATABASE ${quoteIdent(name)} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT ON DATABASE ${quoteIdent(name)} TO ${quoteIdent(appRole)}`);
      return { name, ownerUrl: urlFor(ownerRole, ownerPassword, host, port, name), appUrl: urlFor(appRole, appPassword, host, port, name) };
    };
    try {
      // The owner may create schema objects in its own databases (PG 15: the public schema belongs
      // to the database owner); the app role only logs in and gets DML grants from the migrations.
      await admin.query(`CREATE ROLE ${quoteIdent(ownerRole)} LOGIN PASSWORD '${ownerPassword}'`);
      await admin.query(`CREATE ROLE ${quoteIdent(appRole)} LOGIN PASSWORD '${appPassword}'`);
      const database = await freshDatabase();
      const startupMs = Math.round(performance.now() - started);
      return {
        host,
        port,
        ownerRole,
        appRole,
        database,
        startupMs,
        freshDatabase,
        restart: async ({ downMs = 0 } = {}) => {
          await admin.end().catch(() => undefined);
          await runAsync(as, pgCtl, ['-D', data, '-w', '-t', '30', '-m', 'fast', 'stop'], 'pg_ctl stop', logFile);
          if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
          await runAsync(as, pgCtl, ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', options, 'start'], 'pg_ctl start', logFile);
          admin = new pg.Client({ connectionString: urlFor('postgres', superPassword, host, port, 'postgres') });
          await admin.connect();
        },
        stop: async () => {
          await admin.end().catch(() => undefined);
          stopAndRemove();
        },
      };
    } catch (err) {
      await admin.end().catch(() => undefined);
      throw err;
    }
  } catch (err) {
    stopAndRemove();
    throw err;
  }
}
