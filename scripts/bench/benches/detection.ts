// Detection latency: an attacker item accepted by a demo server -> (a) stored and classified
// unverified by the core (the feed.items event for that exact item) -> (b) its row rendered
// unverified in the UI (the DOM element for that exact item), broken down into read lag,
// classification + store, and push + render. The attacker posts on a random schedule, so items
// land at every point of the poll cycle. Every channel is held to its own budget: a polled one to
// its real read spacing (the poll interval, or slower where its rate limit paces it, computed by the
// monitor's own pacing from the read budget the channel reports) plus 300 ms; a pushing one
// (Mastodon's streaming API, Bluesky's repo event stream) to 300 ms, poll or not.
import type { Page } from '@playwright/test';
import { attackerClients } from '../../../electron/demo/replay';
import type { ReplayChannel } from '../../../electron/demo/incident-script';
import { drainDom, domObserverScript, serveRenderer, signInThroughScreen, type BrowserSession } from '../browser';
import { startBenchCore, type BenchCore } from '../core-fixture';
import { channelOfKey, demoChannelIds, demoChannels } from '../item-keys';
import { feedItemsListener, freezeEventWatch, recordDomItems } from '../listeners';
import { recordReads, watchAcceptances } from '../newsroom-probe';
import { notMeasuredRow, samplesRow, type Budget, type Row } from '../report';
import { createStageSampler } from '../stage-sampler';
import { percentile } from '../stats';
import { now, seededRandom, sleep, waitFor } from '../timing';
import { allChannels } from '../../../electron/shared/all-channels';
import { paceDelay } from '../../../electron/core/monitor/pacing';

export const detectionStages = ['readStart', 'read', 'stored', 'dom'] as const;
export type DetectionStage = (typeof detectionStages)[number];

export interface DetectionUi {
  readonly session: BrowserSession;
  readonly rendererDir: string;
}

export interface DetectionOptions {
  readonly pollIntervalMs: number;
  readonly posts: number;
  readonly meanGapMs: number;
  readonly seed: number;
  /** null: the UI part is not run, and its rows say why. */
  readonly ui: DetectionUi | null;
  readonly uiMissing: string;
  /** Clicks on Freeze all at the end (0: none). */
  readonly uiFreezeClicks: number;
}

const replayChannel: Record<string, ReplayChannel> = { [demoChannels.x]: 'x', [demoChannels.website]: 'website', [demoChannels.email]: 'email', [demoChannels.mastodon]: 'mastodon', [demoChannels.bluesky]: 'bluesky' };
const shortName: Record<string, string> = { [demoChannels.x]: 'X', [demoChannels.website]: 'website', [demoChannels.email]: 'email', [demoChannels.mastodon]: 'Mastodon', [demoChannels.bluesky]: 'Bluesky' };
/** Item accepted -> unverified row on screen, for a channel that pushes (the design's push budget). */
export const pushBudgetMs = 300;
/** What a polled channel adds to its read spacing: the read, classification, store and render. */
export const pollSlackMs = 300;

const median = (xs: readonly number[]): number | null => (xs.length ? percentile(xs, 0.5) : null);

/**
 * Freeze all from the screen: click -> the control state shows FROZEN in the DOM and the core has
 * pushed a freezeChanged covering every channel. Between clicks a supervisor unfreezes through the
 * contract and the screen is seen leaving FROZEN, so every sample starts unfrozen.
 */
async function uiFreezeRow(page: Page, bench: BenchCore, cycles: number, id: string, label: string): Promise<Row> {
  const metric = `freeze all from the UI (${label}): click -> FROZEN on screen and every channel frozen`;
  const budget: Budget = { stat: 'max', op: '<=', limit: 300 };
  const button = page.getByTestId('freeze-all');
  if ((await button.count()) === 0) return notMeasuredRow(id, metric, 'ms', 'the screen has no freeze-all button', { budget });
  if ((await button.getAttribute('aria-disabled')) === 'true' || (await button.isDisabled())) {
    const why = (await button.getAttribute('title')) ?? 'no reason given';
    return notMeasuredRow(id, metric, 'ms', `the Freeze all button is disabled in the renderer ("${why}")`, { budget });
  }
  const state = page.getByTestId('control-state');
  const sup = await bench.signedIn('supervisor');
  const watch = freezeEventWatch(demoChannelIds);
  const off = bench.core.events.subscribe(watch.listener);
  const samples: number[] = [];
  try {
    for (let i = 0; i < cycles; i++) {
      await waitForAsync('the screen to show unfrozen', async () => (await state.getAttribute('data-state')) !== 'frozen', 5_000);
      await drainDom(page);
      watch.arm();
      const t0 = now();
      await button.click();
      let frozenAt: number | null = null;
      const end = Date.now() + 5_000;
      while (frozenAt === null && Date.now() < end) {
        frozenAt = (await drainDom(page)).states.find(([s]) => s === 'frozen')?.[1] ?? null;
        if (frozenAt === null) await sleep(5);
      }
      const eventAt = watch.at();
      if (frozenAt === null || eventAt === null) {
        return notMeasuredRow(id, metric, 'ms', `click ${i + 1}: ${frozenAt === null ? 'the control state never showed FROZEN' : 'no freezeChanged covering every channel came'} within 5 s`, { budget });
      }
      samples.push(Math.max(frozenAt, eventAt) - t0);
      await bench.refresh(sup, 'supervisor');
      const u = await bench.core.dispatch('control.unfreeze', { scope: allChannels }, sup);
      if (!u.ok) throw new Error(`unfreeze failed: ${u.error.message}`);
    }
  } finally {
    off();
  }
  return samplesRow(id, metric, 'ms', samples, { budget, note: "Timed from before Playwright's click (its actionability checks included) to the later of the DOM change and the core's event." });
}

