// Starts a REAL Dovecot IMAP server for the integration tests: the email canary adapter must read a
// real mailbox the same way it reads the demo newsroom's, so the two can not quietly drift apart.
//
// Facts this follows (see shared/design/real-servers.md): Dovecot refuses to run as root, so as root
// the master runs as `nobody` through runuser (as any other user, as that user), with every
// internal/login user set to that user, no SSL, no chroot, a passwd-file login and a maildir inside
// a temp dir that user owns. Messages are
// "delivered" the way an MTA does it: write into maildir/tmp, then rename into maildir/new.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { findExecutable, installCommand } from './peers.mjs';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Drops one RFC 822 message into the INBOX (maildir/new), owned by Dovecot's user. Returns the file name. */
  deliver(raw: string | Buffer): string;
  stop(): Promise<void>;
}

// Dovecot and runuser live in sbin, which a test runner's PATH does not always include.
const searchPath = `${process.env['PATH'] ?? ''}:/usr/sbin:/sbin`;

/** Who Dovecot runs as: as root, `nobody` through runuser (Dovecot refuses root); otherwise the user running the tests. */
interface RunAs {
  readonly prefix: readonly string[];
  readonly user: string;
  readonly group: string;
  readonly uid: number;
  readonly gid: number;
}

function idOf(args: string[]): string {
  const out = spawnSync('id', args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`startDovecot: \`id ${args.join(' ')}\` failed: ${out.stderr}`);
  return out.stdout.trim();
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) {
    return { prefix: [], user: userInfo().username, group: idOf(['-gn']), uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1 };
  }
  const runuser = findExecutable('runuser');
  if (!runuser) throw new Error('startDovecot: running as root needs runuser to start dovecot as `nobody`');
  return { prefix: [runuser, '-u', 'nobody', '--'], user: 'nobody', group: idOf(['-gn', 'nobody']), uid: Number(idOf(['-u', 'nobody'])), gid: Number(idOf(['-g', 'nobody'])) };
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Dovecot wants a port number in its config, so borrow a free one from the kernel first. */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('startDovecot: could not read a free port'));
      });
    });
  });
}

/** Resolves once the server sends its greeting, so the first test never races the startup. */
async function waitForGreeting(host: string, port: number, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`startDovecot: dovecot exited with code ${child.exitCode}\n${readFileSafe(logFile)}`);
    }
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('* OK')));
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`startDovecot: no IMAP greeting on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function dovecotConf(dir: string, host: string, port: number, as: RunAs): string {
  return `# Written by test/helpers/dovecot.ts for one test run.
protocols = imap
listen = ${host}
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = control-room-test-${port}
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${as.user}
default_internal_group = ${as.group}
default_login_user = ${as.user}
first_valid_uid = 1
mail_location = maildir:${dir}/Maildir
mail_privileged_group =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${as.user} gid=${as.group} home=${dir}/home
}
service imap-login {
  chroot =
  inet_listener imap {
    address = ${host}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

export async function startDovecot(options: { host?: string; startTimeoutMs?: number } = {}): Promise<DovecotServer> {
  const dovecotBin = findExecutable('dovecot');
  const doveadmBin = findExecutable('doveadm');
  if (!dovecotBin || !doveadmBin) {
    throw new Error(`startDovecot: the dovecot binary is missing; install: ${installCommand(['dovecot'])}`);
  }
  const as = runAs();
  const host = options.host ?? '127.0.0.1';
  // Short path: dovecot's unix sockets live under base_dir and sun_path is ~108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'dovecot-'));
  // As root the files are handed to nobody; as anyone else they are already the runner's own.
  const own = (path: string): void => (as.prefix.length > 0 ? chownSync(path, as.uid, as.gid) : undefined);
  const port = await freePort(host);
  const user = 'canary';
  const password = randomBytes(12).toString('base64url');
  for (const sub of ['run', 'state', 'home', 'Maildir', 'Maildir/new', 'Maildir/cur', 'Maildir/tmp']) {
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
    own(join(dir, sub));
  }
  own(dir);
  const confFile = join(dir, 'dovecot.conf');
  writeFileSync(confFile, dovecotConf(dir, host, port, as), { mode: 0o644 });
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o600 });
  own(join(dir, 'passwd'));
  const logFile = join(dir, 'dovecot.log');

  // -F keeps the master in the foreground, so this process holds it and can wait for its exit.
  const [command = dovecotBin, ...prefixArgs] = as.prefix;
  const child = spawn(command, [...prefixArgs, ...(as.prefix.length > 0 ? [dovecotBin] : []), '-F', '-c', confFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PATH: searchPath },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stopChild = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const [stopCommand = doveadmBin, ...stopPrefix] = as.prefix;
      spawnSync(stopCommand, [...stopPrefix, ...(as.prefix.length > 0 ? [doveadmBin] : []), '-c', confFile, 'stop'], { env: { ...process.env, PATH: searchPath } });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 5000)))]);
      clearTimeout(timer);
      if (timedOut) {
        // doveadm could not reach the master (or it hung): kill the master by the pid it wrote,
        // then our runuser child (killing runuser alone would orphan dovecot).
        const masterPid = Number(readFileSafe(join(dir, 'run', 'master.pid')).trim());
        if (Number.isInteger(masterPid) && masterPid > 1) {
          try {
            process.kill(masterPid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForGreeting(host, port, child, logFile, options.startTimeoutMs ?? 15_000);
  } catch (err) {
    await stopChild();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }

  let sequence = 0;
  return {
    host,
    port,
    user,
    password,
    deliver(raw) {
      sequence += 1;
      // Maildir's unique-name convention: time, process, counter, random; never reused.
      const name = `${Math.floor(Date.now() / 1000)}.P${process.pid}Q${sequence}R${randomBytes(4).toString('hex')}.control-room-test`;
      const tmpPath = join(dir, 'Maildir', 'tmp', name);
      writeFileSync(tmpPath, raw, { mode: 0o600 });
      own(tmpPath);
      renameSync(tmpPath, join(dir, 'Maildir', 'new', name));
      return name;
    },
    stop: stopChild,
  };
}
