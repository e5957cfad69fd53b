// A REAL Secret Service for the vault's integration tests, always private to the test: its own
// dbus-daemon and gnome-keyring-daemon with HOME, XDG_* and TMPDIR in a temp dir, so no test ever
// touches the developer's keychain or the session bus a test runner may provide.
//
// Two ways in (see shared/design/real-servers.md, "Secret Service"):
// - startPrivateSecretService(): a dbus-daemon plus gnome-keyring-daemon --foreground, stopped by pid,
//   whose bus the calling test process then uses in-process (useInThisProcess).
// - runInPrivateSession(): runs a small TypeScript script in a child `node --import tsx` inside a
//   session of a chosen kind (no bus at all, a bus with no Secret Service, a locked keyring, an
//   unlocked one) and reports which files appeared or changed under its temp HOME, XDG_RUNTIME_DIR
//   and TMPDIR. The session's own files are listed apart: gnome-keyring's HOME/.local/share/keyrings/**
//   (the keyring files), XDG_RUNTIME_DIR/keyring/** and HOME/.cache/keyring-*/** (control sockets),
//   and dbus-daemon's XDG_RUNTIME_DIR/dbus-1/** (its empty transient service directory).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { installCommand, peerMissing } from './peers.mjs';

const run = promisify(execFile);
const keyringPassword = 'control-room-test';

/** Why a private Secret Service cannot be started here (the peer rule's check), or undefined when it can. */
function secretServiceUnsupported(): string | undefined {
  const missing = peerMissing('secret-service');
  return missing === undefined ? undefined : `${missing}; install: ${installCommand(['secret-service'])}`;
}

/** Whether something owns org.freedesktop.secrets on the given bus (default: this process's session bus). */
export async function isSecretServiceReachable(busAddress = process.env['DBUS_SESSION_BUS_ADDRESS']): Promise<boolean> {
  if (!busAddress) return false;
  try {
    const { stdout } = await run('dbus-send', [`--bus=${busAddress}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], { timeout: 5000 });
    return /boolean true/.test(stdout);
  } catch {
    return false;
  }
}

/** A temp tree standing in for a user's home: root/{home,run,tmp}; root itself holds only our own files. */
export interface PrivateHome {
  root: string;
  home: string;
  runtimeDir: string;
  tmp: string;
  env: Record<string, string>;
  remove(): void;
}

export function makePrivateHome(): PrivateHome {
  const root = mkdtempSync(join(tmpdir(), 'cr-ss-'));
  const home = join(root, 'home');
  const runtimeDir = join(root, 'run');
  const tmp = join(root, 'tmp');
  for (const dir of [home, runtimeDir, tmp]) mkdirSync(dir, { mode: 0o700 });
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // Also keeps libdbus from finding a real user bus at $XDG_RUNTIME_DIR/bus.
    XDG_RUNTIME_DIR: runtimeDir,
    TMPDIR: tmp,
    TSX_DISABLE_CACHE: '1',
  };
  return { root, home, runtimeDir, tmp, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A session bus with no service directories: nothing is ever auto-started on it. */
function writeBareBusConfig(root: string): string {
  const file = join(root, 'bus.conf');
  writeFileSync(
    file,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(root, 'bus')}</listen>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
  );
  return file;
}

export interface PrivateSecretService {
  busAddress: string;
  home: PrivateHome;
  /** Points this process's DBUS_SESSION_BUS_ADDRESS at the private bus; returns the undo. */
  useInThisProcess(): () => void;
  /** Stops gnome-keyring and the bus (by pid); removes the temp home unless it was passed in. */
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts dbus-daemon + gnome-keyring-daemon (unlocked unless told otherwise) in a private temp home. */
export async function startPrivateSecretService(options: { unlocked?: boolean; home?: PrivateHome } = {}): Promise<PrivateSecretService> {
  const unsupported = secretServiceUnsupported();
  if (unsupported) throw new Error(`startPrivateSecretService: ${unsupported}`);
  const home = options.home ?? makePrivateHome();
  const children: ChildProcess[] = [];
  let stderr = '';
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) {
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
      await waitForExit(child, 5000);
    }
    rmSync(join(home.root, 'bus'), { force: true });
    if (!options.home) home.remove();
  };
  try {
    const bus = spawn('dbus-daemon', [`--config-file=${writeBareBusConfig(home.root)}`, '--nofork', '--nosyslog', '--print-address=1'], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(bus);
    bus.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const busAddress = await new Promise<string>((resolve, reject) => {
      let out = '';
      bus.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(line.trim());
      });
      bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
      setTimeout(() => reject(new Error('dbus-daemon printed no address within 10 s')), 10_000);
    });
    const args = ['--foreground', '--components=secrets', ...(options.unlocked === false ? [] : ['--unlock'])];
    const keyring = spawn('gnome-keyring-daemon', args, { env: { ...home.env, DBUS_SESSION_BUS_ADDRESS: busAddress }, stdio: ['pipe', 'ignore', 'pipe'] });
    children.push(keyring);
    keyring.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    // --unlock reads the login keyring's password from stdin until EOF.
    keyring.stdin?.end(options.unlocked === false ? '' : keyringPassword);
    const deadline = Date.now() + 10_000;
    while (!(await isSecretServiceReachable(busAddress))) {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${keyring.exitCode}`);
      if (Date.now() > deadline) throw new Error('gnome-keyring-daemon did not take org.freedesktop.secrets within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const useInThisProcess = (): (() => void) => {
      const before = process.env['DBUS_SESSION_BUS_ADDRESS'];
      process.env['DBUS_SESSION_BUS_ADDRESS'] = busAddress;
      return () => {
        if (before === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
        else process.env['DBUS_SESSION_BUS_ADDRESS'] = before;
      };
    };
    return { busAddress, home, useInThisProcess, stop };
  } catch (err) {
    await stop();
    throw new Error(`startPrivateSecretService failed: ${err instanceof Error ? err.message : String(err)}\n${stderr}`, { cause: err });
  }
}

export type SessionKind = 'no-bus' | 'bus-without-secret-service' | 'keyring-locked' | 'keyring-unlocked';

export interface PrivateRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout that parses as JSON, if any. */
  output: unknown;
  /** Paths (relative to the home's root) that appeared or changed, the session's own files excluded. */
  written: string[];
  /** gnome-keyring's and dbus-daemon's own files that appeared or changed (keyrings, sockets, service dir). */
  sessionFiles: string[];
}

const sessionOwn = [/^home\/\.local(\/share(\/keyrings(\/.*)?)?)?$/, /^run\/keyring(\/.*)?$/, /^home\/\.cache(\/keyring-[^/]+(\/.*)?)?$/, /^run\/dbus-1(\/.*)?$/];

/** Every path under home, run and tmp with what identifies its content (type, size, mtime). */
function snapshot(home: PrivateHome): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const key = relative(home.root, path);
      if (st.isDirectory()) {
        out.set(key, 'dir');
        walk(path);
      } else out.set(key, `${st.isSocket() ? 'socket' : st.isSymbolicLink() ? 'link' : 'file'}:${st.size}:${st.mtimeMs}`);
    }
  };
  for (const dir of [home.home, home.runtimeDir, home.tmp]) walk(dir);
  return out;
}

