// Freeze at the send path: with sends queued, scheduled and retrying, one freeze stops them all;
// nothing reaches any demo server afterwards, and each held row says why. A supervisor's
// unfreeze lets them go, each exactly once.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelAdapter } from '../../electron/channels/types';
import { createManualClock } from '../../electron/lib/clock';
import { AppError } from '../../electron/shared/result';
import { bureauAdapters, startDemoChannels, type DemoChannels } from '../helpers/control-demo';
import { createControlHarness, type ControlHarness } from '../helpers/control-harness';
import { makeTempDir, type TempDir } from '../helpers/temp-dir';
import { allChannels } from '../../electron/shared/all-channels';
import { operator, supervisor } from '../helpers/control-test-kit';

let demo: DemoChannels;
let dir: TempDir;
let h: ControlHarness;
const clock = createManualClock(new Date());
const reached: string[] = [];

/** The X adapter whose first publish fails before anything is sent (connection refused). */
function failingOnce(adapter: ChannelAdapter): ChannelAdapter {
  let failed = false;
  return {
    ...adapter,
    publish: async (variant, hint) => {
      if (!failed) {
        failed = true;
        throw new ChannelError({ kind: 'UNAVAILABLE', message: 'Cannot reach X (ECONNREFUSED).' });
      }
      return adapter.publish(variant, hint);
    },
  };
}

beforeAll(async () => {
  demo = await startDemoChannels();
  dir = makeTempDir('control-freeze');
  const adapters = bureauAdapters(demo.config, clock);
  adapters.set('x', failingOnce(adapters.get('x')!));
  h = createControlHarness({ path: join(dir.path, 'control-room.db'), adapters, clock });
  demo.x.onAccepted((e) => e.integration === 'bureau' && reached.push(`x:${e.text}`));
  demo.email.onAccepted((b) => b.submittedBy === 'bureau' && reached.push(`email:${b.subject}`));
  demo.wp?.onAccepted((p) => reached.push(`website:${p.title}`));
});

afterAll(async () => {
  await h?.close();
  await demo?.close();
  dir?.remove();
});

const variantsFor = (name: string, channels: readonly string[]) =>
  Object.fromEntries(channels.map((c) => [c, { title: c === 'x' ? null : name, text: `${name}: statement text`, html: c === 'website' ? `<p>${name}</p>` : null }]));

describe('freeze', () => {
  it('blocks queued, scheduled and retrying sends at the gate; unfreeze lets each go once', async () => {
    const all = demo.wp ? ['x', 'email', 'website'] : ['x', 'email'];
    await h.service.outbox.enqueue({ statementId: 'queued', approvers: ['sup-2'], variants: variantsFor('Queued', all), actor: supervisor });
    await h.service.outbox.enqueue({ statementId: 'scheduled', approvers: ['sup-2'], variants: variantsFor('Scheduled', ['x', 'email']), notBefore: new Date(clock.now().getTime() + 10 * 60_000).toISOString(), actor: supervisor });
    const [retrying] = await h.service.outbox.fanOut({ statementId: 'retrying', approvers: ['sup-2'], variants: variantsFor('Retrying', ['x']), actor: supervisor });
    expect(retrying).toMatchObject({ status: 'queued', attempts: 1, heldBy: 'network', heldReason: expect.stringContaining('Retrying at') });
    expect(reached).toEqual([]);

    const result = await h.service.freeze.freeze({ scope: allChannels, reason: 'Abusive posts on every channel', actor: operator });
    console.log(`[control-freeze] freeze committed in ${result.elapsedMs.toFixed(1)} ms (budget 300 ms); held ${result.heldRows} rows, ${result.inFlight} in flight`);
    expect(result.heldRows).toBe(all.length + 3);

    // Everything comes due: the retry's backoff, the schedule, and the background loop runs.
    clock.advance(60 * 60_000);
    h.service.outbox.start();
    await h.service.outbox.runDue();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reached).toEqual([]);
    const rows = await h.control.outboxIn(['queued', 'claimed', 'unknown', 'sent', 'failed']);
    expect(rows).toHaveLength(all.length + 3);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'queued', heldBy: 'freeze' });
      expect(row.heldReason).toMatch(/^Frozen \(all channels\) by op-1 at .+: Abusive posts on every channel$/);
    }
    expect(await h.ledger.hasOpenContent('x', rows[0]!.contentHash)).toBe(false);

    await expect(h.service.freeze.unfreeze({ scope: allChannels, actor: operator })).rejects.toThrow(AppError);
    expect(reached).toEqual([]);

    await h.service.freeze.unfreeze({ scope: allChannels, actor: supervisor });
    for (let i = 0; i < 100 && await h.control.countOutbox(['sent'], allChannels) < rows.length; i++) await new Promise((r) => setTimeout(r, 50));
    await h.service.outbox.stop();
    expect(await h.control.outboxIn(['sent'])).toHaveLength(rows.length);
    expect([...reached].sort()).toEqual(
      [...all.map((c) => (c === 'x' ? 'x:Queued: statement text' : `${c}:Queued`)), 'x:Scheduled: statement text', 'email:Scheduled', 'x:Retrying: statement text'].sort(),
    );
    expect((await h.actions()).filter((a) => a.startsWith('control.'))).toEqual(['control.freeze', 'control.unfreeze.refused', 'control.unfreeze']);
  });
});
