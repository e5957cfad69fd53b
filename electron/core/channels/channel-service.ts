// Owns the connected channels at run time: their adapters, the monitor reading them, and (when no
// real channel is configured) the channels a composed-in plug-in runs. Pushes what it sees to the
// transports as contract events.
import type { ChannelSummary, FeedItem } from '../../shared/contract';
import { AppError } from '../../shared/result';
import type { ChannelSource, PluginConnection } from '../../lib/plugin';
import type { ChannelsRepository, MediaRepository, MonitorRepository, SettingsRepository } from '../../store/repositories';
import type { ObservedMediaRecord, StoredItem } from '../../store/records';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../event-bus';
import type { Logger } from '../../lib/log';
import { createMonitor, type ChannelReport, type Monitor, type ReaderLeases } from '../monitor/monitor';
import type { ScoringSource } from '../monitor/process-batch';
import { randomBytes } from 'node:crypto';
import { ChannelError, type ChannelAdapter, type ChannelKind } from '../../channels/types';
import type { ConnectChannelInput, ConnectedChannelSummary, ConnectionTest } from '../../shared/contract-channels';
import type { Vault } from '../../vault/vault';
import { channelSecretRef } from '../../vault/secret-ref';
import { buildAdapter, loadSecrets, removeSecrets, secretNames, splitSecrets, storeSecrets, testConnection } from './connections';
import { checkSameAccount, ownCredential, type DeskIdentity } from './desk-credential';
import { hasLiveSharedRecord, liveLabels, revokeEarlierCredentials } from './earlier-credentials';
import type { AuditLog } from '../audit/audit-log';
import { systemActor, type Actor } from '../control/types';
import { revokedByLockWhy, supersededIds } from '../control/desk-lock-plan';

export interface ChannelServiceDeps {
  readonly channels: ChannelsRepository;
  readonly monitorRepo: MonitorRepository;
  /** Images of items read back: fetched, inspected and kept here. */
  readonly media: MediaRepository;
  readonly settings: SettingsRepository;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scoring: ScoringSource;
  /** A plug-in's channels (the demo newsroom), run when the bureau has none of its own. */
  readonly source: ChannelSource | undefined;
  /** The OS keychain; opened on first use, so the demo runs where no keychain exists. */
  readonly vault: () => Vault;
  /** Team mode: the reader leases (one desk reads each channel). Absent on SQLite: this desk reads every channel. */
  readonly readers?: ReaderLeases;
  /** Team mode: this desk, so a connection keeps (and records) this desk's own credential. Absent on SQLite. */
  readonly desk?: DeskIdentity;
  /** Team mode: what a reconnect did to this desk's earlier credential is audited. */
  readonly audit?: Pick<AuditLog, 'append'>;
}

export interface ConnectedChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  /** Run by the plug-in (stored and shown as a demo channel), not configured by the bureau. */
  readonly demo: boolean;
  readonly adapter: ChannelAdapter;
}

export const defaultPollIntervalMs = 1000;

/** An item as the columns show it; its images by state, never their bytes (media.image has those). */
export function toFeedItem(i: StoredItem, media: readonly ObservedMediaRecord[]): FeedItem {
  return {
    channelId: i.channelId,
    itemId: i.itemId,
    firstSeenAt: i.firstSeenAt,
    publishedAt: i.publishedAt,
    text: i.text,
    url: i.url,
    hasHtml: i.html !== null,
    provenance: i.provenance,
    matchedBy: i.matchedBy,
    severity: i.severity,
    signals: [...i.signals],
    status: i.status,
    statusDetail: i.statusDetail,
    media: media.map((m) => ({ ref: m.ref, state: m.state, sha256: m.state === 'shown' ? m.sha256 : null, reason: m.reason, alt: m.alt })),
  };
}

/** toFeedItem with the item's images looked up. */
export const feedItemWithMedia = (media: MediaRepository) => async (i: StoredItem): Promise<FeedItem> => toFeedItem(i, await media.observedMedia(i.channelId, i.itemId));

