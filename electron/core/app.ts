// Assembles the core from plain constructor arguments (clock, logger, data directory): the same
// object serves the Electron main process, the browser-mode host, the CLI and the tests.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Status } from '../shared/contract';
import { checkExternalUrl } from '../shared/external-links';
import { AppError } from '../shared/result';
import { latestSchemaVersion } from '../store/migrations';
import type { AuditRepository, MonitorRepository, SettingsRepository } from '../store/repositories';
import { openSqliteStore } from '../store/sqlite-store';
import { createChannelService, toFeedItem, type ChannelService } from './channels/channel-service';
import { systemClock, type Clock } from './clock';
import { createKeychainVault } from '../vault/keychain-vault';
import type { Vault } from '../vault/vault';
import { createAccountsService, type AccountsService } from './accounts/accounts-service';
import { createSessionAuthenticator } from './accounts/authenticator';
import { createDispatch, type Dispatch, type Handlers, type SessionSlot } from './dispatch';
import type { EventName } from '../shared/contract';
import { createAuditLog, keyIdFor, type AuditLog, type SigningKeyProvider } from './audit';
import { auditAction } from './audit-actions';
import { seedDemoTemplates } from './demo-seed';
import { getOrCreateSigningKey } from '../vault/signing-key';
import { appSecretRef } from '../vault/secret-ref';
import { accountHandlers } from './handlers/accounts-handlers';
import { statementHandlers } from './handlers/statements-handlers';
import { controlHandlers } from './handlers/control-handlers';
import { createControlService, type ControlService } from './control/control-service';
import { createStatementsService, type StatementsService } from './statements/statements-service';
import { createTemplatesService, type TemplatesService } from './statements/templates-service';
import { createEventBus, type EventBus } from './event-bus';
import { createLogger, type Logger } from './log';
import { databaseFileName, logFileName } from './paths';
import { appVersion } from './version';


/** Events any connection may receive, signed in or not. */
const publicEvents: ReadonlySet<EventName> = new Set<EventName>(['app.heartbeat', 'demo.status']);

