// Break-glass from a terminal: `control-room freeze` as a named person, against the data directory
// a running core uses; the running core's send gate obeys at once, and status shows it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { allChannels } from '../../electron/shared/all-channels';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'control-room.mjs');
let t: TestCore;

beforeAll(async () => {
  t = await makeTestCore();
});
afterAll(async () => {
  await t.close();
});

async function cli(args: string[], passphrase?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...(passphrase ? { CONTROL_ROOM_PASSPHRASE: passphrase } : {}) };
  if (!passphrase) delete env['CONTROL_ROOM_PASSPHRASE'];
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data-dir', t.dir], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('control-room freeze', () => {
  it('refuses without a person, and with a wrong passphrase', async () => {
    expect(await cli(['freeze', '--all'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--user NAME') });
    expect(await cli(['freeze', '--all', '--user', 'olu'], 'wrong passphrase here')).toMatchObject({ code: 1, stderr: expect.stringContaining('Wrong username or passphrase') });
    expect(await cli(['freeze', '--user', 'olu'], t.passphrase('operator'))).toMatchObject({ code: 2, stderr: expect.stringContaining('--all, or --channels') });
  });

  it('freezes every channel as an operator; the running core sees it at once; status shows it', async () => {
    const r = await cli(['freeze', '--all', '--user', 'olu', '--reason', 'abuse on X'], t.passphrase('operator'));
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('FROZEN: all channels') });

    // The core that was already running reads the freeze from the database at its gate.
    const state = await t.core.dispatch('control.state', {}, await t.signedIn('operator'));
    expect(state).toMatchObject({ ok: true, data: { frozen: [expect.objectContaining({ scope: allChannels, reason: 'abuse on X' })] } });

    const status = await cli(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ freezes: [expect.objectContaining({ scope: allChannels, reason: 'abuse on X' })] });
  });
});