/** Runs `script` (TypeScript, ESM) with `node --import tsx` in a fresh private session of the given kind. */
export async function runInPrivateSession(kind: SessionKind, script: string, options: { home?: PrivateHome; timeoutMs?: number } = {}): Promise<PrivateRunResult> {
  const unsupported = secretServiceUnsupported();
  if (unsupported) throw new Error(`runInPrivateSession: ${unsupported}`);
  const home = options.home ?? makePrivateHome();
  try {
    const file = join(home.root, `script-${Date.now()}.mts`);
    writeFileSync(file, script);
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const node = [process.execPath, '--import', tsx, file];
    // "$@" keeps every argument intact through sh; the keyring password is a fixed test value.
    const commands: Record<SessionKind, string[]> = {
      'no-bus': node,
      'bus-without-secret-service': ['dbus-run-session', `--config-file=${writeBareBusConfig(home.root)}`, '--', ...node],
      'keyring-locked': ['dbus-run-session', '--', 'sh', '-c', 'gnome-keyring-daemon --start --components=secrets >/dev/null || exit 90; exec "$@"', 'sh', ...node],
      'keyring-unlocked': ['dbus-run-session', '--', 'sh', '-c', `printf %s '${keyringPassword}' | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 90; exec "$@"`, 'sh', ...node],
    };
    const [command, ...args] = commands[kind];
    const before = snapshot(home);
    const result = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve) => {
      // cwd inside the temp home: a stray relative write would show up in the snapshot.
      execFile(command ?? 'false', args, { cwd: home.home, env: home.env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : err ? null : 0;
        resolve({ exitCode: code, stdout, stderr });
      });
    });
    const after = snapshot(home);
    const changed = [...after].filter(([path, id]) => before.get(path) !== id).map(([path]) => path);
    const json = result.stdout.split('\n').reverse().find((l) => l.trim().startsWith('{'));
    return {
      ...result,
      output: json === undefined ? undefined : (JSON.parse(json) as unknown),
      written: changed.filter((p) => !sessionOwn.some((re) => re.test(p))),
      sessionFiles: changed.filter((p) => sessionOwn.some((re) => re.test(p))),
    };
  } finally {
    if (!options.home) home.remove();
  }
}
