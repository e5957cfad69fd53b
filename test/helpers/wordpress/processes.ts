/**
 * Child processes of the real-server test helpers: start one with its output in a log file, find
 * binaries, wait for conditions, and stop a process (or its whole process group) by pid until it is
 * really gone.
 *
 * "Gone" is judged from /proc/<pid>/stat, not `kill -0`: in these containers PID 1 does not reap
 * orphans, so a killed grandchild (a PHP server worker) can stay a zombie forever, and `kill -0`
 * reports zombies as alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoggedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** True when the process leads its own process group, so stopping it stops its children too. */
  readonly ownsGroup: boolean;
  readonly child: ChildProcess;
}

export interface SpawnLoggedOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logPath: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Start in a new process group (for servers that fork workers). */
  readonly ownGroup?: boolean;
}

/** Starts a long-running process with stdout and stderr appended to `logPath`. */
export function spawnLogged(options: SpawnLoggedOptions): LoggedProcess {
  // A file rather than a pipe: the server keeps running independently of our event loop, and the
  // log survives for error messages even when the process died early.
  const fd = openSync(options.logPath, 'a');
  try {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: options.ownGroup ?? false,
    });
    // Spawn errors (ENOENT) arrive as an event; without a listener they would crash the run.
    child.on('error', () => undefined);
    if (child.pid === undefined) {
      throw new Error(`could not start ${options.name} (${options.command}); see ${options.logPath}`);
    }
    // Without this the test process would not exit while a detached server runs.
    child.unref();
    return {
      name: options.name,
      pid: child.pid,
      logPath: options.logPath,
      ownsGroup: options.ownGroup ?? false,
      child,
    };
  } finally {
    closeSync(fd);
  }
}

/** True while the child has neither exited nor been reported dead by the kernel. */
export function isRunning(proc: LoggedProcess): boolean {
  return proc.child.exitCode === null && proc.child.signalCode === null && !isGone(proc.pid);
}

/** A pid counts as gone when it no longer exists or is a zombie (dead, waiting to be reaped). */
export function isGone(pid: number): boolean {
  const stat = readProcStat(pid);
  if (stat === undefined) return true;
  return stat.state === 'Z' || stat.state === 'X';
}

interface ProcStat {
  readonly state: string;
  readonly processGroup: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const processGroup = Number(fields[2]);
  if (state === undefined || !Number.isInteger(processGroup)) return undefined;
  return { state, processGroup };
}

/** Live (non-zombie) members of a process group, found by scanning /proc. */
function liveGroupMembers(groupId: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readProcStat(pid);
    if (stat && stat.processGroup === groupId && stat.state !== 'Z' && stat.state !== 'X') {
      members.push(pid);
    }
  }
  return members;
}

function allGone(proc: LoggedProcess): boolean {
  return proc.ownsGroup ? liveGroupMembers(proc.pid).length === 0 : isGone(proc.pid);
}

function signal(proc: LoggedProcess, sig: NodeJS.Signals): void {
  try {
    // A negative pid addresses the whole group the process leads (its forked workers included).
    process.kill(proc.ownsGroup ? -proc.pid : proc.pid, sig);
  } catch (error: unknown) {
    // ESRCH: already gone, which is what we want.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/**
 * Stops a process: `sig` first, SIGKILL after `graceMs`, then waits until every process of it is
 * gone (zombies included as gone). Throws if something survives SIGKILL for `killWaitMs`.
 */
export async function stopProcess(
  proc: LoggedProcess,
  sig: NodeJS.Signals,
  graceMs: number,
  killWaitMs = 5_000,
): Promise<void> {
  // The whole group: PHP's server master does not pass SIGTERM on to its forked workers, and a
  // worker outliving the master keeps serving on the port.
  signal(proc, sig);
  if (await waitFor(() => allGone(proc), graceMs)) return;
  signal(proc, 'SIGKILL');
  if (await waitFor(() => allGone(proc), killWaitMs)) return;
  throw new Error(`${proc.name} (pid ${proc.pid}) is still running after SIGKILL`);
}

/** Synchronous last-resort kill for process 'exit' handlers, where nothing async can run. */
export function killNow(proc: LoggedProcess): void {
  try {
    signal(proc, 'SIGKILL');
  } catch {
    // Nothing more can be done while the process exits.
  }
}

/** Polls `check` every `intervalMs` until it is true (returns true) or `timeoutMs` passes (false). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/** The last `lines` lines of a log file, or a note that it is missing. */
export function tailOfFile(path: string, lines = 25): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n') || '(empty)';
  } catch {
    return '(no log written)';
  }
}

// One executable finder for every peer helper: PATH plus the sbin folders (`mariadbd` is in /usr/sbin).
export { findExecutable } from '../peers.mjs';
