// The one repository suite (test/helpers/store-contract-suite.ts) on both backends: SQLite (a real
// file per test) and PostgreSQL (a real server, a fresh database per test, migrated by the owner
// role and used through the app role, as a desk uses it).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { openPostgresStore } from '../../electron/store/postgres/postgres-store';
import { openSqliteStore } from '../../electron/store/sqlite-store';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { storeContract } from '../helpers/store-contract-suite';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';

describe('store contract on SQLite', () => {
  const dirs: TempDir[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });
  storeContract({
    name: 'SQLite',
    fresh: async () => {
      const dir = makeTempDir('store-contract');
      dirs.push(dir);
      const file = join(dir.path, 'control-room.db');
      return { store: openSqliteStore(file) };
    },
  });
});

describeWithPeers(['postgresql'], 'store contract on PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  storeContract({
    name: 'PostgreSQL',
    fresh: async () => {
      const db = await server.freshDatabase();
      await migratePostgres(db.ownerUrl, { appRole: server.appRole });
      // Small pools: two desks per test, each its own pool, as two machines would have.
      return { store: await openPostgresStore(db.appUrl, { max: 3 }), second: () => openPostgresStore(db.appUrl, { max: 3 }) };
    },
  });
});
