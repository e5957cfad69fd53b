// The crash tests' child desk process: control-crash-child.ts bundled once into one CommonJS file
// (the same source, compiled by esbuild as tsx would), which starts on about 0.2 s of CPU and one
// file read instead of tsx's 0.9 s and some hundred module files; and spawning it, watching for its
// "ready" and "done" lines, so a test can SIGKILL it at any moment.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { CrashChildConfig } from './control-crash-child';

export type { CrashChildConfig } from './control-crash-child';

const childScript = fileURLToPath(new URL('./control-crash-child.ts', import.meta.url));
const childBundleDir = fileURLToPath(new URL('../../node_modules/.cache/control-crash/', import.meta.url));

export interface CrashChild {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  /** Resolves with the child's "done" line, or null if it died first. */
  readonly finished: Promise<string | null>;
  readonly exited: Promise<void>;
}

export interface CrashChildren {
  spawn(config: CrashChildConfig): CrashChild;
  /** SIGKILLs every child still alive and removes the bundle. */
  close(): void;
}

export function crashChildren(name: string): CrashChildren {
  // Inside the project (node_modules/.cache), so that the one package left out of the bundle resolves:
  // sharp loads its native libvips at run time and cannot be bundled.
  const bundle = join(childBundleDir, `${name}-${process.pid}.cjs`);
  buildSync({ entryPoints: [childScript], outfile: bundle, bundle: true, external: ['sharp', 'pg-native'], platform: 'node', format: 'cjs', target: 'node24', logLevel: 'warning' });
  /** Every child still alive, so a failing run leaves none behind. */
  const alive = new Set<ChildProcessWithoutNullStreams>();
  return {
    spawn(config) {
      const env = { ...process.env, CR_CONTROL_CRASH: JSON.stringify(config) };
      const proc = spawn(process.execPath, ['--no-warnings', bundle], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      alive.add(proc);
      let out = '';
      let err = '';
      let onReady: () => void = () => undefined;
      let onDone: (line: string | null) => void = () => undefined;
      const ready = new Promise<void>((resolve) => (onReady = resolve));
      const finished = new Promise<string | null>((resolve) => (onDone = resolve));
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('ready\n')) onReady();
        const done = /done [^\n]*\n/.exec(out);
        if (done) onDone(done[0].trim());
      });
      proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      const exited = new Promise<void>((resolve) =>
        proc.once('exit', (code, signal) => {
          alive.delete(proc);
          if (signal !== 'SIGKILL' && code !== 0) console.error(`crash child exited ${code}: ${err}`);
          onReady();
          onDone(null);
          resolve();
        }),
      );
      return { proc, ready, finished, exited };
    },
    close() {
      for (const proc of alive) proc.kill('SIGKILL');
      rmSync(bundle, { force: true });
    },
  };
}
