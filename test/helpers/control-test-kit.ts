// Shared by the control, outbox and evidence tests: the actors, a database with the control and
// audit schemas, a scriptable fake channel, and the assembled service on a manual clock.
import { ChannelError, type ChannelAdapter, type ChannelKind, type ObservedItem, type PublishResult, type RateBudget, type Variant } from '../../electron/channels/types';
import type { AuditRepository, ControlRepository, MonitorRepository } from '../../electron/store/repositories';
import { createSqliteAuditRepository } from '../../electron/store/audit-repository';
import { createSqliteControlRepository } from '../../electron/store/control-repository';
import { openDatabase, type OpenedDatabase } from '../../electron/store/database';
import { auditMigrationSql } from '../../electron/store/migrations-audit';
import { controlMigrationSql } from '../../electron/store/migrations-control';
import { createSqliteMonitorRepository } from '../../electron/store/monitor-repository';
import { createAuditLog, type AuditLog } from '../../electron/core/audit/audit-log';
import { collect, makeSigningKey } from './audit-test-kit';
import { createManualClock } from '../../electron/lib/clock';
import { createLogger } from '../../electron/lib/log';
import { createControlService, type ControlService } from '../../electron/core/control/control-service';
import { createEventRecorder } from '../../electron/core/control/events';
import type { Actor } from '../../electron/core/control/types';

export const operator: Actor = { id: 'op-1', role: 'operator' };
export const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

/** Opens (or creates) a database at schema 3 plus the control and audit tables. */
export function openControlDb(path = ':memory:'): OpenedDatabase {
  const opened = openDatabase(path);
  const has = (name: string): boolean => opened.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!has('outbox')) opened.db.exec(controlMigrationSql);
  if (!has('audit_entries')) opened.db.exec(auditMigrationSql);
  return opened;
}

/**
 * Seeds channel rows straight into the file (synchronous, before any service runs on it). An upsert,
 * never INSERT OR REPLACE: replacing deletes the row, and the cascade would take its outbox and
 * ledger rows with it (the crash test opens the same file in several processes).
 */
export function addChannels(opened: OpenedDatabase, channels: readonly { id: string; kind: ChannelKind }[]): void {
  const insert = opened.db.prepare(
    `INSERT INTO channels (id, kind, name, config, secret_ref, demo, created_at) VALUES (?, ?, ?, '{}', NULL, 1, '2019-07-19T00:00:00Z')
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
  );
  for (const c of channels) insert.run(c.id, c.kind, c.id);
}

export type PublishScript = 'ok' | 'accept-then-unknown' | ChannelError;

/** A channel the test scripts: each publish takes the next behaviour (default 'ok'). */
export function fakeChannel(kind: ChannelKind = 'x', readBack: PublishResult['readBack'] = 'item-id') {
  const live: ObservedItem[] = [];
  const script: PublishScript[] = [];
  const budgets: RateBudget[] = [];
  let next = 1;
  const calls = { publish: 0, read: 0, retract: [] as string[] };
  const post = (text: string): string => {
    const id = String(next++);
    live.push({ channelItemId: id, publishedAt: null, text, html: null, url: null, raw: { id, text } });
    return id;
  };
  const adapter: ChannelAdapter = {
    kind,
    capabilities: { publish: true, retract: kind === 'email' ? 'impossible' : 'delete', freezeActions: true, profile: false },
    readSince: async () => {
      calls.read++;
      return { items: [...live].reverse(), cursor: null, visibleIds: null, windowComplete: true, profile: null };
    },
    renderedText: (v: Variant) => (v.title ? `${v.title}\n${v.text}` : v.text),
    publish: async (v: Variant) => {
      calls.publish++;
      const step = script.shift() ?? 'ok';
      if (step instanceof ChannelError) throw step;
      const id = post(adapter.renderedText(v));
      if (step === 'accept-then-unknown') throw new ChannelError({ kind: 'OUTCOME_UNKNOWN', message: 'no answer' });
      return { readBack, channelItemId: readBack === 'content' ? `<msg-${id}@test>` : id, url: null, publishedAt: null };
    },
    retract: async (id: string) => {
      calls.retract.push(id);
      if (kind === 'email') return { kind: 'impossible', why: 'Delivered email cannot be taken back.', correctionOffered: true };
      const i = live.findIndex((p) => p.channelItemId === id);
      if (i < 0) return { kind: 'already-gone' };
      live.splice(i, 1);
      return { kind: 'retracted', how: 'deleted' };
    },
    freezeActions: async () => [{ id: 'revoke', label: 'Revoke the token', effect: 'Nothing can post.' }],
    runFreezeAction: async (id: string) => ({ done: id === 'revoke', detail: 'revoked' }),
    health: () => ({ state: 'ok' }),
    limits: () => budgets,
  };
  return { adapter, live, script, budgets, calls, post };
}

export interface ControlKit {
  readonly opened: OpenedDatabase;
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  readonly auditRepo: AuditRepository;
  readonly audit: AuditLog;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly recorder: ReturnType<typeof createEventRecorder>;
  readonly adapters: Map<string, ChannelAdapter>;
  readonly service: ControlService;
  /** Every audit entry's action, in order. */
  actions(): Promise<string[]>;
}

export function makeControlKit(adapters: Map<string, ChannelAdapter>, options: { path?: string; settleAfterMs?: number } = {}): ControlKit {
  const opened = openControlDb(options.path);
  addChannels(opened, [...adapters.entries()].map(([id, a]) => ({ id, kind: a.kind })));
  const clock = createManualClock('2019-07-19T22:00:00Z');
  const control = createSqliteControlRepository(opened.db);
  const ledger = createSqliteMonitorRepository(opened.db);
  const auditRepo = createSqliteAuditRepository(opened.db);
  const audit = createAuditLog({ repo: auditRepo, clock, signingKey: makeSigningKey() });
  const recorder = createEventRecorder();
  const service = createControlService({
    control, ledger, audit, auditRepo, adapters, clock, logger: createLogger({ quiet: true }), events: recorder,
    // Sleeping moves the manual clock: an hour of waiting takes no time.
    sleep: async (ms) => clock.advance(Math.max(0, ms)),
    settleAfterMs: options.settleAfterMs ?? 1_000,
  });
  const actions = (): Promise<string[]> => auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).map((e) => e.action));
  return { opened, control, ledger, auditRepo, audit, clock, recorder, adapters, service, actions };
}
