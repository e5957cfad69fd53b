// Team mode on screen: a freeze (and the unfreeze after it) called on desk A, until desk B's screen
// shows it. Desk B's screen is the real renderer served by the real browser host over desk B's core,
// in Chromium, signed in as the operator. The page's observer (dom-observer.ts, installed before the
// page's own scripts) notes when the control state turns FROZEN, and when it leaves FROZEN, on
// performance.timeOrigin + now(): the clock Node's samples start on. Budget for the freeze: p95 <=
// 300 ms (issue 16: "a freeze committed on desk A is ... shown on desk B's screen within 300 ms").
import type { Page } from '@playwright/test';
import type { Core } from '../../../electron/core/app';
import { domObserverScript, drainDom, pageClockOffset, serveRenderer, signInThroughScreen, type BrowserSession } from '../browser';
import { percentile } from '../stats';
import { notMeasuredRow, samplesRow, type Budget, type Row } from '../report';
import { sleep } from '../timing';

const freezeId = 'team.freezeScreen';
const unfreezeId = 'team.unfreezeScreen';
const freezeMetric = "cross-desk freeze: call on desk A -> FROZEN shown on desk B's screen (Chromium)";
const unfreezeMetric = "cross-desk unfreeze: call on desk A -> FROZEN gone from desk B's screen (Chromium)";
const budget: Budget = { stat: 'p95', op: '<=', limit: 300 };

export const teamScreenRows: [string, string, string][] = [
  [freezeId, freezeMetric, 'ms'],
  [unfreezeId, unfreezeMetric, 'ms'],
];

/** Both rows saying why nothing was measured (no Chromium, no PostgreSQL, no renderer). */
export function teamScreenNotMeasured(why: string): Row[] {
  return [notMeasuredRow(freezeId, freezeMetric, 'ms', why, { budget }), notMeasuredRow(unfreezeId, unfreezeMetric, 'ms', why)];
}

export interface TeamScreen {
  readonly session: BrowserSession;
  readonly rendererDir: string;
}

export interface TeamScreenRun {
  /** Desk B's core, whose screen is watched. */
  readonly deskB: Core;
  /** Freezes (true) or unfreezes all on desk A; resolves with now() taken just before the call. */
  readonly callOnA: (freeze: boolean) => Promise<number>;
  /** now() at which desk B's bus carried the first matching control.freezeChanged after `since`, if it has. */
  readonly busAt: (freeze: boolean, since: number) => number | null;
  readonly pairs: number;
}

/** The page time at which the control state first became (freeze) or left (unfreeze) 'frozen'. */
async function waitForScreen(page: Page, freeze: boolean, timeoutMs: number): Promise<number | null> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const hit = (await drainDom(page)).states.find(([s]) => (s === 'frozen') === freeze);
    if (hit) return hit[1];
    await sleep(5);
  }
  return null;
}

export async function benchTeamScreen(screen: TeamScreen, run: TeamScreenRun, log: (line: string) => void): Promise<Row[]> {
  const host = await serveRenderer(run.deskB, screen.rendererDir);
  const page = await screen.session.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await page.addInitScript({ content: domObserverScript });
    await page.goto(host.appUrl);
    await signInThroughScreen(page, 'operator');
    const state = page.getByTestId('control-state');
    await state.waitFor({ timeout: 30_000 });
    if ((await state.getAttribute('data-state')) === 'frozen') throw new Error("desk B's screen shows FROZEN before the first freeze");
    const clock = await pageClockOffset(page);
    const frozen: number[] = [];
    const unfrozen: number[] = [];
    const toBus: number[] = [];
    // One pair (freeze, then unfreeze) first, not counted: the page's first render of each state.
    for (let i = -1; i < run.pairs; i++) {
      for (const freeze of [true, false]) {
        await drainDom(page);
        const t0 = await run.callOnA(freeze);
        const shownAt = await waitForScreen(page, freeze, 10_000);
        if (shownAt === null) throw new Error(`desk B's screen did not ${freeze ? 'show FROZEN' : 'leave FROZEN'} within 10 s of the call on desk A (pair ${i + 2})`);
        if (i < 0) continue;
        (freeze ? frozen : unfrozen).push(shownAt - t0);
        const bus = run.busAt(freeze, t0);
        if (bus !== null) toBus.push(bus - t0);
        // Spread the calls a little instead of firing them back to back.
        await sleep(20);
      }
    }
    const p50 = (xs: number[]): string => (xs.length ? percentile(xs, 0.5).toFixed(1) : '?');
    log(
      `team screen: ${run.pairs} freeze/unfreeze pairs on desk A watched on desk B's screen (Chromium ${screen.session.version}); median call -> B's bus ${p50(toBus)} ms; ` +
        `page clock - Node clock ${clock.offsetMs.toFixed(2)} ms (+/- ${clock.uncertaintyMs.toFixed(2)} ms, not subtracted)`,
    );
    const note = `Two createCore desks in one process on a local PostgreSQL 15; desk B served by the browser host to Chromium (headless), signed in as the operator. From just before core.dispatch on desk A to the DOM mutation of control-state's data-state (a MutationObserver in the page, before paint), both on performance.timeOrigin + now() (page clock - Node clock measured ${clock.offsetMs.toFixed(1)} +/- ${clock.uncertaintyMs.toFixed(1)} ms).`;
    return [samplesRow(freezeId, freezeMetric, 'ms', frozen, { budget, note }), samplesRow(unfreezeId, unfreezeMetric, 'ms', unfrozen, { note: 'The unfreeze by a supervisor whose passphrase is kept fresh; no budget of its own.' })];
  } finally {
    await page.close().catch(() => undefined);
    await host.close().catch(() => undefined);
  }
}