/** A page of one channel's items as the columns show them, their images looked up in one query. */
export async function feedItemsWithMedia(media: Pick<MediaRepository, 'observedMediaOf'>, channelId: string, items: readonly StoredItem[]): Promise<FeedItem[]> {
  const byItem = await media.observedMediaOf(channelId, items.map((i) => i.itemId));
  return items.map((i) => toFeedItem(i, byItem.get(i.itemId) ?? []));
}

export interface ChannelService {
  readonly monitor: Monitor;
  /** Channel id -> adapter, kept current as channels connect and disconnect (the outbox's view). */
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): ChannelSummary[];
  adapter(channelId: string): ConnectedChannel;
  connected(): readonly ConnectedChannel[];
  /** Whether the plug-in's channels may run: there is a plug-in and `demo.enabled` is not 'false'. */
  sourceEnabled(): Promise<boolean>;
  /** Whether the plug-in's channels were started (and are connected). */
  sourceRunning(): boolean;
  /** Reads through an adapter built from what was typed; nothing is saved. */
  test(input: ConnectChannelInput): Promise<ConnectionTest>;
  /**
   * Tests, then stores secrets (keychain) and settings (the database), then starts reading. With
   * `channelId`: connects that existing (shared) channel on this desk, with the same account.
   */
  connect(input: ConnectChannelInput, channelId?: string, actor?: Actor): Promise<ConnectedChannelSummary>;
  /**
   * Team mode, after Lock revoked this desk's own credential for the channel: its dead secrets leave
   * this desk's keychain and the channel shows `why` (revoked, how to reconnect) instead of retrying.
   */
  credentialRevoked(channelId: string, why: string): Promise<void>;
  remove(channelId: string): Promise<void>;
  /** Replaces one secret if a read with it works; the channel keeps reading with the new one. */
  rotateSecret(channelId: string, name: string, secret: string): Promise<ConnectionTest>;
}

/**
 * A channel this desk cannot use: its secrets cannot be read ('offline'), or Lock revoked this desk's
 * credential ('auth-revoked'). Every call says why, and the column shows it; nothing is retried.
 */
function unavailableAdapter(kind: ConnectedChannel['kind'], why: string, state: 'offline' | 'auth-revoked' = 'offline'): ChannelAdapter {
  const fail = async (): Promise<never> => {
    throw new ChannelError({ kind: state === 'offline' ? 'UNAVAILABLE' : 'AUTH_REVOKED', message: why });
  };
  return {
    kind,
    capabilities: { publish: false, retract: 'none', freezeActions: false, profile: false },
    readSince: fail,
    renderedText: (v) => v.text,
    publish: fail,
    retract: fail,
    freezeActions: async () => [],
    runFreezeAction: fail,
    health: () => ({ state, why }),
    limits: () => [],
  };
}

