// What the core may ask of storage: one interface per repository and the Store that holds them,
// backend-neutral. The SQLite implementations sit beside this file (*-repository.ts, opened by
// sqlite-store.ts); a PostgreSQL backend implements these same interfaces (README, "Storage
// backends"). Nothing here exposes a connection, a statement or SQL: records in, records out.
import type { SettingKey } from '../shared/contract';
import type {
  AccountPatch,
  AccountRecord,
  AllChannels,
  AuditCheckpointRecord,
  AuditEntryRecord,
  AuditHead,
  BreakGlassRecord,
  BreakGlassReview,
  ChannelRow,
  EvidenceMediaRecord,
  EvidenceRecord,
  ExpectedMedia,
  FreezeRecord,
  Held,
  IncidentRecord,
  ItemStatus,
  LockStepRecord,
  MatchedBy,
  MediaInfo,
  MediaRecord,
  NewEvidence,
  NewOutboxRow,
  NewRetraction,
  ObservedMediaRecord,
  ObservedMediaWithBytes,
  OutboxPatch,
  OutboxRow,
  OutboxStatus,
  Provenance,
  PublicationInput,
  RetractionPatch,
  RetractionRecord,
  RetractionStatus,
  ReviewRecord,
  StatementImage,
  StatementRecord,
  StatementStatus,
  StatementVersionRecord,
  StoredItem,
  TemplateApprovalRecord,
  TemplateRecord,
  TemplateVersionRecord,
  ThrottleRecord,
} from './records';

/**
 * Runs `fn` in one write transaction. Nested calls (from any repository of the same store) join
 * the outer transaction as a savepoint: an inner failure undoes only the inner writes and
 * propagates. `fn` is synchronous; the rule in full is in transaction.ts.
 */
export type Transaction = <T>(fn: () => T) => T;

export interface Transactional {
  /** The store's one transaction runner (the same function on every repository). */
  readonly transaction: Transaction;
}

/**
 * Keys the generic settings.get/set calls reach (the contract's SettingKey), plus the ones that
 * only have calls of their own, which check the value first: 'anomaly' (JSON, provenance/anomaly-settings.ts).
 */
export type StoredSettingKey = SettingKey | 'anomaly';

export interface SettingsRepository {
  get(key: StoredSettingKey): string | null;
  set(key: StoredSettingKey, value: string, at: Date): void;
}

export interface ChannelsRepository {
  list(): ChannelRow[];
  get(id: string): ChannelRow | null;
  upsert(row: ChannelRow): void;
  remove(id: string): boolean;
}

/** Observed items, the publication ledger, adoptions and per-channel reading state. */
export interface MonitorRepository extends Transactional {
  /** Inserts items not stored yet; returns the ones that were new. Idempotent on channel + item id. */
  insertNew(items: readonly StoredItem[]): StoredItem[];
  get(channelId: string, itemId: string): StoredItem | null;
  exists(channelId: string, itemId: string): boolean;
  list(channelId: string, limit: number): StoredItem[];
  unverifiedSince(channelIds: readonly string[], sinceIso: string): StoredItem[];
  recentTimes(channelId: string, sinceIso: string): number[];
  liveItemIdsSince(channelId: string, sinceIso: string | null): { itemId: string; firstSeenAt: string }[];
  markGone(channelId: string, itemIds: readonly string[], at: string): void;
  setStatus(channelId: string, itemId: string, status: ItemStatus, detail: string | null): void;
  setProvenance(channelId: string, itemId: string, provenance: Provenance, matchedBy: MatchedBy): void;
  recordPublication(p: PublicationInput): number;
  bindOpenPublication(channelId: string, contentHash: string, itemId: string): boolean;
  hasItem(channelId: string, itemId: string): boolean;
  hasOpenContent(channelId: string, contentHash: string): boolean;
  isAdopted(channelId: string, itemId: string): boolean;
  adopt(channelId: string, itemId: string, by: string, reason: string, at: string): void;
  cursor(channelId: string): { cursor: string | null; profile: string | null; lastReadAt: string | null };
  saveCursor(channelId: string, cursor: string | null, at: string, profile: string | null): void;
  /** Link domains this channel used in verified or adopted items (kept across restarts). */
  learnedDomains(channelId: string): string[];
  /** Idempotent: a domain already learned keeps its first date. */
  learnDomain(channelId: string, domain: string, at: string): void;
}

