// The real `control-room` command, spawned as a user would run it.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../electron/store/migrations';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'control-room.mjs');
let dir: TempDir;

beforeAll(() => {
  dir = makeTempDir('cli');
});
afterAll(() => dir.remove());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('control-room CLI', () => {
  it('status --json prints valid JSON with the schema version, quietly', async () => {
    const { code, stdout, stderr } = await cli('status', '--json', '--data-dir', join(dir.path, 'a'));
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as { schemaVersion: number; dataDir: string; mode: string };
    expect(status).toMatchObject({ schemaVersion: latestSchemaVersion, dataDir: join(dir.path, 'a'), mode: 'cli' });
    expect(stderr).toBe('');
  });

  it('reports a corrupt database clearly and exits non-zero', async () => {
    const corrupt = join(dir.path, 'corrupt');
    await cli('status', '--data-dir', corrupt);
    writeFileSync(join(corrupt, 'control-room.db'), 'garbage '.repeat(100));
    const { code, stderr } = await cli('status', '--data-dir', corrupt);
    expect(code).toBe(1);
    expect(stderr).toMatch(/damaged or not a Control Room database.*restore it from a backup/);
  });

  it('names the problem for an unknown command or option', async () => {
    expect(await cli('launch-missiles')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "launch-missiles"') });
    expect(await cli('status', '--colour')).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--colour'") });
  });
});
