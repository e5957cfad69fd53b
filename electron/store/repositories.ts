// What the core may ask of storage: one interface per repository and the Store that holds them,
// backend-neutral. The SQLite implementations sit beside this file (*-repository.ts, opened by
// sqlite-store.ts); a PostgreSQL backend implements these same interfaces (README, "Storage
// backends"). Nothing here exposes a connection, a statement or SQL: records in, records out.
// Every call is asynchronous (PostgreSQL answers over the network); SQLite's resolve at once.
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
  DeskCredentialRecord,
  DeskRecord,
  NewDeskCredential,
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
  ItemEdit,
  ItemRevision,
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
 * Runs `fn` in one write transaction and resolves with its result once committed (rejects, with
 * nothing written, if `fn` rejects). Calls made inside `fn` (from any repository of the same store,
 * recognised by async context) run in it; a nested `transaction` is a savepoint: an inner failure
 * undoes only the inner writes and propagates. `fn` may await the store, never anything outside
 * it: events and adapters come after the commit, and a backend may run `fn` again (PostgreSQL on a
 * serialization failure). The SQLite rule in full is in transaction.ts.
 */
export type Transaction = <T>(fn: () => Promise<T>) => Promise<T>;

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
  get(key: StoredSettingKey): Promise<string | null>;
  set(key: StoredSettingKey, value: string, at: Date): Promise<void>;
}

export interface ChannelsRepository {
  list(): Promise<ChannelRow[]>;
  get(id: string): Promise<ChannelRow | null>;
  upsert(row: ChannelRow): Promise<void>;
  remove(id: string): Promise<boolean>;
}

/** Observed items, the publication ledger, adoptions and per-channel reading state. */
export interface MonitorRepository extends Transactional {
  /** Inserts items not stored yet; returns the ones that were new. Idempotent on channel + item id. */
  insertNew(items: readonly StoredItem[]): Promise<StoredItem[]>;
  get(channelId: string, itemId: string): Promise<StoredItem | null>;
  exists(channelId: string, itemId: string): Promise<boolean>;
  list(channelId: string, limit: number): Promise<StoredItem[]>;
  unverifiedSince(channelIds: readonly string[], sinceIso: string): Promise<StoredItem[]>;
  /** Unverified items first seen before `sinceIso` that an edit changed since then, oldest first seen first. */
  editedUnverifiedSince(channelIds: readonly string[], sinceIso: string): Promise<StoredItem[]>;
  recentTimes(channelId: string, sinceIso: string): Promise<number[]>;
  liveItemIdsSince(channelId: string, sinceIso: string | null): Promise<{ itemId: string; firstSeenAt: string }[]>;
  markGone(channelId: string, itemIds: readonly string[], at: string): Promise<void>;
  setStatus(channelId: string, itemId: string, status: ItemStatus, detail: string | null): Promise<void>;
  setProvenance(channelId: string, itemId: string, provenance: Provenance, matchedBy: MatchedBy): Promise<void>;
  recordPublication(p: PublicationInput): Promise<number>;
  bindOpenPublication(channelId: string, contentHash: string, itemId: string): Promise<boolean>;
  hasItem(channelId: string, itemId: string): Promise<boolean>;
  hasOpenContent(channelId: string, contentHash: string): Promise<boolean>;
  /** The content hash of the ledger entry bound to this item (what was approved for it), or null. */
  publishedHash(channelId: string, itemId: string): Promise<string | null>;
  /**
   * An edit seen on the channel: keeps the stored content as the item's next revision, then gives
   * the row the edit's content and classification; returns the row as stored now (null: no such item).
   */
  recordEdit(edit: ItemEdit): Promise<StoredItem | null>;
  /** The item's earlier contents, oldest first (empty when it was never edited). */
  revisions(channelId: string, itemId: string): Promise<ItemRevision[]>;
  isAdopted(channelId: string, itemId: string): Promise<boolean>;
  adopt(channelId: string, itemId: string, by: string, reason: string, at: string): Promise<void>;
  cursor(channelId: string): Promise<{ cursor: string | null; profile: string | null; lastReadAt: string | null }>;
  saveCursor(channelId: string, cursor: string | null, at: string, profile: string | null): Promise<void>;
  /** Link domains this channel used in verified or adopted items (kept across restarts). */
  learnedDomains(channelId: string): Promise<string[]>;
  /** Idempotent: a domain already learned keeps its first date. */
  learnDomain(channelId: string, domain: string, at: string): Promise<void>;
}

