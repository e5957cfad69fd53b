// Retraction: 200 unverified items over the 3 demo channels, taken back with "retract everything
// unverified since". Once with relaxed X limits (throughput, real time), once with X's real delete
// limit (50 per 15 minutes) on an injected clock, where the ETA the app reports when the work is
// requested (and again after 61 X deletes) is compared with when the last X delete really happened.
import { createManualClock, systemClock, type Clock } from '../../../electron/lib/clock';
import { startControlRig, type ControlRig } from '../control-rig';
import { terminalProgress } from '../listeners';
import { valueRow, type Row } from '../report';
import { now } from '../timing';

export interface RetractionPlan {
  readonly x: number;
  readonly website: number;
  readonly email: number;
}

/** 120 on X (two resets of X's delete window at 50 per 15 minutes), 200 in all. */
export const defaultRetractionPlan: RetractionPlan = { x: 120, website: 50, email: 30 };

const supervisor = { id: 'bench-supervisor', role: 'supervisor' as const };
const channelIds = ['x', 'website', 'email'] as const;

/** The attacker posts the plan; the monitor reads until every item is stored unverified. Returns the time before the first post. */
async function attackAndObserve(rig: ControlRig, plan: RetractionPlan, clock: Clock): Promise<string> {
  // The bureau's own post first, as on any real account: with an empty timeline at the first read
  // the X reader has no cursor yet and reads one page (100) only, and a 120-item burst would not fit.
  await rig.service.outbox.fanOut({ statementId: 'ours', approvers: ['bench-author', 'bench-supervisor'], variants: { x: { title: null, text: 'Our only statement.', html: null } }, actor: supervisor });
  for (const c of channelIds) await rig.monitor.pollOnce(c);
  const since = clock.now().toISOString();
  for (let i = 0; i < Math.max(plan.x, plan.website, plan.email); i++) {
    if (i < plan.x) await rig.demo.attackX(`Retraction bench ${i} ${Date.now()}: hacked by nobody`);
    if (i < plan.website) await rig.demo.attackWebsite(`Retraction bench ${i}`, `<p>Retraction bench ${i}: hacked by nobody</p>`);
    if (i < plan.email) await rig.demo.attackEmail(`Retraction bench ${i}`, `Retraction bench ${i}: hacked by nobody`);
  }
  for (const c of channelIds) {
    let seen = 0;
    for (let read = 0; read < 30 && seen < plan[c]; read++) seen += (await rig.monitor.pollOnce(c)).filter((i) => i.provenance === 'unverified').length;
    if (seen < plan[c]) throw new Error(`only ${seen} of ${plan[c]} attacker items on ${c} were observed`);
  }
  return since;
}

export async function benchRetractionThroughput(plan: RetractionPlan, log: (line: string) => void): Promise<Row[]> {
  const rig = await startControlRig({ clock: systemClock, xLimits: { create: 1_000, delete: 1_000, timeline: 10_000 } });
  try {
    const since = await attackAndObserve(rig, plan, systemClock);
    const total = plan.x + plan.website + plan.email;
    const t0 = now();
    const result = await rig.service.retraction.retractUnverifiedSince(since, [...channelIds], supervisor);
    await rig.service.retraction.idle();
    const done = terminalProgress(rig.events);
    if (result.jobs.length !== total || done.length !== total) throw new Error(`expected ${total} retractions, got ${result.jobs.length} jobs and ${done.length} results`);
    const outcomes = done.reduce<Record<string, number>>((acc, e) => ({ ...acc, [`${String(e.payload['channelId'])} ${String(e.payload['state'])}`]: (acc[`${String(e.payload['channelId'])} ${String(e.payload['state'])}`] ?? 0) + 1 }), {});
    const last = Math.max(...done.map((e) => e.at));
    const xLeft = rig.demo.x.tweets().filter((t) => t.integration === 'compromised').length;
    const webLeft = rig.demo.wp!.posts().filter((p) => p.status === 'publish' && p.title.startsWith('Retraction bench')).length;
    log(`retraction (relaxed limits): ${total} items, outcomes ${JSON.stringify(outcomes)}; left live at the servers: X ${xLeft}, website ${webLeft}`);
    const perChannel = channelIds.map((c) => {
      const mine = terminalProgress(rig.events, c);
      return valueRow(`retraction.rate.${c}`, `retraction (relaxed limits): ${c}, ${mine.length} items`, 'items/s', mine.length / ((Math.max(...mine.map((e) => e.at)) - t0) / 1000), {
        note: c === 'email' ? 'Email cannot be taken back: each ends "impossible" (correction offered) after evidence is kept.' : 'One request at a time per channel, evidence committed first.',
      });
    });
    return [
      valueRow('retraction.rate', `retraction (relaxed limits): ${total} unverified items over 3 channels`, 'items/s', total / ((last - t0) / 1000), {
        note: `retractUnverifiedSince -> every item ended (X deleted, website unpublished, email impossible); ${Math.round(last - t0)} ms in all. ${xLeft + webLeft === 0 ? 'Checked gone at the servers.' : `${xLeft + webLeft} still live at the servers!`}`,
      }),
      ...perChannel,
    ];
  } finally {
    await rig.close();
    if (rig.problems.length) log(`retraction: ${rig.problems.length} problem(s) logged: ${rig.problems.slice(0, 5).join(' | ')}`);
  }
}

