// The SQLite backend as one Store: opens (and migrates) the file, builds every repository on the
// one connection and hands the core interfaces only. The connection never leaves this folder.
import { openDatabase, type OpenOptions } from './database';
import { createSqliteAccountsRepository } from './accounts-repository';
import { createSqliteAuditRepository } from './audit-repository';
import { createSqliteChannelsRepository } from './channels-repository';
import { createSqliteControlRepository } from './control-repository';
import { createSqliteDesksRepository } from './desks-repository';
import { createSqliteMediaRepository } from './media-repository';
import { createSqliteMonitorRepository } from './monitor-repository';
import { noChangeChannel, type Store } from './repositories';
import { createSqliteSettingsRepository } from './settings-repository';
import { createSqliteStatementsRepository } from './statements-repository';
import { sqliteTransactions } from './transaction';

export function openSqliteStore(path: string, options: OpenOptions = {}): Store {
  const database = openDatabase(path, options);
  const { db } = database;
  return {
    settings: createSqliteSettingsRepository(db),
    channels: createSqliteChannelsRepository(db),
    monitor: createSqliteMonitorRepository(db),
    accounts: createSqliteAccountsRepository(db),
    statements: createSqliteStatementsRepository(db),
    control: createSqliteControlRepository(db),
    audit: createSqliteAuditRepository(db),
    media: createSqliteMediaRepository(db),
    desks: createSqliteDesksRepository(db),
    changes: noChangeChannel,
    transaction: sqliteTransactions(db).transaction,
    schemaVersion: database.schemaVersion,
    // In the caller's turn: an open transaction finishes before the connection closes.
    close: () => sqliteTransactions(db).run(() => database.close()),
  };
}
