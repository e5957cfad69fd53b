// The store interfaces the PostgreSQL backend implements are the backend-neutral ones in
// repositories.ts (asynchronous since step 1 of README "Storage backends"). These aliases keep the
// backend's own names readable; there is one definition of each interface.
export type {
  AccountsRepository as AsyncAccountsRepository,
  AuditReader as AsyncAuditReader,
  AuditRepository as AsyncAuditRepository,
  AuditWriter as AsyncAuditWriter,
  ChannelsRepository as AsyncChannelsRepository,
  ControlRepository as AsyncControlRepository,
  MediaRepository as AsyncMediaRepository,
  MonitorRepository as AsyncMonitorRepository,
  SettingsRepository as AsyncSettingsRepository,
  StatementsRepository as AsyncStatementsRepository,
  Store as AsyncStore,
  Transaction as AsyncTransaction,
} from '../repositories';
