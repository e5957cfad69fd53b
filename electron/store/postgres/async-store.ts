// The asynchronous store interfaces the PostgreSQL backend implements, derived from repositories.ts:
// every method returns a Promise, `transaction` takes an async `fn`, and the audit reader's
// `entriesFrom` is an AsyncIterable. This is exactly step 1 of README "Storage backends"; when
// repositories.ts itself becomes asynchronous, each alias below is replaced by the interface of the
// same name there (AsyncStore -> Store, ...) and this file is deleted, with no other change.
import type { AuditCheckpointRecord, AuditEntryRecord, AuditHead } from '../records';
import type {
  AccountsRepository,
  ChannelsRepository,
  ControlRepository,
  MonitorRepository,
  SettingsRepository,
  StatementsRepository,
} from '../repositories';

/** One write transaction; nested calls are savepoints of it (rule in postgres/transaction.ts). */
export type AsyncTransaction = <T>(fn: () => Promise<T>) => Promise<T>;

/** Each method of T returning a Promise of what it returned. */
type Promised<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K];
};
type WithTransaction<T> = Promised<Omit<T, 'transaction'>> & { readonly transaction: AsyncTransaction };

export type AsyncSettingsRepository = Promised<SettingsRepository>;
export type AsyncChannelsRepository = Promised<ChannelsRepository>;
export type AsyncMonitorRepository = WithTransaction<MonitorRepository>;
export type AsyncAccountsRepository = WithTransaction<AccountsRepository>;
export type AsyncStatementsRepository = WithTransaction<StatementsRepository>;
export type AsyncControlRepository = WithTransaction<ControlRepository>;

export interface AsyncAuditReader {
  head(): Promise<AuditHead | null>;
  /** Entries with seq >= fromSeq in seq order; consume inside the read/write callback. */
  entriesFrom(fromSeq: number): AsyncIterable<AuditEntryRecord>;
  checkpoints(): Promise<AuditCheckpointRecord[]>;
  latestCheckpoint(): Promise<AuditCheckpointRecord | null>;
}

export interface AsyncAuditWriter extends AsyncAuditReader {
  insertEntry(entry: AuditEntryRecord): Promise<void>;
  insertCheckpoint(checkpoint: AuditCheckpointRecord): Promise<boolean>;
}

export interface AsyncAuditRepository {
  write<T>(work: (writer: AsyncAuditWriter) => Promise<T>): Promise<T>;
  read<T>(work: (reader: AsyncAuditReader) => Promise<T>): Promise<T>;
}

export interface AsyncStore {
  readonly settings: AsyncSettingsRepository;
  readonly channels: AsyncChannelsRepository;
  readonly monitor: AsyncMonitorRepository;
  readonly accounts: AsyncAccountsRepository;
  readonly statements: AsyncStatementsRepository;
  readonly control: AsyncControlRepository;
  readonly audit: AsyncAuditRepository;
  readonly transaction: AsyncTransaction;
  readonly schemaVersion: number;
  close(): Promise<void>;
}
