// Live across desks (team mode): what this desk's writes change reaches every other desk's screen.
// The one place local writes already surface is the event bus, so the feed listens there: each
// shared-state event this desk emits becomes a small NOTIFY of ids (kind + ids + this desk's id).
// Every other desk hears it on its own LISTEN connection, reads the rows from the shared store and
// emits the very event a local write would have emitted, so the per-window access gating
// (event-access.ts) and the screens work unchanged. On SQLite the store's channel is a no-op and
// the feed does nothing. Events that are about this desk only (its monitor's health, heartbeat,
// demo, OAuth consent) are not shared.
import { z } from 'zod';
import type { Logger } from '../../lib/log';
import { settingKeySchema, type EventName, type EventPayload } from '../../shared/contract';
import { outboxStates } from '../../shared/contract-control';
import type { ChangeChannel, ControlRepository, MediaRepository, MonitorRepository, SettingsRepository, StatementsRepository, AccountsRepository } from '../../store/repositories';
import { feedItemsWithMedia } from '../channels/channel-service';
import type { EventBus } from '../event-bus';
import { progressEvent } from '../outbox/progress';
import type { StoredItem } from '../../store/records';
import type { LockRequest } from '../control/desk-lock';

const ids = z.array(z.string().max(512)).max(200);

/** One change, as it travels: ids (and an outbox row's state), never content. */
export const changeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('freeze'), by: z.string(), at: z.string(), heldRows: z.number().int(), inFlight: z.number().int() }),
  z.object({ kind: z.literal('items'), channelId: z.string(), itemIds: ids }),
  z.object({ kind: z.literal('gone'), channelId: z.string(), itemIds: ids }),
  z.object({ kind: z.literal('statement'), id: z.string() }),
  z.object({ kind: z.literal('outbox'), rowId: z.number().int(), state: z.enum(outboxStates), at: z.string() }),
  z.object({ kind: z.literal('awaiting'), statementIds: ids, at: z.string() }),
  z.object({ kind: z.literal('template'), id: z.string() }),
  z.object({ kind: z.literal('breakGlass'), templateId: z.string(), at: z.string() }),
  z.object({ kind: z.literal('breakGlassReviewed'), id: z.string(), reviewerId: z.string(), at: z.string() }),
  z.object({ kind: z.literal('setting'), key: settingKeySchema }),
  z.object({ kind: z.literal('anomaly') }),
  z.object({ kind: z.literal('lockStep'), channelId: z.string(), stepId: z.number().int() }),
  // Lock on one desk asks the desk holding a credential to revoke its own (desk-lock.ts).
  z.object({ kind: z.literal('lockRequest'), channelId: z.string(), credentialId: z.number().int(), actorId: z.string() }),
]);
export type Change = z.infer<typeof changeSchema>;

const envelopeSchema = z.object({ v: z.literal(1), desk: z.string(), change: changeSchema });
type Envelope = z.infer<typeof envelopeSchema>;

/** Item ids per notification: well under PostgreSQL's 8000-byte payload cap. */
const idsPerChange = 40;

function chunks(list: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < list.length; i += idsPerChange) out.push(list.slice(i, i + idsPerChange));
  return out;
}

/** The changes a locally emitted event announces to the other desks (none for desk-local events). */
export function changesOf(name: EventName, payload: unknown): Change[] {
  switch (name) {
    case 'control.freezeChanged': {
      const p = payload as EventPayload<'control.freezeChanged'>;
      return [{ kind: 'freeze', by: p.changedBy, at: p.at, heldRows: p.heldRows, inFlight: p.inFlight }];
    }
    case 'feed.items': {
      const p = payload as EventPayload<'feed.items'>;
      return chunks(p.items.map((i) => i.itemId)).map((itemIds) => ({ kind: 'items', channelId: p.channelId, itemIds }));
    }
    case 'feed.gone': {
      const p = payload as EventPayload<'feed.gone'>;
      return chunks(p.itemIds).map((itemIds) => ({ kind: 'gone', channelId: p.channelId, itemIds }));
    }
    case 'statements.changed':
      return [{ kind: 'statement', id: (payload as EventPayload<'statements.changed'>).id }];
    case 'outbox.progress': {
      const p = payload as EventPayload<'outbox.progress'>;
      return [{ kind: 'outbox', rowId: p.rowId, state: p.state, at: p.at }];
    }
    case 'outbox.awaitingConfirmation': {
      const p = payload as EventPayload<'outbox.awaitingConfirmation'>;
      return p.statementIds.length > 200 ? [] : [{ kind: 'awaiting', statementIds: p.statementIds, at: p.at }];
    }
    case 'templates.changed':
      return [{ kind: 'template', id: (payload as EventPayload<'templates.changed'>).id }];
    case 'alert.breakGlass': {
      const p = payload as EventPayload<'alert.breakGlass'>;
      return [{ kind: 'breakGlass', templateId: p.templateId, at: p.at }];
    }
    case 'templates.breakGlassReviewed': {
      const p = payload as EventPayload<'templates.breakGlassReviewed'>;
      return [{ kind: 'breakGlassReviewed', id: p.id, reviewerId: p.reviewerId, at: p.at }];
    }
    case 'settings.changed':
      return [{ kind: 'setting', key: (payload as EventPayload<'settings.changed'>).key }];
    case 'settings.anomalyChanged':
      return [{ kind: 'anomaly' }];
    case 'lock.stepRecorded': {
      const p = payload as EventPayload<'lock.stepRecorded'>;
      return [{ kind: 'lockStep', channelId: p.channelId, stepId: p.stepId }];
    }
    default:
      return [];
  }
}

