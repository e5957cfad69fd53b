// Assembles the core from plain constructor arguments (clock, logger, data directory, an optional
// plug-in): the same object serves the Electron main process, the browser-mode host, the CLI and
// the tests. Composition only: each call's handler is in handlers/<namespace>-handlers.ts.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock, type Clock } from '../lib/clock';
import { createLogger, type Logger } from '../lib/log';
import type { CorePlugin } from '../lib/plugin';
import type { EventName, Status } from '../shared/contract';
import { latestSchemaVersion } from '../store/migrations';
import type { AuditRepository, MonitorRepository, SettingsRepository } from '../store/repositories';
import { chooseDatabaseUrl, openStore } from '../store/backend';
import { createKeychainVault } from '../vault/keychain-vault';
import type { Vault } from '../vault/vault';
import { createAccountsService, type AccountsService } from './accounts/accounts-service';
import { createSessionAuthenticator } from './accounts/authenticator';
import type { ScryptParams } from './accounts/passphrase-hash';
import { createAuditLog, type AuditLog } from './audit';
import { keychainSigningKey } from './audit/keychain-signing-key';
import { keyPinStore } from './audit/key-pins';
import { auditAction } from './audit-actions';
import { createChannelService, type ChannelService } from './channels/channel-service';
import { createControlService, type ControlService } from './control/control-service';
import type { LockRequest } from './control/desk-lock';
import { createDeskPresence, deskIdOf, deskNameOf, type DeskPresence } from './desks';
import { createDispatch, type Dispatch, type SessionSlot } from './dispatch';
import { eventAccess } from './event-access';
import { createEventBus, type EventBus } from './event-bus';
import { contractHandlers } from './handlers';
import { createMediaService } from './media';
import { createChangeFeed } from './team/change-feed';
import { createDatabaseHealth, type DatabaseHealth } from './team/database-health';
import { explainUnreachable, rememberAccounts, rememberLast } from './team/offline-fallbacks';
import { explainStartRefusal } from './team/start-refusal';
import { draftJournalFileName, openDraftJournal } from './statements/draft-journal';
import { createOfflineDrafts, type OfflineDrafts } from './statements/offline-drafts';
import { networkReturnListener } from './outbox/network-return';
import { createAnomalySettings, type AnomalySettingsService } from './provenance/anomaly-settings';
import { databaseFileName, logFileName } from './paths';
import { applySeedData } from './seed-data';
import { createStatementsService, type StatementsService } from './statements/statements-service';
import { createTemplatesService, type TemplatesService } from './statements/templates-service';
import { appVersion } from './version';

