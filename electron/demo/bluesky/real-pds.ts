// A real Bluesky PDS (@atproto/pds with an in-memory PLC directory from @did-plc/server) on
// 127.0.0.1, fully offline, in a child process under the pinned Node 24, with its data in a temp
// directory: for the demo newsroom where it is installed (.peers/bluesky-pds, by
// .ci/install-bluesky-pds.sh) and for the real-peer test suites. Stopped by pid.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';

const infoSchema = z.object({
  url: z.string(),
  did: z.string(),
  handle: z.string(),
  mainPassword: z.string(),
  bureauAppPassword: z.string(),
  schedulerAppPassword: z.string(),
  otherHandle: z.string(),
});
export type RealPdsInfo = z.infer<typeof infoSchema>;

export interface RealPds extends RealPdsInfo {
  stop(): Promise<void>;
}

export interface RealPdsLocation {
  /** A Node 24 binary (the PDS's native better-sqlite3 is built for it). */
  readonly node: string;
  /** The folder holding node_modules/@atproto/pds. */
  readonly peerDir: string;
}

const childScript = 'real-pds-child.mjs';

/** The project folder: the one above this file (source or bundle) that holds the child script. */
function projectRoot(from: string): string | null {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'electron', 'demo', 'bluesky', childScript))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** Where a real PDS can run from here, or why it cannot (the demo then runs its own PDS shape). */
export function locateRealPds(from: string = import.meta.dirname): RealPdsLocation | { readonly missing: string } {
  const root = projectRoot(from);
  if (!root) return { missing: 'not running from a source checkout (packaged app)' };
  const peerDir = join(root, '.peers', 'bluesky-pds');
  if (!existsSync(join(peerDir, 'node_modules', '@atproto', 'pds', 'package.json'))) return { missing: `${peerDir} is not installed (.ci/install-bluesky-pds.sh installs it)` };
  // Under npm scripts this process is the pinned Node 24; inside Electron it is not.
  const node = process.versions.electron === undefined && process.versions.node.startsWith('24.') ? process.execPath : join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) return { missing: 'the pinned Node 24 (node_modules/node) is not installed' };
  return { node, peerDir };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export async function startRealPds(location: RealPdsLocation, options: { readonly timeoutMs?: number } = {}): Promise<RealPds> {
  const root = projectRoot(import.meta.dirname);
  if (!root) throw new Error('the real PDS needs a source checkout');
  const dir = mkdtempSync(join(tmpdir(), 'control-room-bluesky-pds-'));
  const port = await freePort();
  const child = spawn(location.node, [join(root, 'electron', 'demo', 'bluesky', childScript), location.peerDir, dir], {
    env: { ...process.env, PDS_PORT: String(port), LOG_ENABLED: 'false', NODE_OPTIONS: '' },
    // stdin stays open while this process lives: the child exits when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the PDS did not start within ${timeoutMs / 1000} s`)), timeoutMs);
      createInterface({ input: child.stdout }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the PDS exited (${code}): ${stderr}`));
      });
    });
    return { ...infoSchema.parse(JSON.parse(line)), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
