// Fan-out latency: statements.publish of an approved statement (written by an operator, approved
// by a supervisor: the real two-person path) -> accepted by every demo server (X, website, email,
// Mastodon, Bluesky),
// timed by each server's own accept hook, matched to the run by a token in the text.
import type { Caller } from '../../../electron/core/dispatch';
import type { CallName } from '../../../electron/shared/contract';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { demoChannelIds, demoChannels } from '../item-keys';
import { runTokenOf } from '../listeners';
import { watchAcceptances } from '../newsroom-probe';
import { samplesRow, type Row } from '../report';
import { createStageSampler } from '../stage-sampler';
import { now, seededRandom, sleep, waitFor } from '../timing';

export const fanoutStages = [...demoChannelIds, 'returned'] as const;

async function call<T>(bench: BenchCore, name: CallName, input: unknown, caller: Caller): Promise<T> {
  const r = await bench.core.dispatch(name, input, caller);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.message}`);
  return r.data as T;
}

export async function benchFanout(runs: number, log: (line: string) => void): Promise<Row[]> {
  const bench = await startBenchCore({ startChannels: true });
  const sampler = createStageSampler(fanoutStages);
  /** When each run's approve call started: the fan-out measured from the approval itself. */
  const approvedAt = new Map<string, number>();
  const nonce = Math.floor(seededRandom(7)() * 1e9).toString(36);
  const off = watchAcceptances(bench.demo.newsroom()!, (a) => {
    const token = a.who === 'bureau' ? runTokenOf(a.label, nonce) : null;
    if (token) sampler.observe(a.channelId as (typeof demoChannelIds)[number], token, a.at);
  });
  try {
    const op = await bench.signedIn('operator');
    const sup = await bench.signedIn('supervisor');
    for (let i = 0; i < runs; i++) {
      const token = `${nonce}-${i}`;
      const title = `Road update [${token}]`;
      const text = `The A40 is closed between junctions 3 and 4 [${token}].`;
      const saved = await call<{ statement: { id: string } }>(bench, 'statements.save', { title, canonicalText: text, variants: { x: { text }, website: { title, html: `<p>${text}</p>` }, email: { subject: title, text, html: '' }, mastodon: { text }, bluesky: { text } } }, op);
      const id = saved.statement.id;
      await call(bench, 'statements.submit', { id }, op);
      const got = await call<{ statement: { contentHash: string } }>(bench, 'statements.get', { id }, sup);
      await bench.refresh(sup, 'supervisor');
      approvedAt.set(token, now());
      await call(bench, 'statements.approve', { id, contentHash: got.statement.contentHash }, sup);
      const t0 = now();
      sampler.start(token, t0);
      const rows = await call<{ status: string }[]>(bench, 'statements.publish', { id, channelIds: demoChannelIds }, sup);
      sampler.observe('returned', token, now());
      if (!rows.every((r) => r.status === 'sent')) log(`fan-out run ${i}: rows ended ${rows.map((r) => r.status).join(', ')}`);
      await waitFor(`run ${i} accepted by every server`, () => demoChannelIds.every((c) => sampler.time(c, token) !== null), 10_000).catch(() => log(`fan-out run ${i}: not accepted everywhere within 10 s`));
      await sleep(50);
    }
    const starts = sampler.pairs('returned').map((p) => p.key);
    const all: number[] = [];
    const fromApproval: number[] = [];
    for (const key of starts) {
      const ts = demoChannelIds.map((c) => sampler.time(c, key));
      const t0 = sampler.time('start', key);
      if (t0 === null || !ts.every((t) => t !== null)) continue;
      const last = Math.max(...(ts as number[]));
      all.push(last - t0);
      const approved = approvedAt.get(key);
      if (approved !== undefined) fromApproval.push(last - approved);
    }
    log(`fan-out: ${runs} statements written, approved and published to ${demoChannelIds.length} channels; ${all.length} accepted everywhere`);
    return [
      samplesRow('fanout.all', `fan-out: publish approved statement -> accepted by all ${demoChannelIds.length} demo servers`, 'ms', all, {
        budget: { stat: 'p50', op: '<=', limit: 1000 },
        note: 'From the statements.publish call (statement already approved) to the last server accept hook.',
      }),
      samplesRow('fanout.fromApproval', `fan-out: approve call, then publish at once -> accepted by all ${demoChannelIds.length}`, 'ms', fromApproval, {
        note: 'statements.approve (content hash, fresh passphrase) and statements.publish back to back, as one supervisor approving and sending.',
      }),
      samplesRow('fanout.X', 'fan-out: -> accepted by the X server', 'ms', sampler.durations(demoChannels.x)),
      samplesRow('fanout.website', 'fan-out: -> accepted by the website', 'ms', sampler.durations(demoChannels.website)),
      samplesRow('fanout.email', 'fan-out: -> accepted by the mail server', 'ms', sampler.durations(demoChannels.email)),
      samplesRow('fanout.mastodon', 'fan-out: -> accepted by the Mastodon instance', 'ms', sampler.durations(demoChannels.mastodon)),
      samplesRow('fanout.bluesky', 'fan-out: -> accepted by the Bluesky PDS', 'ms', sampler.durations(demoChannels.bluesky)),
      samplesRow('fanout.returned', 'fan-out: statements.publish call returned (every row settled)', 'ms', sampler.durations('returned')),
    ];
  } finally {
    off();
    await bench.close();
    if (bench.problems.length) log(`fan-out: the core logged ${bench.problems.length} problem(s): ${bench.problems.slice(0, 5).join(' | ')}`);
  }
}
