// The control service on a real SQLite file, as the app assembles it: control and audit tables on
// top of schema 3, the given adapters, a quiet logger and an event recorder. Used by the control
// integration tests and by the crash test's child process.
import type { ChannelAdapter } from '../../electron/channels/types';
import { createAuditLog } from '../../electron/core/audit/audit-log';
import { collect, makeSigningKey } from './audit-test-kit';
import { systemClock, type Clock } from '../../electron/lib/clock';
import { createControlService, type ControlService } from '../../electron/core/control/control-service';
import { addChannels, openControlDb } from './control-test-kit';
import { createEventRecorder } from '../../electron/core/control/events';
import type { Sleep } from '../../electron/lib/sleep';
import { createLogger } from '../../electron/lib/log';
import type { AuditRepository, ControlRepository, MonitorRepository } from '../../electron/store/repositories';
import { createSqliteAuditRepository } from '../../electron/store/audit-repository';
import { createSqliteControlRepository } from '../../electron/store/control-repository';
import type { OpenedDatabase } from '../../electron/store/database';
import { createSqliteMonitorRepository } from '../../electron/store/monitor-repository';

export interface ControlHarness {
  readonly opened: OpenedDatabase;
  readonly control: ControlRepository;
  readonly ledger: MonitorRepository;
  readonly auditRepo: AuditRepository;
  readonly recorder: ReturnType<typeof createEventRecorder>;
  readonly service: ControlService;
  /** Audit actions in order. */
  actions(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * `owner` names the desk in its claims (default: one desk per data file, as the app's desk id is
 * kept in its data dir, so a restarted process takes over its own claims at once).
 */
export function createControlHarness(options: { path: string; adapters: Map<string, ChannelAdapter>; clock?: Clock; sleep?: Sleep; settleAfterMs?: number; owner?: string }): ControlHarness {
  const opened = openControlDb(options.path);
  addChannels(opened, [...options.adapters.entries()].map(([id, a]) => ({ id, kind: a.kind })));
  const clock = options.clock ?? systemClock;
  const control = createSqliteControlRepository(opened.db);
  const ledger = createSqliteMonitorRepository(opened.db);
  const auditRepo = createSqliteAuditRepository(opened.db);
  // Each process has its own key here, so no checkpoints: the chain itself is what the tests check.
  const audit = createAuditLog({ repo: auditRepo, clock, signingKey: makeSigningKey(), checkpointEvery: 1_000_000 });
  const recorder = createEventRecorder();
  const service = createControlService({
    owner: options.owner ?? `desk-of-${options.path}`, control, ledger, audit, auditRepo, adapters: options.adapters, clock, logger: createLogger({ quiet: true }), events: recorder,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.settleAfterMs !== undefined ? { settleAfterMs: options.settleAfterMs } : {}),
  });
  return {
    opened, control, ledger, auditRepo, recorder, service,
    actions: () => auditRepo.read(async (r) => (await collect(r.entriesFrom(1))).map((e) => e.action)),
    close: async () => {
      await service.stop();
      opened.close();
    },
  };
}
