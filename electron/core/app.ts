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
import { openSqliteStore } from '../store/sqlite-store';
import { createKeychainVault } from '../vault/keychain-vault';
import type { Vault } from '../vault/vault';
import { createAccountsService, type AccountsService } from './accounts/accounts-service';
import { createSessionAuthenticator } from './accounts/authenticator';
import type { ScryptParams } from './accounts/passphrase-hash';
import { createAuditLog, type AuditLog } from './audit';
import { keychainSigningKey } from './audit/keychain-signing-key';
import { auditAction } from './audit-actions';
import { createChannelService, type ChannelService } from './channels/channel-service';
import { createControlService, type ControlService } from './control/control-service';
import { createDispatch, type Dispatch, type SessionSlot } from './dispatch';
import { eventAccess } from './event-access';
import { createEventBus, type EventBus } from './event-bus';
import { contractHandlers } from './handlers';
import { createMediaService } from './media';
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
  status(): Status;
  /** Whether a connection may be sent an event (see event-access.ts). */
  mayReceive(slot: SessionSlot, event: EventName): Promise<boolean>;
  /** Connects the channels (or the plug-in's, seeding its data) and starts reading them. */
  startChannels(): Promise<void>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ file: join(dataDir, logFileName) });
  // The core sees repository interfaces only; which backend serves them is decided here.
  const store = openSqliteStore(join(dataDir, databaseFileName));
  const settings = store.settings;
  const monitorRepo = store.monitor;
  let vault: Vault | undefined;
  // Opened on first use: a machine without a keychain still runs the demo newsroom.
  const getVault = (): Vault => (vault ??= options.vault ?? createKeychainVault());
  const events = createEventBus((err) => logger.error('event listener failed', err));
  // Read by the monitor at every batch: an admin's change scores the next item, no restart needed.
  const anomaly = createAnomalySettings({ settings, transaction: store.transaction, clock, logger });
  const channels = createChannelService({ channels: store.channels, monitorRepo, media: store.media, settings, events, clock, logger, scoring: anomaly.scoring, source: options.plugin?.channels, vault: getVault });
  const startedAt = clock.now().toISOString();
  // Aborted by close(): ends waits that outlive a call, and makes a second close() a no-op.
  const shutdown = new AbortController();
  const accountsRepo = store.accounts;
  const idleLockMinutes = async (): Promise<number> => Number((await settings.get('session.idleLockMinutes')) ?? 15);
  const accounts = createAccountsService({ repository: accountsRepo, clock, config: { idleLockMinutes, ...(options.scrypt ? { scrypt: options.scrypt } : {}) } });
  const runtime = { node: process.versions.node, electron: options.electronVersion ?? null };
  const status = (): Status => ({ app: 'control-room', version: appVersion, mode: options.mode, dataDir, schemaVersion: store.schemaVersion, latestSchemaVersion, runtime, startedAt });
  const auditRepo = store.audit;
  const signingKey = keychainSigningKey(getVault, logger);
  const audit = createAuditLog({ repo: auditRepo, clock, signingKey: signingKey.provider, onCheckpointError: signingKey.onCheckpointError });
  const statements = createStatementsService({ repository: store.statements, media: store.media, accounts, clock });
  const templates = createTemplatesService({ repository: store.statements, accounts, clock });
  const control = createControlService({ control: store.control, ledger: monitorRepo, media: store.media, audit, auditRepo, adapters: channels.adapters, clock, logger, events: { emit: (name, payload) => events.emit(name, payload) } });
  // Quarantine listens before the first read, so nothing seen while frozen slips through.
  channels.monitor.subscribe(control.quarantine.listener);
  channels.monitor.subscribe(networkReturnListener(control.outbox));
  const media = createMediaService({ repository: store.media, clock });
  const services = { accounts, statements, templates, control, channels, monitorRepo, mediaRepo: store.media, media, settings, anomaly, auditRepo, events, clock, logger, status };
  const handlers = contractHandlers({
    ...services,
    dataDir,
    auditKeys: signingKey.publicKeys,
    openExternal: options.openExternal,
    shutdown: shutdown.signal,
    replay: options.plugin?.replay,
  });

  return {
    dispatch: createDispatch(handlers, createSessionAuthenticator(accounts), logger, (r) => auditAction(audit, r)),
    ...services,
    audit,
    mayReceive: eventAccess(accounts),
    startChannels: async () => {
      await signingKey.load();
      await channels.start();
      const seed = options.plugin?.seed;
      if (seed && channels.sourceRunning()) await applySeedData(seed, { accounts: accountsRepo, templates, audit, clock, scrypt: options.scrypt });
      // Recovery reads the channels to settle sends a crash left claimed, then the outbox runs.
      await control.start();
    },
    close: async () => {
      if (shutdown.signal.aborted) return;
      shutdown.abort();
      await control.stop();
      await channels.stop();
      await store.close();
    },
  };
}
