/**
 * A real WordPress (Debian's 6.1 on PHP 8.2 and MariaDB 10.11) for integration tests: one private
 * MariaDB and one PHP built-in server on 127.0.0.1, everything in a temp dir that `stop()` removes.
 *
 * Startup: MariaDB data dir + server on a Unix socket, a private copy of /usr/share/wordpress with our
 * own wp-config.php, `php -S 127.0.0.1:0` behind router.php, the installer form POSTed, then
 * wordpress/setup-site.php (pretty permalinks, users, application passwords), and finally an
 * authenticated REST call as the readiness check. Facts behind each step:
 * /work/shared/design/real-servers.md.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  findExecutable,
  isRunning,
  killNow,
  spawnLogged,
  stopProcess,
  tailOfFile,
  waitFor,
  type LoggedProcess,
} from './wordpress/processes';
import { installCommand, peerMissing } from './peers.mjs';

const execFileAsync = promisify(execFile);

const WORDPRESS_SOURCE = '/usr/share/wordpress';
const HELPER_DIR = fileURLToPath(new URL('./wordpress/', import.meta.url));
// Unix socket paths are limited to 108 bytes (sun_path); stay clear of it.
const MAX_SOCKET_PATH = 100;

export interface WordPressCredential {
  readonly username: string;
  /** The application password as WordPress generated it (24 characters, no spaces). */
  readonly applicationPassword: string;
  readonly userId: number;
  /** The application password's uuid, as used by /wp/v2/users/<id>/application-passwords/<uuid>. */
  readonly uuid: string;
}

export interface WordPressCredentials {
  /** Administrator created by the installer. */
  readonly admin: WordPressCredential;
  /** Editor used by the newsroom's own integration. */
  readonly bureau: WordPressCredential;
  /** Editor whose application password plays the leaked one. */
  readonly compromised: WordPressCredential;
}

export interface WordPressTimings {
  /** mariadb-install-db, mariadbd up, database created. */
  readonly databaseMs: number;
  /** WordPress copied, wp-config.php written, PHP server answering. */
  readonly webServerMs: number;
  /** The installer form POST (creates the tables and the administrator). */
  readonly installMs: number;
  /** setup-site.php plus the first authenticated REST answer. */
  readonly setupMs: number;
  /** From the call to the first successful authenticated REST request. */
  readonly totalMs: number;
}

export interface RunningWordPress {
  /** Site root without trailing slash, e.g. http://127.0.0.1:40175 */
  readonly url: string;
  readonly credentials: WordPressCredentials;
  readonly timings: WordPressTimings;
  /** The temp dir: www/ (the site), php.log, mariadb.log. Removed by stop(). */
  readonly tempDir: string;
  /** Stops PHP and MariaDB (waiting until they are gone) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartWordPressOptions {
  /** Upper bound for the whole startup; default 60 s (a warm start takes about 3 s). */
  readonly startTimeoutMs?: number;
  /** Keep the temp dir after stop() for post-mortems; its path is printed. */
  readonly keepTempDir?: boolean;
  readonly siteTitle?: string;
}

function requireExecutable(name: string): string {
  const path = findExecutable(name);
  if (path === undefined) {
    throw new Error(`${name} is not installed; install: ${installCommand(['wordpress'])}`);
  }
  return path;
}

/** Site state shared by the startup steps and stop(). */
interface Site {
  readonly dir: string;
  readonly processes: LoggedProcess[];
  readonly logs: string[];
}

const liveSites = new Set<Site>();
let exitHookInstalled = false;

/** Last resort if a test run dies without calling stop(): no orphaned servers left behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const site of liveSites) for (const proc of site.processes) killNow(proc);
  });
}

export async function startWordPress(options: StartWordPressOptions = {}): Promise<RunningWordPress> {
  const started = performance.now();
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const missing = peerMissing('wordpress');
  if (missing !== undefined) throw new Error(`WordPress test server: ${missing}; install: ${installCommand(['wordpress'])}`);
  const site: Site = { dir: await makeTempDir(), processes: [], logs: [] };
  liveSites.add(site);
  installExitHook();
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= stopSite(site, options.keepTempDir ?? false));

  try {
    const socket = join(site.dir, 'mysql.sock');
    await startDatabase(site, socket, deadline);
    const databaseDone = performance.now();

    const www = join(site.dir, 'www');
    await copyWordPress(www);
    const url = await startWebServer(site, www, deadline);
    await writeConfig(www, socket, url);
    await waitUntil(site, deadline, 'PHP server answering', async () => {
      return (await fetchStatus(`${url}/readme.html`)) === 200;
    });
    const webServerDone = performance.now();

    const adminLogin = 'admin';
    await postInstaller(url, adminLogin, options.siteTitle ?? 'Control Room Test Newsroom', deadline);
    const installDone = performance.now();

    const credentials = await setupSite(www, url, adminLogin, deadline);
    const auth = basicAuth(credentials.admin);
    await waitUntil(site, deadline, 'authenticated REST API', async () => {
      return (await fetchStatus(`${url}/wp-json/wp/v2/users/me`, { authorization: auth })) === 200;
    });
    const done = performance.now();

    return {
      url,
      credentials,
      tempDir: site.dir,
      timings: {
        databaseMs: Math.round(databaseDone - started),
        webServerMs: Math.round(webServerDone - databaseDone),
        installMs: Math.round(installDone - webServerDone),
        setupMs: Math.round(done - installDone),
        totalMs: Math.round(done - started),
      },
      stop,
    };
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const logs = site.logs.map((path) => `--- ${path} (tail)\n${tailOfFile(path)}`).join('\n');
    await stop().catch(() => undefined);
    throw new Error(`startWordPress failed: ${message}\n${logs}`, { cause: error });
  }
}

/** `Basic` header value for a credential's application password. */
export function basicAuth(credential: Pick<WordPressCredential, 'username' | 'applicationPassword'>): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.applicationPassword}`).toString('base64')}`;
}