/** Accounts and sign-in throttle records; the accounts service owns every rule. */
export interface AccountsRepository extends Transactional {
  count(): Promise<number>;
  countActiveAdmins(): Promise<number>;
  findById(id: string): Promise<AccountRecord | null>;
  findByUsername(username: string): Promise<AccountRecord | null>;
  list(): Promise<AccountRecord[]>;
  insert(account: AccountRecord): Promise<void>;
  update(id: string, patch: AccountPatch, at: Date): Promise<void>;
  getThrottle(username: string): Promise<ThrottleRecord | null>;
  putThrottle(record: ThrottleRecord): Promise<void>;
  clearThrottle(username: string): Promise<void>;
}

/** Statements, their versions and reviews, templates and break-glass authorisations. */
export interface StatementsRepository extends Transactional {
  insertStatement(record: StatementRecord): Promise<void>;
  /** Writes every column of the row: the service always holds the whole record. */
  updateStatement(record: StatementRecord): Promise<void>;
  getStatement(id: string): Promise<StatementRecord | null>;
  listStatements(filter: { readonly authorId?: string; readonly status?: StatementStatus }): Promise<StatementRecord[]>;
  insertVersion(record: StatementVersionRecord): Promise<void>;
  getVersion(statementId: string, version: number): Promise<StatementVersionRecord | null>;
  listVersions(statementId: string): Promise<StatementVersionRecord[]>;
  /** Everyone who saved any version: none of them may approve it. */
  editorsOf(statementId: string): Promise<string[]>;
  insertReview(record: ReviewRecord): Promise<void>;
  latestReview(statementId: string, decision: 'approved' | 'rejected'): Promise<ReviewRecord | null>;
  voidApprovals(statementId: string, at: string, reason: string): Promise<number>;
  insertTemplate(record: TemplateRecord): Promise<void>;
  updateTemplate(record: TemplateRecord): Promise<void>;
  getTemplate(id: string): Promise<TemplateRecord | null>;
  listTemplates(): Promise<TemplateRecord[]>;
  insertTemplateVersion(record: TemplateVersionRecord): Promise<void>;
  getTemplateVersion(templateId: string, version: number): Promise<TemplateVersionRecord | null>;
  insertTemplateApproval(record: TemplateApprovalRecord): Promise<void>;
  latestTemplateApproval(templateId: string): Promise<TemplateApprovalRecord | null>;
  voidTemplateApprovals(templateId: string, at: string, reason: string): Promise<number>;
  insertBreakGlass(record: BreakGlassRecord): Promise<void>;
  getBreakGlass(id: string): Promise<BreakGlassRecord | null>;
  listBreakGlass(): Promise<BreakGlassRecord[]>;
  /** Records the review once: false when it was already reviewed (or does not exist). */
  reviewBreakGlass(id: string, review: BreakGlassReview): Promise<boolean>;
}

/** Freezes and incidents, outbox rows, evidence, retraction jobs and Lock steps. */
export interface ControlRepository extends Transactional {
  freezes(): Promise<FreezeRecord[]>;
  /** The freeze that holds this channel (its own, else the all-channels one), or null. */
  freezeFor(channelId: string): Promise<FreezeRecord | null>;
  putFreeze(f: FreezeRecord): Promise<void>;
  deleteFreezes(scopes: readonly string[] | AllChannels): Promise<number>;
  openIncident(at: string, by: string, reason: string): Promise<number>;
  currentIncident(): Promise<IncidentRecord | null>;
  /** The newest incident, open or closed. */
  latestIncident(): Promise<IncidentRecord | null>;
  incident(id: number): Promise<IncidentRecord | null>;
  closeIncident(id: number, at: string, by: string): Promise<void>;
  /** Idempotent on (statement, channel): returns the existing row, except that a cancelled one is queued afresh. */
  insertOutbox(row: NewOutboxRow): Promise<OutboxRow>;
  outbox(id: number): Promise<OutboxRow | null>;
  outboxByStatement(statementId: string): Promise<OutboxRow[]>;
  /** Rows in a given status, oldest first; all channels when channelIds is omitted. */
  outboxIn(statuses: readonly OutboxStatus[], channelIds?: readonly string[]): Promise<OutboxRow[]>;
  /** Compare-and-set: applies only while the row still has `expect.status` (and `expect.attempts`, and the fencing token `expect.fence`). */
  updateOutbox(id: number, patch: OutboxPatch, at: string, expect: { status: readonly OutboxStatus[]; attempts?: number; fence?: number }): Promise<boolean>;
  /**
   * The row as a claim reads it, inside the claim's transaction. PostgreSQL locks it
   * (FOR UPDATE SKIP LOCKED: null while another desk's claim transaction holds it); SQLite has one writer.
   */
  outboxForClaim(id: number): Promise<OutboxRow | null>;
  /**
   * Takes over a claimed or unknown row still under fencing token `take.fence` whose lease ran out
   * (or that `take.owner` claimed itself): status unknown, claimed by take.owner, the fence raised.
   * Null when the lease still runs, the fence moved on, or another desk is taking it right now.
   */
  takeOverOutbox(id: number, take: { owner: string; fence: number; leaseUntil: string; at: string }): Promise<OutboxRow | null>;
  /** Extends the lease of a claim still under `fence`; false once another desk took it over. */
  renewOutboxLease(id: number, fence: number, leaseUntil: string, at: string): Promise<boolean>;
  /** Sets (or clears) what holds every queued row on these channels; returns how many rows. */
  holdQueued(channelIds: readonly string[] | AllChannels, held: Held | null, at: string): Promise<number>;
  countOutbox(statuses: readonly OutboxStatus[], channelIds: readonly string[] | AllChannels): Promise<number>;
  /** The ledger entry's item id (null = still open), or undefined when the entry is gone. */
  publicationItem(publicationId: number): Promise<string | null | undefined>;
  /** Deletes a still-open ledger entry: the send it stood for is known not to have happened. */
  releaseOpenPublication(publicationId: number): Promise<boolean>;
  insertEvidence(e: NewEvidence): Promise<EvidenceRecord>;
  evidence(id: number): Promise<EvidenceRecord | null>;
  evidenceBetween(fromIso: string, toIso: string): Promise<EvidenceRecord[]>;
  insertRetraction(r: NewRetraction): Promise<{ record: RetractionRecord; created: boolean }>;
  retraction(id: number): Promise<RetractionRecord | null>;
  retractionsIn(statuses: readonly RetractionStatus[], channelId?: string): Promise<RetractionRecord[]>;
  updateRetraction(id: number, patch: RetractionPatch): Promise<void>;
  insertLockStep(s: Omit<LockStepRecord, 'id'>): Promise<LockStepRecord>;
  lockSteps(channelId?: string): Promise<LockStepRecord[]>;
}

