// The retraction ETA against X's real delete limit (50 per 15 minutes per user) on an injected
// clock: 120 deletes take two window resets, and the ETA shown when the work is requested (and as
// it goes) matches when the last delete really happens, within 5%, without a single 429.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../electron/channels/types';
import { createManualClock } from '../../electron/lib/clock';
import { createLogger } from '../../electron/lib/log';
import { createMonitor } from '../../electron/core/monitor/monitor';
import { bureauAdapters, startDemoChannels, type DemoChannels } from '../helpers/control-demo';
import { createControlHarness, type ControlHarness } from '../helpers/control-harness';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';
import { supervisor } from '../helpers/control-test-kit';

const scoring = { officeHours: { start: 0, end: 24, timeZone: 'UTC' }, ownDomains: [], baselinePerHour: 10 };
const clock = createManualClock(new Date());

let demo: DemoChannels;
let dir: TempDir;
let h: ControlHarness;
let adapters: Map<string, ChannelAdapter>;

beforeAll(async () => {
  // The attacker may post 120 in a window here; deletes keep X's published limit of 50.
  demo = await startDemoChannels({ clock, xLimits: { create: 1_000 }, wordpress: false });
  dir = makeTempDir('control-eta');
  adapters = new Map([['x', bureauAdapters(demo.config, clock).get('x')!]]);
  // Waiting moves the injected clock (the demo server's too): 30 minutes of rate limit in no time.
  h = createControlHarness({ path: join(dir.path, 'control-room.db'), adapters, clock, sleep: async (ms) => clock.advance(Math.max(0, ms)) });
});

afterAll(async () => {
  await h?.close();
  await demo?.close();
  dir?.remove();
});

describe('retraction ETA', () => {
  it('predicts 120 X deletes at 50 per 15 minutes within 5% of the real schedule', async () => {
    const monitor = createMonitor({ repo: h.ledger, clock, logger: createLogger({ quiet: true }), scoring });
    monitor.add({ id: 'x', name: 'X', adapter: adapters.get('x')!, pollIntervalMs: 1000 });
    await h.service.outbox.fanOut({ statementId: 'ours', approvers: ['sup-2'], variants: { x: { title: null, text: 'Our only statement.', html: null } }, actor: supervisor });
    await monitor.pollOnce('x');
    const attack: string[] = [];
    for (let i = 0; i < 120; i++) attack.push(await demo.attackX(`Spam ${i} ${Date.now()}`));
    const seen = await monitor.pollOnce('x');
    expect(seen.filter((i) => i.provenance === 'unverified')).toHaveLength(120);

    const start = clock.now().getTime();
    const result = await h.service.retraction.retract(attack.map((itemId) => ({ channelId: 'x', itemId })), supervisor);
    const predicted = Date.parse(result.eta['x']!);
    await h.service.retraction.idle();
    const finished = clock.now().getTime();

    const progress = h.recorder.events.filter((e) => e.name === 'retraction.progress').map((e) => e.payload as { state: string; eta: string | null; detail: string | null; at: string });
    const done = progress.filter((p) => p.state === 'retracted');
    expect(done).toHaveLength(120);
    expect(demo.x.tweets().filter((t) => attack.includes(t.id))).toEqual([]);
    // Never a 429: the worker waited for each reset instead.
    expect(progress.some((p) => p.detail?.includes('rate limit reached'))).toBe(false);

    const duration = finished - start;
    const error = Math.abs(predicted - finished) / duration;
    // And the ETA pushed item by item stays on schedule: look at it after the first window.
    const midway = done[60]!;
    const midError = Math.abs(Date.parse(midway.eta!) - finished) / duration;
    console.log(
      `[control-eta] 120 deletes: predicted ${((predicted - start) / 60_000).toFixed(2)} min, took ${(duration / 60_000).toFixed(2)} min ` +
        `(error ${(error * 100).toFixed(2)}%; ETA after 61 done off by ${(midError * 100).toFixed(2)}%)`,
    );
    expect(duration).toBeGreaterThanOrEqual(30 * 60_000);
    expect(error).toBeLessThanOrEqual(0.05);
    expect(midError).toBeLessThanOrEqual(0.05);
  }, 60_000);
});