export interface CoreOptions {
  readonly dataDir: string;
  readonly mode: Status['mode'];
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly electronVersion?: string | null;
  /** Desktop only: hands an allow-listed https URL to the OS browser (the default list, or the hosts given: a Mastodon instance's consent page). */
  readonly openExternal?: (url: string, allowedHosts?: readonly string[]) => Promise<void>;
  /** The OS keychain by default; tests pass the test-only memory vault. */
  readonly vault?: Vault;
  /** Tests lower scrypt's cost; production uses the accounts service's defaults. */
  readonly scrypt?: ScryptParams;
  /** Channels, seed data and a replay from outside the core (the demo newsroom); none by default. */
  readonly plugin?: CorePlugin;
  /**
   * Team mode: a postgres:// URL without a password (the keychain holds it). undefined: the
   * CONTROL_ROOM_DATABASE_URL environment variable, else SQLite in the data directory.
   */
  readonly databaseUrl?: string;
  /** This desk's name in the desks registry (default: the host name). */
  readonly deskName?: string;
  /** Team mode: the reader lease's length, renewal and asking intervals (defaults 4 s, 1.5 s, 0.5 s). */
  readonly readerLease?: { readonly leaseMs?: number; readonly renewMs?: number; readonly askMs?: number };
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly settings: SettingsRepository;
  readonly anomaly: AnomalySettingsService;
  readonly monitorRepo: MonitorRepository;
  readonly channels: ChannelService;
  readonly accounts: AccountsService;
  readonly statements: StatementsService;
  readonly templates: TemplatesService;
  readonly audit: AuditLog;
  readonly auditRepo: AuditRepository;
  readonly control: ControlService;
  readonly desks: DeskPresence;
  readonly databaseHealth: DatabaseHealth;
  readonly offlineDrafts: OfflineDrafts;
  status(): Status;
  /** Whether a connection may be sent an event (see event-access.ts). */
  mayReceive(slot: SessionSlot, event: EventName): Promise<boolean>;
  /** Connects the channels (or the plug-in's, seeding its data) and starts reading them. */
  startChannels(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the store (PostgreSQL when a database URL is given, else SQLite) and composes the core.
 * Rejects with a StoreError saying what to do when the database cannot be used (unreachable, not
 * migrated to this version, newer, no password in the keychain).
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ file: join(dataDir, logFileName) });
  let vault: Vault | undefined;
  // Opened on first use: a machine without a keychain still runs the demo newsroom.
  const getVault = (): Vault => (vault ??= options.vault ?? createKeychainVault());
  const deskId = deskIdOf(dataDir);
  const deskName = deskNameOf(options.deskName);
  // The core sees repository interfaces only; which backend serves them is decided here.
  const databaseUrl = options.databaseUrl ?? chooseDatabaseUrl(undefined);
  const { store, backend } = await openStore({
    dataDir,
    databaseFileName,
    databaseUrl,
    vault: getVault,
    applicationName: `control-room ${deskName}`.slice(0, 63),
    onConnectionError: (err) => logger.warn(`a database connection failed while idle; it will be replaced: ${err.message}`),
  }).catch((err: unknown) => {
    // Unreachable: say where this desk's offline drafts are and how to read them, and how to freeze.
    throw explainStartRefusal(err, { dataDir, databaseUrl });
  });
  const settings = store.settings;
  const monitorRepo = store.monitor;
  const events = createEventBus((err) => logger.error('event listener failed', err));
  // Team mode: whether this desk reaches the database; a probe (this desk's heartbeat) while it does not.
  const databaseHealth = createDatabaseHealth({ shared: backend.kind === 'postgres', clock, logger, probe: () => store.desks.touch(deskId, clock.now().toISOString()) });
  // Read by the monitor at every batch: an admin's change scores the next item, no restart needed.
  const anomaly = createAnomalySettings({ settings, transaction: store.transaction, clock, logger });
  // Team mode: one desk reads each channel (the holder of its lease); on SQLite this desk reads them all.
  const readers = backend.kind === 'postgres' ? { readers: { deskId, repo: store.desks, ...options.readerLease }, desk: { id: deskId, name: deskName, repo: store.desks } } : {};
  const auditRepo = store.audit;
  const signingKey = keychainSigningKey(getVault, logger);
  const audit = createAuditLog({ repo: auditRepo, clock, signingKey: signingKey.provider, onCheckpointError: signingKey.onCheckpointError });
  const channels = createChannelService({ channels: store.channels, monitorRepo, media: store.media, settings, events, clock, logger, scoring: anomaly.scoring, source: options.plugin?.channels, vault: getVault, audit, ...readers });
  const startedAt = clock.now().toISOString();
  // Aborted by close(): ends waits that outlive a call, and makes a second close() a no-op.
  const shutdown = new AbortController();
  const accountsRepo = store.accounts;
  // Signed-in people stay signed in while the database is unreachable (offline-fallbacks.ts).
  const idleLockMinutes = rememberLast(async (): Promise<number> => Number((await settings.get('session.idleLockMinutes')) ?? 15), databaseHealth);
  const accounts = createAccountsService({ repository: rememberAccounts(accountsRepo, databaseHealth), clock, config: { idleLockMinutes, ...(options.scrypt ? { scrypt: options.scrypt } : {}) } });
  const runtime = { node: process.versions.node, electron: options.electronVersion ?? null };
  const backendStatus: Status['backend'] =
    backend.kind === 'sqlite' ? { kind: 'sqlite', where: backend.path } : { kind: 'postgres', where: `${backend.user}@${backend.host}:${backend.port}/${backend.database}` };
  const status = (): Status => ({
    app: 'control-room',
    version: appVersion,
    mode: options.mode,
    dataDir,
    schemaVersion: store.schemaVersion,
    latestSchemaVersion,
    backend: backendStatus,
    desk: { id: deskId, name: deskName },
    runtime,
    startedAt,
  });
  // Team mode: the audit keys this desk trusts are pinned in its own data directory, not the shared database.
  const pins = backend.kind === 'postgres' ? { pins: keyPinStore(dataDir) } : {};
  const desks = createDeskPresence({ repo: store.desks, id: deskId, name: deskName, appVersion, clock, logger, publicKeys: signingKey.publicKeys, ...pins, team: backend.kind === 'postgres', health: databaseHealth });
  const statements = createStatementsService({ repository: store.statements, media: store.media, accounts, clock });
  // Team mode: drafts saved while the database is unreachable wait in this desk's own journal file.
  const journal = openDraftJournal(backend.kind === 'postgres' ? join(dataDir, draftJournalFileName) : ':memory:');
  const offlineDrafts = createOfflineDrafts({
    journal, statements, repository: store.statements, health: databaseHealth, clock, logger,
    changed: (id) => events.emit('statements.changed', { id }),
    // The save could not be audited while the database was gone: it is, now that it is in the shared store.
    synced: async (e, outcome) => {
      const editor = await accountsRepo.findById(e.editorId);
      await audit.append({
        actor: e.editorId, role: editor?.role ?? 'system', action: 'statements.save', target: outcome.statementId, reason: null,
        details: { outcome: 'ok', savedOnThisDeskAt: e.savedAt, synced: outcome.kind, ...(outcome.kind === 'copied' ? { besideStatement: e.statementId } : {}) },
      });
    },
  });
  const healthEvent = () => ({ ...databaseHealth.state(), pendingDrafts: offlineDrafts.pendingCount(), syncProblem: offlineDrafts.syncProblem() });
  const syncJournal = (): void => {
    void offlineDrafts.sync().then((r) => {
      if (r.applied + r.copied > 0) logger.info(`synced ${r.applied + r.copied} offline draft save(s) (${r.copied} kept beside a changed statement)`);
      events.emit('desks.databaseHealth', healthEvent());
    });
  };
  databaseHealth.onChange((state) => {
    events.emit('desks.databaseHealth', healthEvent());
    if (state.reachable) syncJournal();
  });
  const templates = createTemplatesService({ repository: store.statements, accounts, clock });
  // Team mode: Lock lists each desk's own credential and asks the desk that holds it (through the change feed).
  const team = backend.kind === 'postgres' ? {
    team: {
      desks: store.desks, accounts: accountsRepo, ask: (r: LockRequest) => changeFeed.askDesks(r),
      // Once Lock revoked this desk's own credential, its dead secret leaves this desk's keychain.
      ownCredentialRevoked: (channelId: string, why: string) => channels.credentialRevoked(channelId, why),
    },
  } : {};
  const control = createControlService({
    owner: deskId, control: store.control, ledger: monitorRepo, media: store.media, audit, auditRepo, adapters: channels.adapters, clock, logger, events: { emit: (name, payload) => events.emit(name, payload) }, ...team,
  });
  // Quarantine listens before the first read, so nothing seen while frozen slips through.
  channels.monitor.subscribe(control.quarantine.listener);
  channels.monitor.subscribe(networkReturnListener(control.outbox));
  // Team mode: this desk's screens learn at once when it starts or stops reading a channel.
  channels.monitor.subscribe({ readerChanged: (channelId, reading) => events.emit('desks.readerChanged', { channelId, reading }) });
  const media = createMediaService({ repository: store.media, clock });
  // Team mode: this desk's changes are told to the other desks, theirs are read and emitted here.
  const changeFeed = createChangeFeed({
    channel: store.changes, deskId, events, control: store.control, monitor: monitorRepo, media: store.media, statements: store.statements,
    accounts: accountsRepo, settings, anomalyView: () => anomaly.view(), logger, onRemoteFreeze: () => control.outbox.kick(), health: databaseHealth,
    onLockRequest: async (r) => control.deskLock?.answer(r),
  });
  changeFeed.start();
  const services = { accounts, statements, templates, control, channels, monitorRepo, mediaRepo: store.media, media, settings, anomaly, auditRepo, events, clock, logger, status, desks, databaseHealth, offlineDrafts };
  // Drafts saved on this desk before a restart go to the shared store now.
  if (offlineDrafts.pendingCount() > 0) syncJournal();
  const handlers = contractHandlers({
    ...services,
    dataDir,
    auditKeys: signingKey.publicKeys,
    openExternal: options.openExternal,
    shutdown: shutdown.signal,
    replay: options.plugin?.replay,
  });

  return {
    dispatch: createDispatch(explainUnreachable(handlers, databaseHealth), createSessionAuthenticator(accounts), logger, (r) => auditAction(audit, r)),
    ...services,
    audit,
    mayReceive: eventAccess(accounts),
    startChannels: async () => {
      await signingKey.load();
      // A running app is a desk: registered (with its audit key's public half) and seen every 10 s.
      await desks.start();
      await channels.start();
      const seed = options.plugin?.seed;
      if (seed && channels.sourceRunning()) await applySeedData(seed, { accounts: accountsRepo, templates, audit, clock, scrypt: options.scrypt });
      // Recovery reads the channels to settle sends a crash left claimed, then the outbox runs.
      await control.start();
    },
    close: async () => {
      if (shutdown.signal.aborted) return;
      shutdown.abort();
      desks.stop();
      databaseHealth.stop();
      await control.stop();
      await channels.stop();
      await changeFeed.stop();
      await offlineDrafts.sync().catch(() => undefined);
      await store.close();
      journal.close();
    },
  };
}