/** Images: cleaned ones by SHA-256, a version's images, what items read back carry, evidence's copies. */
export interface MediaRepository {
  /** Idempotent: the same bytes are the same image. */
  putMedia(m: MediaRecord): Promise<void>;
  getMedia(sha256: string): Promise<(MediaRecord & { readonly size: number }) | null>;
  mediaInfo(sha256: string): Promise<MediaInfo | null>;
  /** Once, when the version is saved (its content hash covers them). */
  setVersionImages(statementId: string, version: number, images: readonly StatementImage[]): Promise<void>;
  versionImages(statementId: string, version: number): Promise<StatementImage[]>;
  /** Replaces what is recorded for this item (the item must be stored). */
  setObservedMedia(channelId: string, itemId: string, media: readonly ObservedMediaWithBytes[]): Promise<void>;
  observedMedia(channelId: string, itemId: string): Promise<ObservedMediaRecord[]>;
  /** The images of many items of one channel in one query (items without images are absent). */
  observedMediaOf(channelId: string, itemIds: readonly string[]): Promise<Map<string, ObservedMediaRecord[]>>;
  observedMediaWithBytes(channelId: string, itemId: string): Promise<ObservedMediaWithBytes[]>;
  /** Bytes the screen may be shown: a statement's own image, or one read back that passed inspection. */
  shownImage(sha256: string): Promise<{ readonly mime: string; readonly bytes: Uint8Array } | null>;
  /** Fixes the images an approved statement goes out with (replacing any from an earlier queueing). */
  setSendImages(statementId: string, images: readonly StatementImage[]): Promise<void>;
  sendImages(statementId: string): Promise<StatementImage[]>;
  recordMediaRefs(channelId: string, statementId: string, refs: readonly { readonly sha256: string; readonly ref: string }[]): Promise<void>;
  /**
   * What the ledger expects the item to carry: by its ledger entry's item id, else by the still-open
   * entry with this content hash. Null when the ledger has no entry for it.
   */
  expectedMedia(channelId: string, itemId: string, contentHash: string): Promise<ExpectedMedia | null>;
  insertEvidenceMedia(evidenceId: number, media: readonly EvidenceMediaRecord[]): Promise<void>;
  evidenceMedia(evidenceId: number): Promise<EvidenceMediaRecord[]>;
}

export interface AuditReader {
  /** The last entry (highest seq), or null for an empty log. */
  head(): Promise<AuditHead | null>;
  /** Entries with seq >= fromSeq in seq order (for await); consume inside the read/write callback. */
  entriesFrom(fromSeq: number): AsyncIterable<AuditEntryRecord>;
  /** Every checkpoint, ordered by upto_seq then insertion. */
  checkpoints(): Promise<AuditCheckpointRecord[]>;
  /** The checkpoint with the highest upto_seq, or null. */
  latestCheckpoint(): Promise<AuditCheckpointRecord | null>;
}

