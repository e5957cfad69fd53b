// Everything Control Room wrote to disk in a data directory (the database, its WAL, the logs), as
// one string, so a test can assert that a secret appears nowhere in it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function storeFilesText(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('control-room.db') || f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}