/** Accounts and sign-in throttle records; the accounts service owns every rule. */
export interface AccountsRepository extends Transactional {
  count(): number;
  countActiveAdmins(): number;
  findById(id: string): AccountRecord | null;
  findByUsername(username: string): AccountRecord | null;
  list(): AccountRecord[];
  insert(account: AccountRecord): void;
  update(id: string, patch: AccountPatch, at: Date): void;
  getThrottle(username: string): ThrottleRecord | null;
  putThrottle(record: ThrottleRecord): void;
  clearThrottle(username: string): void;
}

/** Statements, their versions and reviews, templates and break-glass authorisations. */
export interface StatementsRepository extends Transactional {
  insertStatement(record: StatementRecord): void;
  /** Writes every column of the row: the service always holds the whole record. */
  updateStatement(record: StatementRecord): void;
  getStatement(id: string): StatementRecord | null;
  listStatements(filter: { readonly authorId?: string; readonly status?: StatementStatus }): StatementRecord[];
  insertVersion(record: StatementVersionRecord): void;
  getVersion(statementId: string, version: number): StatementVersionRecord | null;
  listVersions(statementId: string): StatementVersionRecord[];
  /** Everyone who saved any version: none of them may approve it. */
  editorsOf(statementId: string): string[];
  insertReview(record: ReviewRecord): void;
  latestReview(statementId: string, decision: 'approved' | 'rejected'): ReviewRecord | null;
  voidApprovals(statementId: string, at: string, reason: string): number;
  insertTemplate(record: TemplateRecord): void;
  updateTemplate(record: TemplateRecord): void;
  getTemplate(id: string): TemplateRecord | null;
  listTemplates(): TemplateRecord[];
  insertTemplateVersion(record: TemplateVersionRecord): void;
  getTemplateVersion(templateId: string, version: number): TemplateVersionRecord | null;
  insertTemplateApproval(record: TemplateApprovalRecord): void;
  latestTemplateApproval(templateId: string): TemplateApprovalRecord | null;
  voidTemplateApprovals(templateId: string, at: string, reason: string): number;
  insertBreakGlass(record: BreakGlassRecord): void;
  getBreakGlass(id: string): BreakGlassRecord | null;
  listBreakGlass(): BreakGlassRecord[];
  /** Records the review once: false when it was already reviewed (or does not exist). */
  reviewBreakGlass(id: string, review: BreakGlassReview): boolean;
}

/** Freezes and incidents, outbox rows, evidence, retraction jobs and Lock steps. */
export interface ControlRepository extends Transactional {
  freezes(): FreezeRecord[];
  /** The freeze that holds this channel (its own, else the all-channels one), or null. */
  freezeFor(channelId: string): FreezeRecord | null;
  putFreeze(f: FreezeRecord): void;
  deleteFreezes(scopes: readonly string[] | AllChannels): number;
  openIncident(at: string, by: string, reason: string): number;
  currentIncident(): IncidentRecord | null;
  /** The newest incident, open or closed. */
  latestIncident(): IncidentRecord | null;
  incident(id: number): IncidentRecord | null;
  closeIncident(id: number, at: string, by: string): void;
  /** Idempotent on (statement, channel): returns the existing row, except that a cancelled one is queued afresh. */
  insertOutbox(row: NewOutboxRow): OutboxRow;
  outbox(id: number): OutboxRow | null;
  outboxByStatement(statementId: string): OutboxRow[];
  /** Rows in a given status, oldest first; all channels when channelIds is omitted. */
  outboxIn(statuses: readonly OutboxStatus[], channelIds?: readonly string[]): OutboxRow[];
  /** Compare-and-set: applies only while the row still has `expect.status` (and `expect.attempts`). */
  updateOutbox(id: number, patch: OutboxPatch, at: string, expect: { status: readonly OutboxStatus[]; attempts?: number }): boolean;
  /** Sets (or clears) what holds every queued row on these channels; returns how many rows. */
  holdQueued(channelIds: readonly string[] | AllChannels, held: Held | null, at: string): number;
  countOutbox(statuses: readonly OutboxStatus[], channelIds: readonly string[] | AllChannels): number;
  /** The ledger entry's item id (null = still open), or undefined when the entry is gone. */
  publicationItem(publicationId: number): string | null | undefined;
  /** Deletes a still-open ledger entry: the send it stood for is known not to have happened. */
  releaseOpenPublication(publicationId: number): boolean;
  insertEvidence(e: NewEvidence): EvidenceRecord;
  evidence(id: number): EvidenceRecord | null;
  evidenceBetween(fromIso: string, toIso: string): EvidenceRecord[];
  insertRetraction(r: NewRetraction): { record: RetractionRecord; created: boolean };
  retraction(id: number): RetractionRecord | null;
  retractionsIn(statuses: readonly RetractionStatus[], channelId?: string): RetractionRecord[];
  updateRetraction(id: number, patch: RetractionPatch): void;
  insertLockStep(s: Omit<LockStepRecord, 'id'>): LockStepRecord;
  lockSteps(channelId?: string): LockStepRecord[];
}

