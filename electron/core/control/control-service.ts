// Assembles freeze, outbox, quarantine, retraction, Lock and the evidence export from plain
// constructor arguments: the one object the app wires to the contract and the monitor.
import type { ChannelAdapter } from '../../channels/types';
import type { AuditRepository, ControlRepository, MonitorRepository } from '../../store/repositories';
import { outboxStatuses, type OutboxRow } from '../../store/records';
import { AppError } from '../../shared/result';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { exportEvidenceBundle, incidentTimeline, type BundleSelector, type EvidenceBundle } from '../evidence/export-bundle';
import type { Logger } from '../log';
import type { Monitor } from '../monitor/monitor';
import { createOutbox, type Outbox, type StatementFanOut } from '../outbox/outbox';
import type { RetryPolicy } from '../outbox/send-policy';
import type { BudgetWindow } from './eta';
import type { ControlEventSink } from './events';
import { createFreezeService, type FreezeService } from './freeze';
import { createLockRunbook, type LockRunbook } from './lock';
import { createQuarantine, type Quarantine } from './quarantine';
import { createRetractionService, type RetractionService } from './retract';
import type { Actor, Sleep } from './types';

export interface ControlServiceDeps {
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  readonly audit: AuditLog;
  readonly auditRepo: AuditRepository;
  /** Channel id -> adapter; may be a live Map the app adds channels to. */
  readonly adapters: ReadonlyMap<string, ChannelAdapter>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: ControlEventSink;
  readonly sleep?: Sleep;
  readonly settleAfterMs?: number;
  readonly retry?: RetryPolicy;
  readonly retractWindows?: Readonly<Partial<Record<ChannelAdapter['kind'], BudgetWindow>>>;
  readonly owner?: string;
}

export interface ControlService {
  readonly freeze: FreezeService['freeze'];
  readonly unfreeze: FreezeService['unfreeze'];
  readonly freezeState: FreezeService['state'];
  readonly outbox: Outbox;
  /** An approved statement out to every channel in its variant map, channels concurrently. */
  publishStatement(input: StatementFanOut): Promise<OutboxRow[]>;
  readonly retract: RetractionService['retract'];
  readonly retractUnverifiedSince: RetractionService['retractUnverifiedSince'];
  readonly retraction: RetractionService;
  readonly quarantine: Quarantine;
  /** Subscribes quarantine to the monitor; returns the unsubscribe function. */
  attachMonitor(monitor: Monitor): () => void;
  readonly lock: LockRunbook;
  exportEvidenceBundle(selector: BundleSelector, outDir: string, actor: Actor): Promise<EvidenceBundle>;
  /** The incident's timeline (first unverified item, alert, freeze, retractions, statement). */
  incidentTimeline(selector: BundleSelector): ReturnType<typeof incidentTimeline>;
  /** Every outbox row (for the screen's send status). */
  outboxRows(): OutboxRow[];
  /** The newest incident, for an export that names none. */
  latestIncidentSelector(): BundleSelector;
  /** Start-up: settle claimed sends and resume retractions (reading channels), then run the outbox loop. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createControlService(deps: ControlServiceDeps): ControlService {
  const base = { control: deps.control, ledger: deps.ledger, audit: deps.audit, adapters: deps.adapters, clock: deps.clock, logger: deps.logger, events: deps.events };
  const optional = {
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.settleAfterMs !== undefined ? { settleAfterMs: deps.settleAfterMs } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    ...(deps.owner ? { owner: deps.owner } : {}),
  };
  const outbox = createOutbox({ ...base, ...optional });
  const freeze = createFreezeService({
    repo: deps.control,
    audit: deps.audit,
    clock: deps.clock,
    events: deps.events,
    knownChannels: () => [...deps.adapters.keys()],
    onUnfrozen: () => outbox.kick(),
  });
  const retraction = createRetractionService({ ...base, ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.retractWindows ? { retractWindows: deps.retractWindows } : {}) });
  const quarantine = createQuarantine({ control: deps.control, retraction, logger: deps.logger });
  const lock = createLockRunbook({ control: deps.control, audit: deps.audit, adapters: deps.adapters, clock: deps.clock, events: deps.events });

  const bundleDeps = { control: deps.control, ledger: deps.ledger, auditRepo: deps.auditRepo, audit: deps.audit, clock: deps.clock, channelIds: () => [...deps.adapters.keys()] };

  return {
    freeze: (input) => freeze.freeze(input),
    unfreeze: (input) => freeze.unfreeze(input),
    freezeState: () => freeze.state(),
    outbox,
    publishStatement: (input) => outbox.fanOut(input),
    retract: (items, actor) => retraction.retract(items, actor),
    retractUnverifiedSince: (since, channelIds, actor) => retraction.retractUnverifiedSince(since, channelIds, actor),
    retraction,
    quarantine,
    attachMonitor: (monitor) => monitor.subscribe(quarantine.listener),
    lock,
    exportEvidenceBundle: (selector, outDir, actor) => exportEvidenceBundle(bundleDeps, selector, outDir, actor),
    incidentTimeline: (selector) => incidentTimeline(bundleDeps, selector),
    outboxRows: () => deps.control.outboxIn(outboxStatuses),
    latestIncidentSelector() {
      const incident = deps.control.latestIncident();
      if (!incident) throw new AppError('CONFLICT', 'There is no incident to export yet: an incident starts with the first freeze.');
      return { incidentId: incident.id };
    },
    async start() {
      retraction.recover();
      await outbox.recover();
      outbox.start();
    },
    async stop() {
      await outbox.stop();
      await retraction.stop();
    },
  };
}
