// The demo channels with the bureau's adapters, a control harness on a fresh SQLite file and a
// monitor reading them: the set-up the quarantine and retract-since tests share.
import { join } from 'node:path';
import type { ChannelAdapter } from '../../electron/channels/types';
import { systemClock } from '../../electron/lib/clock';
import { createLogger } from '../../electron/lib/log';
import { createMonitor, type Monitor } from '../../electron/core/monitor/monitor';
import { bureauAdapters, startDemoChannels, type DemoChannels } from './control-demo';
import { createControlHarness, type ControlHarness } from './control-harness';
import { makeTempDir } from './temp-dir';

export interface MonitoredControl {
  readonly demo: DemoChannels;
  readonly h: ControlHarness;
  readonly monitor: Monitor;
  readonly adapters: Map<string, ChannelAdapter>;
  /** A temp folder removed on close (for exports). */
  readonly dir: string;
  close(): Promise<void>;
}

const scoring = { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 10 };

export async function startMonitoredControl(name: string, pollIntervalMs: number): Promise<MonitoredControl> {
  const demo = await startDemoChannels();
  const dir = makeTempDir(name);
  const adapters = bureauAdapters(demo.config);
  const h = createControlHarness({ path: join(dir.path, 'control-room.db'), adapters });
  const monitor = createMonitor({ repo: h.ledger, clock: systemClock, logger: createLogger({ quiet: true }), scoring });
  for (const [id, adapter] of adapters) monitor.add({ id, name: id, adapter, pollIntervalMs });
  return {
    demo,
    h,
    monitor,
    adapters,
    dir: dir.path,
    close: async () => {
      await monitor.stop();
      await h.close();
      await demo.close();
      dir.remove();
    },
  };
}
