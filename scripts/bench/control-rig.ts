// The control service and the monitor on a real SQLite file, against demo channel servers started
// with the limits a benchmark needs (createCore always starts X with its published limits). Built
// the way the app builds them; every control event is kept with the time it was emitted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '../../electron/core/audit/audit-log';
import { makeSigningKey } from '../../test/helpers/audit-test-kit';
import type { Clock } from '../../electron/lib/clock';
import { createControlService, type ControlService } from '../../electron/core/control/control-service';
import { addChannels, openControlDb } from '../../test/helpers/control-test-kit';
import type { ControlEventSink } from '../../electron/core/control/events';
import type { Sleep } from '../../electron/lib/sleep';
import type { Logger } from '../../electron/lib/log';
import { createMonitor, type Monitor } from '../../electron/core/monitor/monitor';
import type { DemoXLimits } from '../../electron/demo/x/rate-limits';
import { createSqliteAuditRepository } from '../../electron/store/audit-repository';
import { createSqliteControlRepository } from '../../electron/store/control-repository';
import type { MonitorRepository } from '../../electron/store/repositories';
import { createSqliteMonitorRepository } from '../../electron/store/monitor-repository';
import { bureauAdapters, startDemoChannels, type DemoChannels } from '../../test/helpers/control-demo';
import type { TimedEvent } from './listeners';
import { now } from './timing';

export interface ControlRig {
  readonly demo: DemoChannels;
  readonly service: ControlService;
  readonly monitor: Monitor;
  readonly ledger: MonitorRepository;
  readonly events: TimedEvent[];
  readonly problems: string[];
  close(): Promise<void>;
}

export interface ControlRigOptions {
  readonly clock: Clock;
  readonly xLimits: Partial<DemoXLimits>;
  /** Injected waiting (a manual clock moves instead of the process sleeping). */
  readonly sleep?: Sleep;
}

export async function startControlRig(o: ControlRigOptions): Promise<ControlRig> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-bench-control-'));
  const demo = await startDemoChannels({ clock: o.clock, xLimits: o.xLimits });
  const problems: string[] = [];
  const logger: Logger = { info: () => undefined, warn: (m) => problems.push(`warn: ${m}`), error: (m) => problems.push(`error: ${m}`) };
  const adapters = bureauAdapters(demo.config, o.clock);
  const opened = openControlDb(join(dir, 'control-room.db'));
  addChannels(opened, demo.channelKinds);
  const ledger = createSqliteMonitorRepository(opened.db);
  const auditRepo = createSqliteAuditRepository(opened.db);
  const events: TimedEvent[] = [];
  const sink: ControlEventSink = { emit: (name, payload) => events.push({ name, payload: payload as Record<string, unknown>, at: now() }) };
  const service = createControlService({
    control: createSqliteControlRepository(opened.db),
    ledger,
    audit: createAuditLog({ repo: auditRepo, clock: o.clock, signingKey: makeSigningKey() }),
    auditRepo,
    adapters,
    clock: o.clock,
    logger,
    events: sink,
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  const monitor = createMonitor({ repo: ledger, clock: o.clock, logger, scoring: { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 10 } });
  for (const [id, adapter] of adapters) monitor.add({ id, name: id, adapter, pollIntervalMs: 1000 });
  return {
    demo,
    service,
    monitor,
    ledger,
    events,
    problems,
    close: async () => {
      await service.stop();
      await monitor.stop();
      opened.close();
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
