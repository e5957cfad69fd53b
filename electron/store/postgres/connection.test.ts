// A database URL is checked before anything connects: team mode's traffic (statements, approvals,
// the audit chain) goes to another machine only over TLS with the server's name verified.
import { describe, expect, it } from 'vitest';
import { StoreError } from '../database';
import { checkDatabaseUrl, checkServerVersion } from './connection';
import { migratePostgres } from './migrate';
import { openPostgresStore } from './postgres-store';

const refusal = async (work: Promise<unknown>): Promise<StoreError> => {
  const err: unknown = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
};

describe('database URLs', () => {
  it('refuses a remote host without sslmode=verify-full, before connecting, naming what to add and never the password', async () => {
    for (const url of ['postgres://cr:secret@db.bureau.example/control_room', 'postgres://cr:secret@10.0.0.5:5432/cr?sslmode=require', 'postgres://cr:secret@127.0.0.1/cr?host=db.bureau.example']) {
      const err = await refusal(openPostgresStore(url));
      expect(err.message).toContain('Add ?sslmode=verify-full');
      expect(err.message).not.toContain('secret');
    }
    expect((await refusal(migratePostgres('postgres://owner@db.bureau.example/cr?sslmode=prefer'))).message).toContain('found sslmode=prefer');
  });

  it('accepts loopback, a unix socket folder, and any host with sslmode=verify-full', () => {
    for (const url of ['postgres://cr@db.bureau.example/cr?sslmode=verify-full', 'postgres://cr@127.0.0.1:5432/cr', 'postgresql://cr@localhost/cr', 'postgres://cr@[::1]/cr', 'postgres:///cr?host=/run/postgresql']) {
      expect(() => checkDatabaseUrl(url)).not.toThrow();
    }
  });

  it('says how a URL must look when it is not a postgres:// URL', () => {
    expect(() => checkDatabaseUrl('mysql://cr@127.0.0.1/cr')).toThrow('must start with postgres://');
    expect(() => checkDatabaseUrl('db.bureau.example')).toThrow('is not a URL');
  });
});

describe('server version', () => {
  it('refuses a server before PostgreSQL 15 (every role could create tables there), naming the version found', () => {
    expect(() => checkServerVersion(140_009, 'postgres://cr:secret@127.0.0.1/cr')).toThrow('runs PostgreSQL 14; team mode needs PostgreSQL 15 or newer');
    expect(() => checkServerVersion(150_018, 'postgres://cr@127.0.0.1/cr')).not.toThrow();
    expect(() => checkServerVersion(170_002, 'postgres://cr@127.0.0.1/cr')).not.toThrow();
  });
});

describe('an unreachable database', () => {
  it('is named, with what to check, and without the password', async () => {
    for (const work of [openPostgresStore('postgres://cr:secret@127.0.0.1:1/cr'), migratePostgres('postgres://owner:secret@127.0.0.1:1/cr')]) {
      const err = await refusal(work);
      expect(err.message).toContain('Cannot reach the database at postgres://');
      expect(err.kind).toBe('UNREACHABLE');
      // The server never answered: the host and the network are named, not the password.
      expect(err.message).toContain('check that the database server is running and that this machine reaches its host and port');
      expect(err.message).toContain('this is not about the password');
      expect(err.message).not.toContain('secret');
    }
  });
});