async function makeTempDir(): Promise<string> {
  let dir = await mkdtemp(join(tmpdir(), 'wp-'));
  if (join(dir, 'mysql.sock').length > MAX_SOCKET_PATH) {
    // A long TMPDIR (macOS-style) would make the socket path too long for bind().
    await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp('/tmp/wp-');
  }
  return dir;
}

/** Milliseconds left before the startup deadline (at least 1, so timeouts stay valid). */
function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

/** Throws with `what` if `check` does not pass before the deadline or a server process died. */
async function waitUntil(site: Site, deadline: number, what: string, check: () => Promise<boolean>): Promise<void> {
  let died: LoggedProcess | undefined;
  const passed = await waitFor(async () => {
    died = site.processes.find((proc) => !isRunning(proc));
    return died !== undefined || (await check());
  }, Math.max(0, deadline - Date.now()), 50);
  if (died !== undefined) throw new Error(`${died.name} exited while waiting for ${what}`);
  if (!passed) throw new Error(`timed out waiting for ${what}`);
}

async function startDatabase(site: Site, socket: string, deadline: number): Promise<void> {
  const datadir = join(site.dir, 'db');
  const log = join(site.dir, 'mariadb.log');
  site.logs.push(log);
  // Smaller redo log than the 96 MB default: the data dir is written and thrown away per run.
  const innodb = ['--innodb-log-file-size=8M', '--innodb-buffer-pool-size=32M'];
  // mariadbd refuses to run as root unless told to; as any other user it just runs as that user.
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  await execFileAsync(requireExecutable('mariadb-install-db'), [
    '--no-defaults',
    `--datadir=${datadir}`,
    // Passwordless root@localhost instead of unix_socket auth, which would tie login to the OS user.
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    ...asRoot,
    ...innodb,
  ], { timeout: remaining(deadline) }).catch((error: unknown) => {
    throw new Error(`mariadb-install-db failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  site.processes.push(
    spawnLogged({
      name: 'mariadbd',
      command: requireExecutable('mariadbd'),
      args: [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--socket=${socket}`,
        `--pid-file=${join(site.dir, 'mariadb.pid')}`,
        `--tmpdir=${site.dir}`,
        // Unix socket only: nothing listens on a TCP port, so parallel runs cannot collide.
        '--skip-networking',
        '--skip-log-bin',
        // No fsync per commit: durability is pointless for a data dir deleted after the run.
        '--innodb-flush-log-at-trx-commit=0',
        ...asRoot,
        ...innodb,
      ],
      logPath: log,
    }),
  );
  const client = requireExecutable('mariadb');
  // The socket accepts connections a little after it appears; creating the database is the probe.
  await waitUntil(site, deadline, 'MariaDB', async () => {
    try {
      await execFileAsync(client, [
        '--no-defaults',
        `--socket=${socket}`,
        '--user=root',
        '--execute=CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4',
      ], { timeout: remaining(deadline) });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Private copy of Debian's WordPress. Entry points and wp-admin must be real copies: they find
 * wp-load.php/wp-config.php through __DIR__, which resolves symlinks and would lead back to Debian's
 * config. wp-includes (46 MB) is only reached through ABSPATH, so a symlink is enough.
 */
async function copyWordPress(www: string): Promise<void> {
  await mkdir(www);
  for (const entry of await readdir(WORDPRESS_SOURCE)) {
    // Our own wp-config.php replaces Debian's; .htaccess points into /etc and means nothing to php -S.
    if (entry === 'wp-config.php' || entry === '.htaccess') continue;
    const source = join(WORDPRESS_SOURCE, entry);
    const target = join(www, entry);
    if (entry === 'wp-includes') await symlink(source, target);
    else await cp(source, target, { recursive: true, verbatimSymlinks: true });
  }
}

async function startWebServer(site: Site, www: string, deadline: number): Promise<string> {
  const log = join(site.dir, 'php.log');
  site.logs.push(log);
  const server = spawnLogged({
    name: 'php -S',
    command: requireExecutable('php'),
    args: [
      // Warnings go to the log, never into JSON responses.
      '-d', 'display_errors=0',
      '-d', 'log_errors=1',
      // No sendmail here: the installer's "new site" mail should vanish quietly.
      '-d', 'sendmail_path=cat >/dev/null',
      // Port 0: the kernel picks a free port, and the server prints which one.
      '-S', '127.0.0.1:0',
      '-t', www,
      join(HELPER_DIR, 'router.php'),
    ],
    logPath: log,
    cwd: www,
    // Several workers, or one slow request (the installer) blocks every other; the workers are
    // forked children, hence the own process group so stop() reaches them.
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    ownGroup: true,
  });
  site.processes.push(server);
  let url: string | undefined;
  await waitUntil(site, deadline, 'PHP server port', async () => {
    const match = /Development Server \((http:\/\/127\.0\.0\.1:\d+)\) started/.exec(await readFile(log, 'utf8'));
    url = match?.[1];
    return url !== undefined;
  });
  if (url === undefined) throw new Error('PHP server did not report its port');
  return url;
}

/** PHP single-quoted string literal: only backslash and quote need escaping. */
function phpString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

async function writeConfig(www: string, socket: string, url: string): Promise<void> {
  const values: Record<string, string> = {
    DB_NAME: 'wordpress',
    DB_USER: 'root',
    DB_PASSWORD: '',
    DB_HOST: `localhost:${socket}`,
    SITE_URL: url,
  };
  for (const kind of ['AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE']) {
    values[`${kind}_KEY`] = randomBytes(48).toString('base64');
    values[`${kind}_SALT`] = randomBytes(48).toString('base64');
  }
  const template = await readFile(join(HELPER_DIR, 'wp-config.template.php'), 'utf8');
  const config = template.replace(/'__([A-Z_]+)__'/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`wp-config template has unknown placeholder ${placeholder}`);
    return phpString(value);
  });
  await writeFile(join(www, 'wp-config.php'), config);
}

async function fetchStatus(url: string, headers: Record<string, string> = {}): Promise<number | undefined> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    // Not listening yet.
    return undefined;
  }
}

