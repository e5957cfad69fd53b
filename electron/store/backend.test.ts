import { describe, expect, it } from 'vitest';
import { createMemoryVault } from '../vault/memory-vault';
import { chooseDatabaseUrl, databaseTarget, withKeychainPassword } from './backend';
import { StoreError } from './database';

const refusal = (fn: () => unknown): StoreError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a refusal');
};

describe('choosing and checking the database URL', () => {
  it('--database wins over CONTROL_ROOM_DATABASE_URL; neither (or empty) means SQLite', () => {
    const env = { CONTROL_ROOM_DATABASE_URL: 'postgres://env@127.0.0.1/db' };
    expect(chooseDatabaseUrl('postgres://cli@127.0.0.1/db', env)).toBe('postgres://cli@127.0.0.1/db');
    expect(chooseDatabaseUrl(undefined, env)).toBe('postgres://env@127.0.0.1/db');
    expect(chooseDatabaseUrl(undefined, {})).toBeNull();
    expect(chooseDatabaseUrl(undefined, { CONTROL_ROOM_DATABASE_URL: '  ' })).toBeNull();
  });

  it('refuses a URL with a password, naming `db password` and never repeating the password', () => {
    const err = refusal(() => databaseTarget('postgres://cr_app:hunter2-secret@127.0.0.1:5432/control_room'));
    expect(err.message).toContain('contains a password');
    expect(err.message).toContain('control-room db password --database');
    expect(err.message).not.toContain('hunter2-secret');
  });

  it('refuses a URL naming no role, and a remote host without verify-full', () => {
    expect(refusal(() => databaseTarget('postgres://127.0.0.1:5432/control_room')).message).toContain('names no role');
    expect(refusal(() => databaseTarget('postgres://cr_app@db.bureau.example/control_room')).message).toContain('sslmode=verify-full');
  });

  it('names the keychain entry by role, host, port and database (defaults filled in, odd characters escaped)', () => {
    expect(databaseTarget('postgres://cr_app@127.0.0.1/control_room').ref).toBe('database:cr_app@127.0.0.1:5432/control_room');
    expect(databaseTarget('postgres://Desk@[::1]:6543/cr').ref).toBe('database:~44esk@~3a~3a1:6543/cr');
  });

  it('adds the keychain password in memory, or says how to store one', async () => {
    const vault = createMemoryVault();
    const target = databaseTarget('postgres://cr_app@127.0.0.1:5432/control_room');
    const missing = await withKeychainPassword(target, vault).catch((e: unknown) => e as Error);
    expect((missing as Error).message).toContain('control-room db password --database postgres://cr_app@127.0.0.1:5432/control_room');
    await vault.put(target.ref, 'p@ss:word/1');
    expect(new URL(await withKeychainPassword(target, vault)).password).toBe(encodeURIComponent('p@ss:word/1'));
  });
});