export interface ChangeFeedDeps {
  readonly channel: ChangeChannel;
  readonly deskId: string;
  readonly events: EventBus;
  readonly control: ControlRepository;
  readonly monitor: MonitorRepository;
  readonly media: MediaRepository;
  readonly statements: StatementsRepository;
  readonly accounts: AccountsRepository;
  readonly settings: SettingsRepository;
  readonly anomalyView: () => Promise<EventPayload<'settings.anomalyChanged'>>;
  readonly logger: Logger;
  /** After another desk froze or unfroze: the outbox looks again at once (a lifted freeze lets held rows go). */
  readonly onRemoteFreeze?: () => void;
  /** Told when the listening connection is lost or back (this desk's database health). */
  readonly health?: { failed(err: unknown): boolean; succeeded(): void };
  /** Another desk's Lock asks this desk to revoke its own credential. */
  readonly onLockRequest?: (request: LockRequest) => Promise<void>;
}

export interface ChangeFeed {
  /** Starts publishing this desk's changes and listening to the others'. No-op on SQLite. */
  start(): void;
  stop(): Promise<void>;
  /** Asks the desk holding a credential to revoke it (every desk hears it; only the holder acts). */
  askDesks(request: LockRequest): void;
}

type Emission = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const { channel, deskId, events, logger } = deps;
  let replaying = false;
  let unsubscribe: (() => void) | null = null;
  let listener: { stop(): Promise<void> } | null = null;
  // Both directions keep their order: publishes go out one after another, and each heard change is
  // read and emitted before the next one is.
  let publishing: Promise<void> = Promise.resolve();
  let applying: Promise<void> = Promise.resolve();

  const publish = (change: Change): void => {
    const envelope: Envelope = { v: 1, desk: deskId, change };
    const text = JSON.stringify(envelope);
    publishing = publishing.then(() => channel.publish(text)).catch((err: unknown) => {
      logger.warn(`could not tell the other desks about a ${change.kind} change (they see it when their screens read again): ${err instanceof Error ? err.message : String(err)}`);
    });
  };

  /** Reads the rows a change names and returns the event a local write would have emitted. */
  const emissionsOf = async (change: Change): Promise<Emission[]> => {
    switch (change.kind) {
      case 'freeze':
        return [{ name: 'control.freezeChanged', payload: { frozen: await deps.control.freezes(), changedBy: change.by, at: change.at, heldRows: change.heldRows, inFlight: change.inFlight } }];
      case 'items': {
        const found = await Promise.all(change.itemIds.map((id) => deps.monitor.get(change.channelId, id)));
        const items = found.filter((i): i is StoredItem => i !== null);
        if (items.length === 0) return [];
        return [{ name: 'feed.items', payload: { channelId: change.channelId, items: await feedItemsWithMedia(deps.media, change.channelId, items) } }];
      }
      case 'gone':
        return [{ name: 'feed.gone', payload: { channelId: change.channelId, itemIds: change.itemIds } }];
      case 'statement':
        return [{ name: 'statements.changed', payload: { id: change.id } }];
      case 'outbox': {
        const row = await deps.control.outbox(change.rowId);
        return row ? [{ name: 'outbox.progress', payload: progressEvent(row, change.state, row.lastError, change.at) }] : [];
      }
      case 'awaiting':
        return [{ name: 'outbox.awaitingConfirmation', payload: { statementIds: change.statementIds, at: change.at } }];
      case 'template':
        return [{ name: 'templates.changed', payload: { id: change.id } }];
      case 'breakGlass': {
        const uses = (await deps.statements.listBreakGlass()).filter((b) => b.templateId === change.templateId);
        const latest = uses.reduce<(typeof uses)[number] | null>((a, b) => (a === null || b.issuedAt > a.issuedAt ? b : a), null);
        if (!latest) return [];
        const supervisor = await deps.accounts.findById(latest.supervisorId);
        return [{ name: 'alert.breakGlass', payload: { templateId: change.templateId, supervisor: supervisor?.displayName ?? latest.supervisorId, reason: latest.reason, expiresAt: latest.expiresAt, at: change.at } }];
      }
      case 'breakGlassReviewed':
        return [{ name: 'templates.breakGlassReviewed', payload: { id: change.id, reviewerId: change.reviewerId, at: change.at } }];
      case 'setting': {
        const value = await deps.settings.get(change.key);
        return value === null ? [] : [{ name: 'settings.changed', payload: { key: change.key, value } }];
      }
      case 'anomaly':
        return [{ name: 'settings.anomalyChanged', payload: await deps.anomalyView() }];
      case 'lockStep': {
        const s = (await deps.control.lockSteps(change.channelId)).find((x) => x.id === change.stepId);
        if (!s) return [];
        const payload = { channelId: s.channelId, actionId: s.actionId, label: s.label, outcome: s.outcome, detail: s.detail, runBy: s.runBy, at: s.runAt, stepId: s.id, deskId: s.deskId };
        return [{ name: 'lock.stepRecorded', payload }];
      }
      case 'lockRequest':
        return [];
    }
  };

  const emitRemote = (e: Emission): void => {
    // Synchronous: the bus calls its listeners in this turn, so our own publisher sees the flag and
    // does not send another desk's change back out.
    replaying = true;
    try {
      (events.emit as (name: EventName, payload: unknown) => void)(e.name, e.payload);
    } finally {
      replaying = false;
    }
  };

  const heard = (text: string): void => {
    let envelope: Envelope;
    try {
      envelope = envelopeSchema.parse(JSON.parse(text));
    } catch {
      logger.warn('ignored a change notification this version does not understand');
      return;
    }
    if (envelope.desk === deskId) return;
    const change = envelope.change;
    if (change.kind === 'lockRequest') {
      // Not queued behind the screens' reads: revoking upstream takes a network round trip.
      deps.onLockRequest?.({ credentialId: change.credentialId, channelId: change.channelId, actorId: change.actorId, fromDesk: envelope.desk }).catch((err: unknown) => {
        logger.warn(`could not answer desk ${envelope.desk}'s Lock request: ${err instanceof Error ? err.message : String(err)}`);
      });
      return;
    }
    applying = applying.then(async () => {
      for (const e of await emissionsOf(envelope.change)) emitRemote(e);
      if (envelope.change.kind === 'freeze') deps.onRemoteFreeze?.();
    }).catch((err: unknown) => {
      logger.warn(`could not read a change another desk made (${envelope.change.kind}); the screen shows it when it reads again: ${err instanceof Error ? err.message : String(err)}`);
    });
  };

  /** After the listening connection came back: what may have been missed that every screen shows. */
  const catchUp = (): void => {
    applying = applying.then(async () => {
      emitRemote({ name: 'control.freezeChanged', payload: { frozen: await deps.control.freezes(), changedBy: 'team', at: new Date().toISOString(), heldRows: 0, inFlight: 0 } });
    }).catch((err: unknown) => logger.warn(`could not re-read the freeze after the change feed reconnected: ${err instanceof Error ? err.message : String(err)}`));
  };

  return {
    start() {
      if (!channel.shared || unsubscribe) return;
      unsubscribe = events.subscribe((name, payload) => {
        if (replaying) return;
        for (const change of changesOf(name, payload)) publish(change);
      });
      listener = channel.listen({
        onPayload: heard,
        onListening: (reconnected) => {
          if (!reconnected) return;
          deps.health?.succeeded();
          logger.info('the change feed from the other desks is back');
          catchUp();
        },
        onLost: (err, retryInMs) => {
          deps.health?.failed(err);
          logger.warn(`lost the change feed from the other desks (${err.message}); reconnecting in ${retryInMs} ms`);
        },
      });
    },
    askDesks(request) {
      if (!channel.shared) return;
      publish({ kind: 'lockRequest', channelId: request.channelId, credentialId: request.credentialId, actorId: request.actorId });
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await listener?.stop();
      listener = null;
      await publishing;
      await applying;
    },
  };
}
