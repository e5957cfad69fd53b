// The repository as the hardening gate reads it: its root, the reviewed files under security/,
// and the shipped sources (no tests) of a folder.
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SourceFile } from '../../scripts/hardening/check-ipc-surface';

export const repoRoot = join(import.meta.dirname, '..', '..');

export function readRepoJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;
}

export function readRepoText(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** Every .ts/.tsx file under `dir` that ships (tests excluded), with repository-relative paths. */
export function shippedSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(repoRoot, rel), { withFileTypes: true })) {
      const child = join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name)) {
        out.push({ path: child.split(sep).join('/'), text: readFileSync(join(repoRoot, child), 'utf8') });
      }
    }
  };
  walk(dir);
  return out;
}
