// A real Bluesky PDS for the real-peer suites: @atproto/pds with an in-memory PLC directory, in
// a child process (its own Node 24, its own better-sqlite3) on 127.0.0.1 in a temp directory,
// stopped by pid. The packages live outside the app's dependencies, in .peers/bluesky-pds
// (see the 'bluesky-pds' peer in peers.mjs for why and how they are installed).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { freePort } from './dovecot';
import { makeTempDir } from './temp-dir';
import { blueskyPdsPeerDir } from './peers.mjs';

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

export async function startRealPds(): Promise<RealPds> {
  const dir = makeTempDir('bluesky-pds');
  const port = await freePort('127.0.0.1');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bluesky-pds-child.mjs'), blueskyPdsPeerDir, dir.path], {
    env: { ...process.env, PDS_PORT: String(port), LOG_ENABLED: 'false', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
    dir.remove();
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the PDS did not start within 60 s')), 60_000);
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