export interface CoreOptions {
  readonly dataDir: string;
  readonly mode: Status['mode'];
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly electronVersion?: string | null;
  /** Desktop only: hands an allow-listed https URL to the OS browser. */
  readonly openExternal?: (url: string) => Promise<void>;
  /** The OS keychain by default; tests pass the test-only memory vault. */
  readonly vault?: Vault;
  /** Tests lower scrypt's cost; production uses the accounts service's defaults. */
  readonly scrypt?: import('./accounts/passphrase-hash').ScryptParams;
  /** The bureau's office hours and time zone, for the off-hours signal. */
  readonly officeHours?: { readonly start: number; readonly end: number; readonly timeZone: string };
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly settings: SettingsRepository;
  readonly monitorRepo: MonitorRepository;
  readonly channels: ChannelService;
  readonly accounts: AccountsService;
  readonly statements: StatementsService;
  readonly templates: TemplatesService;
  readonly audit: AuditLog;
  readonly auditRepo: AuditRepository;
  readonly control: ControlService;
  status(): Status;
  /**
   * Whether a connection may be sent an event: feed, control and statement events only reach
   * sessions that are signed in (or locked at the desk); the X consent URL only an active admin.
   */
  mayReceive(slot: SessionSlot, event: EventName): boolean;
  /** Connects the channels (or the demo newsroom) and starts reading them. */
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
  const channels = createChannelService({
    channels: store.channels,
    monitorRepo,
    settings,
    events,
    clock,
    logger,
    scoring: {
      officeHours: options.officeHours ?? { start: 7, end: 22, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      ownDomains: [],
      baselinePerHour: 2,
    },
    // Loaded on demand: a bureau with real channels never loads the demo servers.
    startNewsroom: async () => (await import('../demo/newsroom')).startDemoNewsroom({ clock }),
    vault: getVault,
  });
  const startedAt = clock.now().toISOString();
  let closed = false;
  // Waits that outlive a call (an X consent page nobody answers) end when the core closes.
  const shutdown = new AbortController();
  const accountsRepo = store.accounts;
  const accounts = createAccountsService({
    repository: accountsRepo,
    clock,
    config: {
      idleLockMinutes: () => Number(settings.get('session.idleLockMinutes') ?? 15),
      ...(options.scrypt ? { scrypt: options.scrypt } : {}),
    },
  });

  const status = (): Status => ({
    app: 'control-room',
    version: appVersion,
    mode: options.mode,
    dataDir,
    schemaVersion: store.schemaVersion,
    latestSchemaVersion,
    runtime: { node: process.versions.node, electron: options.electronVersion ?? null },
    startedAt,
  });

  // The audit log signs checkpoints with a key from the keychain, loaded at start; until it is
  // (or where no keychain exists) entries are still chained and checkpoints are retried later.
  const auditRepo = store.audit;
  let signingKey: SigningKeyProvider | null = null;
  const keyNotLoaded = (): never => {
    throw new Error('the audit signing key is not loaded (keychain unavailable)');
  };
  const keyProvider: SigningKeyProvider = {
    get privateKey() {
      return signingKey?.privateKey ?? keyNotLoaded();
    },
    get publicKey() {
      return signingKey?.publicKey ?? keyNotLoaded();
    },
    get keyId() {
      return signingKey?.keyId ?? keyNotLoaded();
    },
  };
  let warnedUnsigned = false;
  const audit = createAuditLog({
    repo: auditRepo,
    clock,
    signingKey: keyProvider,
    onCheckpointError: (err) => {
      if (!warnedUnsigned) logger.warn(`audit checkpoint not signed yet: ${(err as Error).message}`);
      warnedUnsigned = true;
    },
  });
  const loadSigningKey = async (): Promise<void> => {
    try {
      const pair = await getOrCreateSigningKey(getVault(), appSecretRef('audit-signing-key'));
      signingKey = { ...pair, keyId: keyIdFor(pair.publicKey) };
    } catch (err) {
      logger.warn(`audit checkpoints stay unsigned until the keychain is available: ${(err as Error).message}`);
    }
  };

  const statementsRepo = store.statements;
  const statements = createStatementsService({ repository: statementsRepo, accounts, clock });
  const templates = createTemplatesService({ repository: statementsRepo, accounts, clock });

  const control = createControlService({
    control: store.control,
    ledger: monitorRepo,
    audit,
    auditRepo,
    adapters: channels.adapters,
    clock,
    logger,
    events: { emit: (name, payload) => events.emit(name, payload) },
  });
  // Quarantine listens before the first read, so nothing seen while frozen slips through.
  control.attachMonitor(channels.monitor);
  // A channel that reads again after being unreachable: what waited for the network goes now.
  const lastHealth = new Map<string, string>();
  channels.monitor.subscribe({
    health: ({ channelId, health }) => {
      const before = lastHealth.get(channelId);
      lastHealth.set(channelId, health.state);
      if (health.state === 'ok' && before !== undefined && before !== 'ok') control.outbox.networkReturned(channelId);
    },
  });

  const handlers: Handlers = {
    ...statementHandlers(statements, templates, events),
    ...controlHandlers({ control, channels, statements, templates, events, clock, dataDir }),
    ...accountHandlers(accounts, (username, ok) => {
      if (!ok) logger.warn(`sign-in refused for ${JSON.stringify(username.slice(0, 64))}`);
    }),
    'app.status': () => status(),
    'settings.get': ({ key }) => ({ key, value: settings.get(key) }),
    'settings.set': ({ key, value }) => {
      settings.set(key, value, clock.now());
      events.emit('settings.changed', { key, value });
      return { key, value };
    },
    'audit.list': ({ beforeSeq, limit }) =>
      auditRepo.read((r) => {
        const head = r.head();
        if (!head) return [];
        const last = Math.min(head.seq, (beforeSeq ?? head.seq + 1) - 1);
        const out = [];
        for (const e of r.entriesFrom(Math.max(1, last - limit + 1))) {
          if (e.seq > last) break;
          out.push(e);
        }
        return out.reverse();
      }),
    'audit.verify': async () => {
      const { verifyAuditLog, formatVerifyResult, defaultCheckpointEvery } = await import('./audit');
      const result = verifyAuditLog(auditRepo, signingKey ? [signingKey.publicKey] : undefined, { checkpointEvery: defaultCheckpointEvery });
      return { ok: result.ok, lines: formatVerifyResult(result), firstBadSeq: result.ok ? null : result.firstBad.seq };
    },
    'channels.list': () => channels.list(),
    'channels.test': ({ channel }) => channels.test(channel),
    'channels.connect': ({ channel }) => channels.connect(channel),
    'channels.authorizeX': async (input) => {
      const { startXAuthorization } = await import('../channels/x/oauth2-pkce');
      const auth = await startXAuthorization({
        clientId: input.clientId,
        ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        ...(input.authorizeBaseUrl ? { authorizeBaseUrl: input.authorizeBaseUrl } : {}),
        clock,
        signal: shutdown.signal,
        openBrowser: async (url) => {
          // The desktop app hands x.com to the OS browser; otherwise (browser mode, the demo's
          // loopback page) the screen that asked opens it.
          let opened = false;
          if (options.openExternal && checkExternalUrl(url, ['x.com', 'twitter.com']).allowed) {
            await options.openExternal(url);
            opened = true;
          }
          events.emit('channels.authorize', { url, opened });
        },
      });
      return channels.connect({
        kind: 'x',
        name: input.name,
        ...(input.apiBaseUrl ? { apiBaseUrl: input.apiBaseUrl } : {}),
        auth: {
          type: 'oauth2',
          accessToken: auth.accessToken,
          ...(auth.refreshToken ? { refreshToken: auth.refreshToken } : {}),
          clientId: input.clientId,
          ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        },
      });
    },
    'channels.rotateSecret': ({ id, name, secret }) => channels.rotateSecret(id, name, secret),
    'channels.remove': async ({ id }) => {
      await channels.remove(id);
      return { removed: id };
    },
    'feed.list': ({ channelId, limit }) => {
      channels.adapter(channelId);
      return monitorRepo.list(channelId, limit).map(toFeedItem);
    },
    'feed.item': ({ channelId, itemId }) => {
      const item = monitorRepo.get(channelId, itemId);
      if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed (it may belong to a previous demo run).');
      return { item: toFeedItem(item), html: item.html, raw: item.raw };
    },
    'feed.adopt': ({ channelId, itemId, reason }, ctx) => {
      const item = monitorRepo.get(channelId, itemId);
      if (!item) throw new AppError('NOT_FOUND', 'That item is not in the feed.');
      if (item.provenance !== 'unverified') throw new AppError('CONFLICT', `That item is already ${item.provenance}.`);
      if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
      const by = ctx.principal.id;
      monitorRepo.transaction(() => {
        monitorRepo.adopt(channelId, itemId, by, reason, clock.now().toISOString());
        monitorRepo.setProvenance(channelId, itemId, 'adopted', 'adoption');
      });
      const adopted = toFeedItem(monitorRepo.get(channelId, itemId)!);
      events.emit('feed.items', { channelId, items: [adopted] });
      return adopted;
    },
    'demo.status': () => ({ enabled: channels.demoEnabled(), running: channels.newsroom() !== null, replay: channels.replayState() }),
    'demo.replay': async ({ speed }) => {
      const replay = await channels.startReplay(speed);
      return { enabled: channels.demoEnabled(), running: true, replay };
    },
    'links.open': async ({ url }) => {
      const check = checkExternalUrl(url);
      if (!check.allowed) throw new AppError('BAD_INPUT', `That link was not opened: ${check.reason}.`);
      if (!options.openExternal) return { url: check.url, host: check.host, opened: false };
      await options.openExternal(check.url);
      return { url: check.url, host: check.host, opened: true };
    },
  };

  return {
    dispatch: createDispatch(handlers, createSessionAuthenticator(accounts), logger, (r) => auditAction(audit, r)),
    events,
    logger,
    settings,
    monitorRepo,
    channels,
    accounts,
    statements,
    templates,
    audit,
    auditRepo,
    control,
    status,
    mayReceive: (slot, event) => {
      if (publicEvents.has(event)) return true;
      if (slot.id === null) return false;
      const s = accounts.sessionStatus(slot.id);
      if (event === 'channels.authorize') return s.state === 'active' && s.account.role === 'admin';
      return s.state !== 'signed-out';
    },
    startChannels: async () => {
      await loadSigningKey();
      await channels.start();
      if (channels.newsroom()) {
        await seedDemoTemplates({ accounts: accountsRepo, templates, audit, clock, ...(options.scrypt ? { scrypt: options.scrypt } : {}) });
      }
      // Recovery reads the channels to settle sends a crash left claimed, then the outbox runs.
      await control.start();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      shutdown.abort();
      await control.stop();
      await channels.stop();
      store.close();
    },
  };
}