export interface AuditWriter extends AuditReader {
  insertEntry(entry: AuditEntryRecord): Promise<void>;
  /** False when a checkpoint for this upto_seq and key already exists (nothing is written). */
  insertCheckpoint(checkpoint: AuditCheckpointRecord): Promise<boolean>;
}

/** Audit entries and checkpoints, stored exactly as given: electron/core/audit computes hashes and signatures. */
export interface AuditRepository {
  /**
   * Runs `work` in the store's write transaction. The head it reads is the head its insert extends:
   * the CLI and the app share the file, and reading the head outside the lock would let both append
   * the same seq and fork the chain. Rejects (and writes nothing) if `work` rejects.
   */
  write<T>(work: (writer: AuditWriter) => Promise<T>): Promise<T>;
  /** Runs `work` on one consistent snapshot, so entries and checkpoints are read as of one moment. */
  read<T>(work: (reader: AuditReader) => Promise<T>): Promise<T>;
}

/** The desks registry: every core registers at start and refreshes last_seen_at while it runs. */
export interface DesksRepository {
  /** Inserts the desk, or replaces its row (a restart: new start time, version, key). */
  register(desk: DeskRecord): Promise<void>;
  /** Refreshes last_seen_at; false when the desk's row is gone (it registers again). */
  touch(id: string, at: string): Promise<boolean>;
  /** Every desk, most recently seen first. */
  list(): Promise<DeskRecord[]>;
  /**
   * Takes the channel's reader lease for `leaseMs` (on the database's clock) when nobody holds it,
   * its holder's lease ran out, or this desk holds it already; returns the new fencing token (it
   * grows with every grant), or null when another desk holds a lease still running.
   */
  acquireReader(channelId: string, deskId: string, leaseMs: number): Promise<number | null>;
  /** Extends the lease this desk holds under `token`; false when it was lost (expired and taken, or released). */
  renewReader(channelId: string, deskId: string, token: number, leaseMs: number): Promise<boolean>;
  /** Ends the lease at once (another desk may take it) if this desk still holds it under `token`. */
  releaseReader(channelId: string, deskId: string, token: number): Promise<void>;
  /** Who holds the channel's lease now (null when nobody's lease is running): for status and tests. */
  reader(channelId: string): Promise<{ deskId: string; token: number } | null>;
  /** Records that a desk now holds its own credential for a channel (never the secret). */
  addCredential(credential: NewDeskCredential): Promise<DeskCredentialRecord>;
  /** Every desk's credentials (of one channel, or all), revoked ones included, oldest first. */
  credentials(channelId?: string): Promise<DeskCredentialRecord[]>;
  /** Marks a credential revoked; false when it already was (or does not exist). */
  markCredentialRevoked(id: number, at: string): Promise<boolean>;
}

/** Every repository of one database, sharing one transaction runner. What the app is composed from. */
/** What a listener is told about its connection (it reconnects by itself). */
export interface ChangeListenerHandlers {
  readonly onPayload: (payload: string) => void;
  /** After every (re)connection, once LISTEN is in place; reconnected: not the first one. */
  readonly onListening?: (reconnected: boolean) => void;
  readonly onLost?: (err: Error, retryInMs: number) => void;
}

/** Small notifications between the processes sharing one database (ids, never content). */
export interface ChangeChannel {
  /** Whether other desks can hear this one (false on SQLite: one desk per file). */
  readonly shared: boolean;
  publish(payload: string): Promise<void>;
  /** One dedicated connection that LISTENs until stopped, reconnecting with backoff. */
  listen(handlers: ChangeListenerHandlers): { stop(): Promise<void> };
}

/** SQLite: nobody else shares the file, so there is nothing to tell or hear. */
export const noChangeChannel: ChangeChannel = {
  shared: false,
  publish: () => Promise.resolve(),
  listen: () => ({ stop: () => Promise.resolve() }),
};

export interface Store extends Transactional {
  readonly settings: SettingsRepository;
  readonly channels: ChannelsRepository;
  readonly monitor: MonitorRepository;
  readonly accounts: AccountsRepository;
  readonly statements: StatementsRepository;
  readonly control: ControlRepository;
  readonly audit: AuditRepository;
  readonly media: MediaRepository;
  readonly desks: DesksRepository;
  /** Team mode's change feed between desks (LISTEN/NOTIFY on PostgreSQL; a no-op on SQLite). */
  readonly changes: ChangeChannel;
  /** The schema version the database is at after opening (migrations applied). */
  readonly schemaVersion: number;
  close(): Promise<void>;
}
