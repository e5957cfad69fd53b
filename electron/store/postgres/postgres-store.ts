// The PostgreSQL backend as one store (team mode): a pg pool, every repository on it sharing one
// transaction runner, the interfaces only handed out. It never runs DDL: the app's role has none.
// The schema must be exactly this version's: newer is refused (install the newer app), older asks
// for `control-room db migrate` with the owner role.
import { StoreError } from '../database';
import { latestSchemaVersion } from '../migrations';
import { createPostgresAccountsRepository } from './accounts-repository';
import type { AsyncStore } from './async-store';
import { createPostgresAuditRepository } from './audit-repository';
import { createPgChangeChannel } from './change-channel';
import { describeDatabaseUrl, openPool, type PoolOptions } from './connection';
import { createPostgresControlRepository } from './control-repository';
import { createPostgresDesksRepository } from './desks-repository';
import { createPostgresMediaRepository } from './media-repository';
import { newerSchemaError, readSchemaVersion, unreachable } from './migrate';
import { createPostgresMonitorRepository } from './monitor-repository';
import { createPostgresChannelsRepository, createPostgresSettingsRepository } from './settings-channels';
import { createPostgresStatementsRepository } from './statements-repository';
import { pgSession, type PgSessionOptions } from './transaction';

export interface PostgresStoreOptions extends PoolOptions, PgSessionOptions {
  /** Called when a pooled connection fails while idle (the server restarted); the pool replaces it. */
  readonly onConnectionError?: (err: Error) => void;
}

async function schemaVersionOf(url: string, read: () => Promise<number>): Promise<number> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const e = err as { code?: unknown; message?: unknown };
    const why = String(e.message ?? err);
    if (e.code === '42501') {
      throw new StoreError('UNREADABLE', `The app role cannot read the schema of ${describeDatabaseUrl(url)} (${why}). Run \`control-room db migrate\` with the owner role, naming this role as the app role.`);
    }
    throw unreachable(url, err);
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<AsyncStore> {
  const pool = openPool(url, options, options.onConnectionError);
  try {
    const found = await schemaVersionOf(url, () => readSchemaVersion(pool, url));
    if (found > latestSchemaVersion) throw newerSchemaError(url, found);
    if (found < latestSchemaVersion) {
      throw new StoreError(
        'UNREADABLE',
        `The database at ${describeDatabaseUrl(url)} is at schema ${found}; this Control Room needs schema ${latestSchemaVersion}. ` +
          'Run `control-room db migrate` with the owner role\'s URL first. Nothing was changed.',
      );
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  const session = pgSession(pool, options);
  return {
    settings: createPostgresSettingsRepository(session),
    channels: createPostgresChannelsRepository(session),
    monitor: createPostgresMonitorRepository(session),
    accounts: createPostgresAccountsRepository(session),
    statements: createPostgresStatementsRepository(session),
    control: createPostgresControlRepository(session),
    audit: createPostgresAuditRepository(session),
    desks: createPostgresDesksRepository(session),
    media: createPostgresMediaRepository(session),
    changes: createPgChangeChannel(pool, url, options.applicationName ? { applicationName: `${options.applicationName} changes`.slice(0, 63) } : {}),
    transaction: session.transaction,
    schemaVersion: latestSchemaVersion,
    close: () => pool.end(),
  };
}