async function waitForAsync(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export async function benchDetection(o: DetectionOptions, log: (line: string) => void): Promise<Row[]> {
  const bench = await startBenchCore({ startChannels: true, pollIntervalMs: o.pollIntervalMs, mode: o.ui ? 'browser' : 'cli' });
  const sampler = createStageSampler(detectionStages);
  const readStarts = new Map<string, number[]>(demoChannelIds.map((c) => [c, []]));
  /** After each read: the spacing the monitor's pacing gives the next one, from the read budget the channel reports. */
  const paces = new Map<string, number[]>(demoChannelIds.map((c) => [c, []]));
  const offs: (() => void)[] = [];
  let page: Page | null = null;
  let host: Awaited<ReturnType<typeof serveRenderer>> | null = null;
  const clients = attackerClients(bench.demo.newsroom()!.info());
  try {
    const newsroom = bench.demo.newsroom()!;
    offs.push(watchAcceptances(newsroom, (a) => a.who === 'attacker' && sampler.start(a.key, a.at)));
    offs.push(
      recordReads(bench.core.channels.adapters, (r) => {
        readStarts.get(r.channelId)?.push(r.startedAt);
        const adapter = bench.core.channels.adapters.get(r.channelId);
        paces.get(r.channelId)?.push(paceDelay(o.pollIntervalMs, adapter?.limits().find((b) => b.endpoint === 'read'), Date.now()));
        // Both ends of the read that first returned the item, from that same read.
        for (const key of r.keys) if (sampler.observe('read', key, r.returnedAt)) sampler.observe('readStart', key, r.startedAt);
      }),
    );
    offs.push(bench.core.events.subscribe(feedItemsListener(sampler, 'stored')));

    if (o.ui) {
      host = await serveRenderer(bench.core, o.ui.rendererDir);
      page = await o.ui.session.browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.addInitScript({ content: domObserverScript });
      await page.goto(host.appUrl);
      await signInThroughScreen(page, 'operator');
      for (const c of demoChannelIds) await page.getByTestId(`column-${c}`).waitFor({ timeout: 30_000 });
      await drainDom(page);
    }
    let draining = true;
    const drainer = (async () => {
      while (draining && page) {
        recordDomItems(sampler, 'dom', (await drainDom(page)).items);
        await sleep(100);
      }
    })();

    const rnd = seededRandom(o.seed);
    const nonce = Math.floor(rnd() * 1e9).toString(36);
    let failures = 0;
    const started = now();
    for (let i = 0; i < o.posts; i++) {
      const channelId = demoChannelIds[i % demoChannelIds.length]!;
      const text = `Bench ${nonce} #${i}: f*** the police, nothing works tonight`;
      try {
        await clients.post({ channel: replayChannel[channelId]!, text, title: `Bench ${nonce} #${i}` });
      } catch (err) {
        failures++;
        log(`detection: attacker post ${i} on ${channelId} failed: ${(err as Error).message}`);
      }
      await sleep(rnd() * 2 * o.meanGapMs);
    }
    const want: DetectionStage = page ? 'dom' : 'stored';
    await waitFor(`every attacker item to reach '${want}'`, () => sampler.missing(want).length === 0, 20_000).catch(() => undefined);
    draining = false;
    await drainer;
    if (page) recordDomItems(sampler, 'dom', (await drainDom(page)).items);
    const postingSeconds = (now() - started) / 1000;

    const label = `poll ${o.pollIntervalMs} ms`;
    const id = `detection.${o.pollIntervalMs}`;
    const pushes = (c: string): boolean => bench.core.channels.adapters.get(c)?.watch !== undefined;
    const spacing = (c: string): number => Math.round(median(paces.get(c)!) ?? o.pollIntervalMs);
    const limitOf = (c: string): number => (pushes(c) ? pushBudgetMs : spacing(c) + pollSlackMs);
    const budgetOf = (c: string): Budget => ({ stat: 'p50', op: '<=', limit: limitOf(c) });
    // All channels together: the median of each accepted item's own channel budget.
    const budget: Budget = { stat: 'p50', op: '<=', limit: Math.round(median(sampler.keys().map((k) => limitOf(channelOfKey(k)))) ?? o.pollIntervalMs + pollSlackMs) };
    const budgetNote = (c: string): string =>
      pushes(c) ? `pushes: budget p50 <= ${pushBudgetMs} ms whatever the poll` : `budget = read spacing ${spacing(c)} ms (poll ${o.pollIntervalMs} ms${spacing(c) > o.pollIntervalMs ? ', slower by its rate limit' : ''}) + ${pollSlackMs} ms`;
    const readEvery = Object.fromEntries(
      demoChannelIds.map((c) => {
        const starts = readStarts.get(c)!;
        return [c, median(starts.slice(1).map((t, i) => t - starts[i]!))];
      }),
    );
    const readNote = demoChannelIds.map((c) => `${shortName[c]} read every ${readEvery[c] === null ? '?' : Math.round(readEvery[c]!)} ms`).join(', ');
    const byChannel = (stage: DetectionStage, from: DetectionStage | 'start' = 'start') => (c: string) => sampler.pairs(stage, from).filter((p) => channelOfKey(p.key) === c).map((p) => p.ms);
    const missingNote = (stage: DetectionStage): string => {
      const m = sampler.missing(stage);
      return m.length ? ` ${m.length} of ${sampler.started()} accepted items never reached this stage within 20 s.` : '';
    };
    log(`detection (${label}): ${o.posts} attacker posts in ${postingSeconds.toFixed(0)} s (${failures} failed), ${sampler.started()} accepted; ${readNote}; ${sampler.ignored()} events for other items ignored`);

    const rows: Row[] = [
      samplesRow(`${id}.stored`, `detection (${label}): accepted -> stored+classified unverified, all channels`, 'ms', sampler.durations('stored'), {
        budget,
        note: `Core only (feed.items event for that item); the budget's end point is the UI alert.${missingNote('stored')} ${readNote}.`,
      }),
      ...demoChannelIds.map((c) =>
        samplesRow(`${id}.stored.${shortName[c]}`, `detection (${label}): accepted -> stored, ${shortName[c]}`, 'ms', byChannel('stored')(c), {
          budget: budgetOf(c),
          note: `${shortName[c]} read every ${readEvery[c] === null ? '?' : Math.round(readEvery[c]!)} ms (median gap between reads); ${budgetNote(c)}.`,
        }),
      ),
    ];
    if (page) {
      rows.push(
        samplesRow(`${id}.dom`, `detection (${label}): accepted -> unverified row in the UI, all channels`, 'ms', sampler.durations('dom'), { budget, note: `DOM element item-<channel>-<item> with data-provenance=unverified, seen by a MutationObserver in Chromium.${missingNote('dom')}` }),
        ...demoChannelIds.map((c) =>
          samplesRow(`${id}.dom.${shortName[c]}`, `detection (${label}): accepted -> unverified row on screen, ${shortName[c]}${pushes(c) ? ' (push)' : ''}`, 'ms', byChannel('dom')(c), { budget: budgetOf(c), note: `${budgetNote(c)}.` }),
        ),
      );
    } else {
      rows.push(notMeasuredRow(`${id}.dom`, `detection (${label}): accepted -> unverified row in the UI`, 'ms', o.uiMissing, { budget }));
    }
    rows.push(
      samplesRow(`${id}.readLag`, `detection (${label}) breakdown: read lag (accepted -> read returned it)`, 'ms', sampler.durations('read'), { note: 'Waiting for the next poll (paced by the channel budget) plus the read itself.' }),
      samplesRow(`${id}.readDuration`, `detection (${label}) breakdown: the read that returned it (request -> response)`, 'ms', sampler.durations('read', 'readStart')),
      samplesRow(`${id}.classify`, `detection (${label}) breakdown: classification + store (read returned -> feed.items)`, 'ms', sampler.durations('stored', 'read')),
      page
        ? samplesRow(`${id}.push`, `detection (${label}) breakdown: push + render (feed.items -> DOM row)`, 'ms', sampler.durations('dom', 'stored'), { note: 'Across processes: Node and the page both on performance.timeOrigin + now().' })
        : notMeasuredRow(`${id}.push`, `detection (${label}) breakdown: push + render`, 'ms', o.uiMissing),
    );
    if (o.uiFreezeClicks > 0) rows.push(page ? await uiFreezeRow(page, bench, o.uiFreezeClicks, 'freeze.ui', label) : notMeasuredRow('freeze.ui', 'freeze all from the UI: click -> FROZEN on screen', 'ms', o.uiMissing, { budget: { stat: 'max', op: '<=', limit: 300 } }));
    return rows;
  } finally {
    offs.forEach((off) => off());
    clients.close();
    await page?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    await bench.close();
    if (bench.problems.length) log(`detection (poll ${o.pollIntervalMs} ms): the core logged ${bench.problems.length} problem(s): ${bench.problems.slice(0, 5).join(' | ')}`);
  }
}