/** Images: cleaned ones by SHA-256, a version's images, what items read back carry, evidence's copies. */
export interface MediaRepository {
  /** Idempotent: the same bytes are the same image. */
  putMedia(m: MediaRecord): void;
  getMedia(sha256: string): (MediaRecord & { readonly size: number }) | null;
  mediaInfo(sha256: string): MediaInfo | null;
  /** Once, when the version is saved (its content hash covers them). */
  setVersionImages(statementId: string, version: number, images: readonly StatementImage[]): void;
  versionImages(statementId: string, version: number): StatementImage[];
  /** Replaces what is recorded for this item (the item must be stored). */
  setObservedMedia(channelId: string, itemId: string, media: readonly ObservedMediaWithBytes[]): void;
  observedMedia(channelId: string, itemId: string): ObservedMediaRecord[];
  /** The images of many items of one channel in one query (items without images are absent). */
  observedMediaOf(channelId: string, itemIds: readonly string[]): Map<string, ObservedMediaRecord[]>;
  observedMediaWithBytes(channelId: string, itemId: string): ObservedMediaWithBytes[];
  /** Bytes the screen may be shown: a statement's own image, or one read back that passed inspection. */
  shownImage(sha256: string): { readonly mime: string; readonly bytes: Uint8Array } | null;
  /** Fixes the images an approved statement goes out with (replacing any from an earlier queueing). */
  setSendImages(statementId: string, images: readonly StatementImage[]): void;
  sendImages(statementId: string): StatementImage[];
  recordMediaRefs(channelId: string, statementId: string, refs: readonly { readonly sha256: string; readonly ref: string }[]): void;
  /**
   * What the ledger expects the item to carry: by its ledger entry's item id, else by the still-open
   * entry with this content hash. Null when the ledger has no entry for it.
   */
  expectedMedia(channelId: string, itemId: string, contentHash: string): ExpectedMedia | null;
  insertEvidenceMedia(evidenceId: number, media: readonly EvidenceMediaRecord[]): void;
  evidenceMedia(evidenceId: number): EvidenceMediaRecord[];
}

export interface AuditReader {
  /** The last entry (highest seq), or null for an empty log. */
  head(): AuditHead | null;
  /** Entries with seq >= fromSeq in seq order; consume inside the read/write callback. */
  entriesFrom(fromSeq: number): Iterable<AuditEntryRecord>;
  /** Every checkpoint, ordered by upto_seq then insertion. */
  checkpoints(): AuditCheckpointRecord[];
  /** The checkpoint with the highest upto_seq, or null. */
  latestCheckpoint(): AuditCheckpointRecord | null;
}

export interface AuditWriter extends AuditReader {
  insertEntry(entry: AuditEntryRecord): void;
  /** False when a checkpoint for this upto_seq and key already exists (nothing is written). */
  insertCheckpoint(checkpoint: AuditCheckpointRecord): boolean;
}

/** Audit entries and checkpoints, stored exactly as given: electron/core/audit computes hashes and signatures. */
export interface AuditRepository {
  /**
   * Runs `work` in the store's write transaction. The head it reads is the head its insert extends:
   * the CLI and the app share the file, and reading the head outside the lock would let both append
   * the same seq and fork the chain. Throws (and writes nothing) if `work` throws.
   */
  write<T>(work: (writer: AuditWriter) => T): T;
  /** Runs `work` on one consistent snapshot, so entries and checkpoints are read as of one moment. */
  read<T>(work: (reader: AuditReader) => T): T;
}

/** Every repository of one database, sharing one transaction runner. What the app is composed from. */
export interface Store extends Transactional {
  readonly settings: SettingsRepository;
  readonly channels: ChannelsRepository;
  readonly monitor: MonitorRepository;
  readonly accounts: AccountsRepository;
  readonly statements: StatementsRepository;
  readonly control: ControlRepository;
  readonly audit: AuditRepository;
  readonly media: MediaRepository;
  /** The schema version the database is at after opening (migrations applied). */
  readonly schemaVersion: number;
  close(): void;
}
