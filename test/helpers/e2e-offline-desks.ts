// Playwright's handle on test/helpers/offline-desks.ts (two desks on a throwaway PostgreSQL, desk A
// served in browser mode): started as a child process, ready with desk A's URL, each command
// answered with one JSON line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { firstAdmin } from './e2e-session';

const root = join(import.meta.dirname, '..', '..');

/** The desks child: ready with desk A's URL; each command answered with one JSON line. */
export async function startDesks() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'helpers', 'offline-desks.ts'), firstAdmin.username, firstAdmin.passphrase], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr.on('data', (d: Buffer) => errors.push(d.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<unknown> => {
    const r = await lines.next();
    if (r.done) throw new Error(`the desks child ended:\n${errors.join('')}`);
    return JSON.parse(r.value) as unknown;
  };
  const { url } = (await next()) as { url: string };
  return {
    url,
    command: async (c: string): Promise<unknown> => {
      child.stdin.write(`${c}\n`);
      return next();
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const ended = new Promise((r) => child.once('exit', r));
      child.stdin.write('stop\n');
      await ended;
    },
  };
}