/** Installs WordPress the way a person would: the installer's step 2 form. */
async function postInstaller(url: string, adminLogin: string, title: string, deadline: number): Promise<void> {
  // The admin logs in with application passwords only; the login password is random and discarded.
  const password = randomBytes(18).toString('base64url');
  const form = new URLSearchParams({
    weblog_title: title,
    user_name: adminLogin,
    admin_password: password,
    admin_password2: password,
    pw_weak: 'on',
    admin_email: `${adminLogin}@example.com`,
    // Discourage search engines; nothing should index a test site anyway.
    blog_public: '0',
    language: '',
  });
  const response = await fetch(`${url}/wp-admin/install.php?step=2`, {
    method: 'POST',
    body: form,
    signal: AbortSignal.timeout(remaining(deadline)),
  });
  const html = await response.text();
  if (response.status !== 200 || !html.includes('WordPress has been installed')) {
    const text = html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
    throw new Error(`WordPress installer answered ${response.status}: ${text}`);
  }
}

interface SetupOutput {
  readonly credentials: Record<string, { userId: number; uuid: string; password: string }>;
}

/** Runs wordpress/setup-site.php: permalinks, the two editors, one application password per user. */
async function setupSite(
  www: string,
  url: string,
  adminLogin: string,
  deadline: number,
): Promise<WordPressCredentials> {
  const request = {
    host: new URL(url).host,
    admin: adminLogin,
    appName: 'Control Room tests',
    users: ['bureau', 'compromised'].map((login) => ({
      login,
      email: `${login}@example.com`,
      role: 'editor',
      password: randomBytes(18).toString('base64url'),
    })),
  };
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(
      requireExecutable('php'),
      ['-d', 'display_errors=stderr', join(HELPER_DIR, 'setup-site.php'), www, JSON.stringify(request)],
      { cwd: www, timeout: remaining(deadline) },
    ));
  } catch (error: unknown) {
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error);
    throw new Error(`setup-site.php failed: ${detail.trim()}`);
  }
  const output = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SetupOutput;
  const credential = (login: string): WordPressCredential => {
    const created = output.credentials[login];
    if (created === undefined) throw new Error(`setup-site.php returned no credential for ${login}`);
    return { username: login, applicationPassword: created.password, userId: created.userId, uuid: created.uuid };
  };
  return { admin: credential(adminLogin), bureau: credential('bureau'), compromised: credential('compromised') };
}

async function stopSite(site: Site, keepTempDir: boolean): Promise<void> {
  try {
    // PHP first, so no request is left talking to a dead database. SIGTERM lets the master stop its
    // workers; the group kill behind it catches any that linger.
    const php = site.processes.filter((proc) => proc.name !== 'mariadbd');
    const db = site.processes.filter((proc) => proc.name === 'mariadbd');
    await Promise.all(php.map((proc) => stopProcess(proc, 'SIGTERM', 2_000)));
    // SIGKILL at once: a clean InnoDB shutdown only matters for data we are about to delete.
    await Promise.all(db.map((proc) => stopProcess(proc, 'SIGKILL', 0)));
  } finally {
    liveSites.delete(site);
    if (keepTempDir) console.info(`WordPress temp dir kept: ${site.dir}`);
    else await rm(site.dir, { recursive: true, force: true });
  }
}