export async function benchRetractionEta(plan: RetractionPlan, log: (line: string) => void): Promise<Row[]> {
  const clock = createManualClock(new Date());
  // Waiting moves the injected clock (the demo X server's too): half an hour of limits in seconds.
  const rig = await startControlRig({ clock, xLimits: { create: 1_000 }, sleep: async (ms) => clock.advance(Math.max(0, ms)) });
  try {
    const since = await attackAndObserve(rig, plan, clock);
    const start = clock.now().getTime();
    const result = await rig.service.retraction.retractUnverifiedSince(since, [...channelIds], supervisor);
    const predicted = Date.parse(result.eta['x'] ?? 'NaN');
    await rig.service.retraction.idle();
    const xDone = terminalProgress(rig.events, 'x');
    const finished = Math.max(...xDone.map((e) => Date.parse(String(e.payload['at']))));
    const duration = finished - start;
    const limited = rig.events.filter((e) => e.name === 'retraction.progress' && String(e.payload['detail'] ?? '').includes('rate limit reached')).length;
    const retracted = xDone.filter((e) => e.payload['state'] === 'retracted').length;
    if (!Number.isFinite(predicted) || xDone.length !== plan.x || duration <= 0) throw new Error(`ETA run incomplete: predicted ${result.eta['x']}, ${xDone.length} of ${plan.x} X results`);
    const midIndex = Math.min(60, xDone.length - 1);
    const midEta = Date.parse(String(xDone[midIndex]!.payload['eta'] ?? 'NaN'));
    const pct = (t: number): number => (Math.abs(t - finished) / duration) * 100;
    log(`retraction ETA: ${plan.x} X deletes took ${(duration / 60_000).toFixed(2)} simulated minutes, predicted ${((predicted - start) / 60_000).toFixed(2)}; ${retracted} retracted, ${limited} hit X's 429`);
    const budget = { stat: 'value' as const, op: '<=' as const, limit: 5 };
    const rows = [
      valueRow('retraction.eta', `retraction ETA vs real schedule, ${plan.x} X deletes at 50/15 min (injected clock)`, '%', pct(predicted), {
        budget,
        note: `ETA given when the work was requested: ${((predicted - start) / 60_000).toFixed(2)} min; the last delete came at ${(duration / 60_000).toFixed(2)} min (error / total duration). ${limited === 0 ? 'No 429 from X.' : `${limited} requests hit X's 429.`}`,
      }),
    ];
    rows.push(
      Number.isFinite(midEta)
        ? valueRow('retraction.eta.mid', `retraction ETA after ${midIndex + 1} X deletes vs real schedule`, '%', pct(midEta), { budget })
        : valueRow('retraction.eta.midMissing', 'retraction ETA midway: no ETA was pushed', 'count', 0),
    );
    return rows;
  } finally {
    await rig.close();
    if (rig.problems.length) log(`retraction ETA: ${rig.problems.length} problem(s) logged: ${rig.problems.slice(0, 5).join(' | ')}`);
  }
}
