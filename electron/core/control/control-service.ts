// Assembles freeze, outbox, quarantine, retraction, Lock and the evidence export from plain
// constructor arguments: the one object the app wires to the contract and the monitor.
import type { ChannelAdapter } from '../../channels/types';
import type { AuditRepository, ControlRepository, MediaRepository, MonitorRepository } from '../../store/repositories';
import { outboxStatuses, type OutboxRow } from '../../store/records';
import { AppError } from '../../shared/result';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../../lib/clock';
import { exportEvidenceBundle, incidentTimeline, type BundleSelector, type EvidenceBundle } from '../evidence/export-bundle';
import type { Logger } from '../../lib/log';
import { createOutbox, type Outbox } from '../outbox/outbox';
import type { RetryPolicy } from '../outbox/send-policy';
import type { BudgetWindow } from './eta';
import type { ControlEventSink } from './events';
import { createFreezeService, type FreezeService } from './freeze';
import { createDeskLock, type DeskLock, type DeskLockDeps } from './desk-lock';
import { createLockRunbook, type LockRunbook } from './lock';
import { createQuarantine, type Quarantine } from './quarantine';
import { createRetractionService, type RetractionService } from './retract';
import type { Sleep } from '../../lib/sleep';
import type { Actor } from './types';

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
  /** How long an outbox claim is this desk's before another desk may take it over. */
  readonly leaseMs?: number;
  /** Images: the outbox sends statements' images, evidence copies items' images. */
  readonly media?: MediaRepository;
  /** Team mode: each desk's own credentials in the Lock runbook, and asking the other desks. */
  readonly team?: Pick<DeskLockDeps, 'desks' | 'accounts' | 'ask' | 'answerWaitMs' | 'ownCredentialRevoked'>;
}

/** The assembled services, each called directly (the app subscribes `quarantine.listener` to the monitor). */
export interface ControlService {
  readonly freeze: FreezeService;
  /** Fan-out of approved statements (`outbox.fanOut`), the send loop, settling after a crash. */
  readonly outbox: Outbox;
  readonly retraction: RetractionService;
  readonly quarantine: Quarantine;
  readonly lock: LockRunbook;
  /** Team mode: the per-desk credential steps (another desk's Lock request is answered here). */
  readonly deskLock: DeskLock | undefined;
  exportEvidenceBundle(selector: BundleSelector, outDir: string, actor: Actor): Promise<EvidenceBundle>;
  /** The incident's timeline (first unverified item, alert, freeze, retractions, statement). */
  incidentTimeline(selector: BundleSelector): ReturnType<typeof incidentTimeline>;
  /** Every outbox row (for the screen's send status). */
  outboxRows(): Promise<OutboxRow[]>;
  /** The newest incident, for an export that names none. */
  latestIncidentSelector(): Promise<BundleSelector>;
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
    ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
  };
  const withMedia = deps.media ? { media: deps.media } : {};
  const outbox = createOutbox({ ...base, ...optional, ...withMedia });
  const freeze = createFreezeService({
    repo: deps.control,
    audit: deps.audit,
    clock: deps.clock,
    events: deps.events,
    knownChannels: () => [...deps.adapters.keys()],
    onUnfrozen: () => outbox.kick(),
  });
  const retraction = createRetractionService({ ...base, ...withMedia, ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.retractWindows ? { retractWindows: deps.retractWindows } : {}) });
  const quarantine = createQuarantine({ control: deps.control, retraction, logger: deps.logger });
  const deskLock = deps.team
    ? createDeskLock({ ...deps.team, control: deps.control, audit: deps.audit, adapters: deps.adapters, clock: deps.clock, events: deps.events, logger: deps.logger, deskId: deps.owner ?? 'this-desk' })
    : undefined;
  const lock = createLockRunbook({
    control: deps.control, audit: deps.audit, adapters: deps.adapters, clock: deps.clock, events: deps.events, deskLock: () => deskLock, ...(deps.owner ? { deskId: deps.owner } : {}),
  });

  const bundleDeps = { control: deps.control, ledger: deps.ledger, auditRepo: deps.auditRepo, audit: deps.audit, clock: deps.clock, channelIds: () => [...deps.adapters.keys()], ...withMedia };

  return {
    freeze,
    outbox,
    retraction,
    quarantine,
    lock,
    deskLock,
    exportEvidenceBundle: (selector, outDir, actor) => exportEvidenceBundle(bundleDeps, selector, outDir, actor),
    incidentTimeline: (selector) => incidentTimeline(bundleDeps, selector),
    outboxRows: () => deps.control.outboxIn(outboxStatuses),
    async latestIncidentSelector() {
      const incident = await deps.control.latestIncident();
      if (!incident) throw new AppError('CONFLICT', 'There is no incident to export yet: an incident starts with the first freeze.');
      return { incidentId: incident.id };
    },
    async start() {
      await retraction.recover();
      await outbox.recover();
      outbox.start();
    },
    async stop() {
      await outbox.stop();
      await retraction.stop();
    },
  };
}