export function createChannelService(deps: ChannelServiceDeps): ChannelService {
  const monitor = createMonitor({
    repo: deps.monitorRepo, media: deps.media, clock: deps.clock, logger: deps.logger, scoring: deps.scoring,
    ...(deps.readers ? { readers: deps.readers } : {}),
  });
  const connected = new Map<string, ConnectedChannel>();
  const adapters = new Map<string, ChannelAdapter>();
  /** Channels whose secrets this desk's keychain does not hold: it cannot read them. */
  const unreadable = new Set<string>();
  const setConnected = (c: ConnectedChannel): void => {
    connected.set(c.id, c);
    adapters.set(c.id, c.adapter);
  };
  let sourceRunning = false;

  const summaryOf = (c: ConnectedChannel, r: ChannelReport | null): ChannelSummary => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    demo: c.demo,
    health: r?.health ?? { state: 'ok' },
    lastReadAt: r?.lastReadAt ?? null,
    budgets: [...(r?.budgets ?? [])],
    ...(c.adapter.addressing ? { addressing: { from: c.adapter.addressing.from, to: c.adapter.addressing.to } } : {}),
  });
  /** Unset: the plug-in's channels run when no real channel is configured. 'true' or 'false' force it. */
  const sourceSetting = (): Promise<string | null> => deps.settings.get('demo.enabled');
  const sourceEnabled = async (): Promise<boolean> => deps.source !== undefined && (await sourceSetting()) !== 'false';
  const pollInterval = async (): Promise<number> => {
    const v = Number((await deps.settings.get('monitor.pollIntervalMs')) ?? defaultPollIntervalMs);
    return Number.isFinite(v) && v >= 100 ? v : defaultPollIntervalMs;
  };

  monitor.subscribe({
    itemsObserved: async (channelId, items) => deps.events.emit('feed.items', { channelId, items: await feedItemsWithMedia(deps.media, channelId, items) }),
    itemsGone: (channelId, itemIds) => deps.events.emit('feed.gone', { channelId, itemIds: [...itemIds] }),
    health: (report) => {
      const c = connected.get(report.channelId);
      if (c) deps.events.emit('channels.report', summaryOf(c, report));
    },
  });

  /**
   * The plug-in's channels are new on every start, so their rows (and what was read from them)
   * are reset. Their credentials go into the keychain like any real credential, and the adapters
   * read them back from there. Where no keychain is reachable (a bare CI box) they stay in memory
   * for this run only: they are throwaway values regenerated at every start.
   */
  const connectSource = async (connections: readonly PluginConnection[]): Promise<void> => {
    const at = deps.clock.now().toISOString();
    for (const c of await deps.channels.list()) if (c.demo) await deps.channels.remove(c.id);
    let vault: Vault | null = null;
    try {
      const v = deps.vault();
      if ((await v.health()).ok) vault = v;
    } catch {
      vault = null;
    }
    if (!vault) deps.logger.warn('no keychain reachable: the demo newsroom credentials are held in memory for this run');
    for (const { id, input } of connections) {
      const split = splitSecrets(input);
      let secrets = split.secrets;
      if (vault) {
        await storeSecrets(vault, id, split.secrets);
        secrets = await loadSecrets(vault, id, secretNames[split.kind]);
      }
      const target = vault;
      const adapter = buildAdapter(split.kind, split.config, secrets, {
        clock: deps.clock,
        ...(target ? { onSecretsChanged: async (changed: Record<string, string>) => storeSecrets(target, id, changed) } : {}),
      });
      await deps.channels.upsert({ id, kind: split.kind, name: split.name, config: { ...split.config, demo: true }, secretRef: vault ? `channel:${id}` : null, demo: true, createdAt: at });
      setConnected({ id, kind: split.kind, name: split.name, demo: true, adapter });
    }
  };

  /** Shows the channel as revoked on this desk (no reading, no posting) until it is connected again. */
  const retire = (row: { id: string; kind: ChannelKind; name: string }, why: string): ChannelAdapter => {
    const adapter = unavailableAdapter(row.kind, why, 'auth-revoked');
    unreadable.add(row.id);
    setConnected({ id: row.id, kind: row.kind, name: row.name, demo: false, adapter });
    return adapter;
  };

  /** Team mode: channels whose newest credential of this desk was revoked by Lock, with what to tell the user. */
  const revokedOnThisDesk = async (): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    if (!deps.desk) return out;
    const all = await deps.desk.repo.credentials();
    const superseded = supersededIds(all);
    for (const c of all) if (c.deskId === deps.desk.id && !superseded.has(c.id) && c.revokedAt !== null) out.set(c.channelId, revokedByLockWhy(c));
    return out;
  };

  return {
    monitor,
    adapters,
    async start() {
      const realChannels = (await deps.channels.list()).filter((c) => !c.demo);
      const wantSource = (await sourceEnabled()) && ((await sourceSetting()) === 'true' || realChannels.length === 0);
      if (wantSource && deps.source) {
        await connectSource(await deps.source.start());
        sourceRunning = true;
        deps.logger.info(`demo newsroom started: ${[...connected.values()].filter((c) => c.demo).map((c) => c.name).join(', ')}`);
      } else {
        for (const c of await deps.channels.list()) if (c.demo) await deps.channels.remove(c.id);
      }
      const revoked = await revokedOnThisDesk();
      for (const row of realChannels) {
        const why = revoked.get(row.id);
        if (why !== undefined) {
          // Revoked by Lock while this desk was offline (from another desk): its dead secret goes now.
          await removeSecrets(deps.vault(), row.id, row.kind).catch((err: unknown) => deps.logger.warn(`channel ${row.id}: the revoked credential's secret could not be removed from the keychain: ${String(err)}`));
          retire(row, why);
          continue;
        }
        let adapter: ChannelAdapter;
        try {
          const secrets = await loadSecrets(deps.vault(), row.id, secretNames[row.kind]);
          adapter = buildAdapter(row.kind, row.config, secrets, {
            clock: deps.clock,
            onSecretsChanged: async (changed) => storeSecrets(deps.vault(), row.id, changed),
          });
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          deps.logger.warn(`channel ${row.id} cannot start: ${why}`);
          adapter = unavailableAdapter(row.kind, why);
          unreadable.add(row.id);
        }
        setConnected({ id: row.id, kind: row.kind, name: row.name, demo: false, adapter });
      }
      for (const c of connected.values()) monitor.add({ id: c.id, name: c.name, adapter: c.adapter, pollIntervalMs: await pollInterval(), unreadable: unreadable.has(c.id) });
      monitor.start();
    },
    async test(input) {
      const split = splitSecrets(input);
      return testConnection(buildAdapter(split.kind, split.config, split.secrets, { clock: deps.clock }));
    },
    async connect(input, channelId, actor = systemActor) {
      const split = splitSecrets(input);
      const existing = channelId === undefined ? null : await deps.channels.get(channelId);
      if (channelId !== undefined && !existing) throw new AppError('NOT_FOUND', `No channel "${channelId}" to connect on this desk.`);
      if (existing) checkSameAccount(existing, split);
      const adapter = buildAdapter(split.kind, split.config, split.secrets, { clock: deps.clock });
      const result = await testConnection(adapter);
      if (!result.ok) throw new AppError('BAD_INPUT', `Not connected: ${result.message}`);
      const id = existing?.id ?? `${split.kind}-${randomBytes(4).toString('hex')}`;
      const vault = deps.vault();
      if (Object.keys(split.secrets).length > 0) {
        const health = await vault.health();
        if (!health.ok) throw new AppError('UNAVAILABLE', `${health.reason} ${health.fix}`);
      }
      const desk = deps.desk;
      // Every desk's records of the channel before this connection: this desk's earlier ones go once the new one is kept.
      const recorded = desk && existing ? await desk.repo.credentials(id) : [];
      // Team mode: this desk's own credential (a new WordPress application password) replaces what was typed.
      const own = desk ? await ownCredential(split, desk, deps.clock, liveLabels(recorded, desk.id)) : null;
      const secrets = own?.secrets ?? split.secrets;
      let kept: number | null = null;
      try {
        if (Object.keys(secrets).length > 0) await storeSecrets(vault, id, secrets);
        if (!existing) await deps.channels.upsert({ id, kind: split.kind, name: split.name, config: split.config, secretRef: `channel:${id}`, demo: false, createdAt: deps.clock.now().toISOString() });
        // A shared secret is the same at every reconnect: one live record per desk, not one per connect.
        if (own && desk && !(own.kind === 'shared' && hasLiveSharedRecord(recorded, desk.id))) {
          kept = (await desk.repo.addCredential({ channelId: id, deskId: desk.id, kind: own.kind, label: own.label, upstreamId: own.upstreamId, createdAt: deps.clock.now().toISOString() })).id;
        }
      } catch (err) {
        if (!existing) await removeSecrets(vault, id, split.kind).catch(() => undefined);
        await own?.undo();
        throw err;
      }
      // The connection this desk had: it holds the earlier OAuth token (unless it could not be loaded).
      const previous = existing && !unreadable.has(id) ? (connected.get(id)?.adapter ?? null) : null;
      const live = buildAdapter(split.kind, split.config, secrets, { clock: deps.clock, onSecretsChanged: async (changed) => storeSecrets(vault, id, changed) });
      const name = existing?.name ?? split.name;
      const c: ConnectedChannel = { id, kind: split.kind, name, demo: false, adapter: live };
      if (existing) await monitor.remove(id);
      unreadable.delete(id);
      setConnected(c);
      monitor.add({ id, name, adapter: live, pollIntervalMs: await pollInterval() });
      // Only now, with the new credential kept and in use, is the earlier one taken away.
      const earlierCredentials = own && desk && existing
        ? await revokeEarlierCredentials({ repo: desk.repo, audit: deps.audit, clock: deps.clock, logger: deps.logger }, { deskId: desk.id, channelId: id, recorded, keptId: kept, previous, current: live, actor })
        : [];
      return { ...summaryOf(c, null), earlierCredentials };
    },
    async credentialRevoked(channelId, why) {
      const row = await deps.channels.get(channelId);
      if (!row || row.demo) return;
      await monitor.remove(channelId);
      monitor.add({ id: row.id, name: row.name, adapter: retire(row, why), pollIntervalMs: await pollInterval(), unreadable: true });
      // Last: the column shows "revoked" even if the keychain cannot be reached right now (the error says so to Lock).
      await removeSecrets(deps.vault(), channelId, row.kind);
    },
    async rotateSecret(channelId, name, secret) {
      const row = await deps.channels.get(channelId);
      if (!row || row.demo) throw new AppError('NOT_FOUND', `No connected channel "${channelId}" with stored secrets.`);
      if (!secretNames[row.kind].includes(name)) throw new AppError('BAD_INPUT', `A ${row.kind} channel has no secret called "${name}".`);
      const vault = deps.vault();
      const current = await loadSecrets(vault, channelId, secretNames[row.kind]);
      const next = { ...current, [name]: secret };
      const candidate = buildAdapter(row.kind, row.config, next, { clock: deps.clock });
      const result = await testConnection(candidate);
      // Nothing is replaced unless the new secret works: a typo must not take a channel offline.
      if (!result.ok) return result;
      await (current[name] === undefined ? vault.put(channelSecretRef(channelId, name), secret) : vault.rotate(channelSecretRef(channelId, name), secret));
      const live = buildAdapter(row.kind, row.config, next, { clock: deps.clock, onSecretsChanged: async (changed) => storeSecrets(vault, channelId, changed) });
      await monitor.remove(channelId);
      unreadable.delete(channelId);
      setConnected({ id: channelId, kind: row.kind, name: row.name, demo: false, adapter: live });
      monitor.add({ id: channelId, name: row.name, adapter: live, pollIntervalMs: await pollInterval() });
      return result;
    },
    async remove(channelId) {
      const row = await deps.channels.get(channelId);
      if (!row) throw new AppError('NOT_FOUND', `No channel "${channelId}".`);
      if (row.demo) throw new AppError('CONFLICT', 'Demo channels come and go with the demo newsroom: turn the demo off in Settings instead.');
      await monitor.remove(channelId);
      connected.delete(channelId);
      adapters.delete(channelId);
      await removeSecrets(deps.vault(), channelId, row.kind);
      await deps.channels.remove(channelId);
    },
    async stop() {
      await monitor.stop();
      sourceRunning = false;
      await deps.source?.stop();
    },
    list: () => [...connected.values()].map((c) => summaryOf(c, monitor.report(c.id))),
    adapter(channelId) {
      const c = connected.get(channelId);
      if (!c) throw new AppError('NOT_FOUND', `No connected channel "${channelId}". Check Settings → Channels.`);
      return c;
    },
    connected: () => [...connected.values()],
    sourceEnabled,
    sourceRunning: () => sourceRunning,
  };
}
