import { describe, expect, it } from 'vitest';
import { databaseTarget } from '../store/backend';
import { createMemoryVault } from '../vault/memory-vault';
import { runCli, type CliIo } from './main';

function capture(): CliIo & { readonly text: () => string } {
  const lines: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => lines.push(l), text: () => lines.join('\n') };
}

describe('control-room db', () => {
  it('db status on a database nobody answers at: not reachable, what to check, exit 1, no password shown', async () => {
    const url = 'postgres://cr_app@127.0.0.1:1/control_room';
    const vault = createMemoryVault();
    await vault.put(databaseTarget(url).ref, 'never-shown-secret');
    const io = capture();
    expect(await runCli(['db', 'status', '--database', url], io, { vault: () => vault })).toBe(1);
    expect(io.text()).toContain('reachable: no');
    expect(io.text()).toContain('Cannot reach the database at postgres://cr_app@127.0.0.1:1/control_room');
    expect(io.text()).not.toContain('never-shown-secret');
  });

  it('db migrate without a database URL says how to give one', async () => {
    const io = capture();
    expect(await runCli(['db', 'migrate'], io, { vault: () => createMemoryVault(), env: {} })).toBe(2);
    expect(io.text()).toContain('--database postgres://USER@HOST:5432/DATABASE');
  });

  it('db password refuses an empty standard input', async () => {
    const io = capture();
    expect(await runCli(['db', 'password', '--database', 'postgres://cr_app@127.0.0.1/db'], io, { vault: () => createMemoryVault(), readInput: () => Promise.resolve('\n') })).toBe(2);
    expect(io.text()).toContain('no password on standard input');
  });
});
