// The UI on the performance page (#/perf: the real column components, 5 columns x 20,000
// synthetic items, no core), in Chromium: first render and first paint (the page's own User
// Timing measures), append latency while 20 items/s arrive (one per column every 250 ms; the
// page's perf:append measure, state update -> commit), frame times while scrolling a column and
// while appending (requestAnimationFrame deltas), and the page's JS heap.
import type { Page } from '@playwright/test';
import { readHeap, serveRenderer, type BrowserSession } from '../browser';
import { startBenchCore } from '../core-fixture';
import { measuresNamed, type Measure } from '../listeners';
import { samplesRow, type Row } from '../report';
import { sleep } from '../timing';

export interface UiPerfOptions {
  readonly columns: number;
  readonly items: number;
  readonly loads: number;
  readonly appendSeconds: number;
  readonly scrollFrames: number;
}

export const defaultUiPerfOptions: UiPerfOptions = { columns: 5, items: 20_000, loads: 5, appendSeconds: 40, scrollFrames: 300 };

async function results(page: Page): Promise<Measure[]> {
  return (await page.evaluate('window.controlRoomPerf ? window.controlRoomPerf.results() : []')) as Measure[];
}

async function openPerf(page: Page, origin: string, query: string): Promise<void> {
  await page.goto(`${origin}/#/perf?${query}`);
  const end = Date.now() + 60_000;
  while (!measuresNamed(await results(page), 'perf:first-paint').length) {
    if (Date.now() > end) throw new Error('the performance page recorded no perf:first-paint within 60 s');
    await sleep(50);
  }
}

/** Records requestAnimationFrame deltas in the page until stopped (a string: the page gets exactly this code). */
const startFrames = `(() => {
  const w = window;
  w.__benchFrames = [];
  w.__benchFramesOn = true;
  let last = null;
  const tick = (t) => {
    if (last !== null) w.__benchFrames.push(t - last);
    last = t;
    if (w.__benchFramesOn) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const stopFrames = '(() => { window.__benchFramesOn = false; return window.__benchFrames; })()';

/** Scrolls the first column a little every frame for `frames` frames; resolves with the frame deltas. */
const scrollScript = (frames: number): string => `new Promise((resolve) => {
  const el = document.querySelector('.column__scroll');
  if (!el) return resolve([]);
  const deltas = [];
  let last = null;
  const tick = (t) => {
    if (last !== null) deltas.push(t - last);
    last = t;
    el.scrollTop += 120;
    if (deltas.length < ${frames}) requestAnimationFrame(tick); else resolve(deltas);
  };
  requestAnimationFrame(tick);
})`;

export async function benchUiPerf(session: BrowserSession, rendererDir: string, o: UiPerfOptions, log: (line: string) => void): Promise<Row[]> {
  // The page needs no core; the host does (it serves the contract too), so one that never starts channels.
  const bench = await startBenchCore({ mode: 'browser' });
  const host = await serveRenderer(bench.core, rendererDir);
  const viewport = { width: 1920, height: 1080 };
  const grid = `columns=${o.columns}&items=${o.items}`;
  const label = `${o.columns} columns x ${o.items.toLocaleString('en-GB')} items`;
  try {
    const firstRender: number[] = [];
    const firstPaint: number[] = [];
    const heap: number[] = [];
    const heapAfterGc: number[] = [];
    for (let i = 0; i < o.loads; i++) {
      const page = await session.browser.newPage({ viewport });
      try {
        await openPerf(page, host.origin, grid);
        const m = await results(page);
        firstRender.push(...measuresNamed(m, 'perf:first-render'));
        firstPaint.push(...measuresNamed(m, 'perf:first-paint'));
        heap.push((await readHeap(page, false)).usedMB);
        heapAfterGc.push((await readHeap(page, true)).usedMB);
      } finally {
        await page.close();
      }
    }

    // 20 items/s: one item per column every 250 ms, for appendSeconds.
    const page = await session.browser.newPage({ viewport });
    let appends: number[] = [];
    let appendFrames: number[] = [];
    let scrollFrames: number[] = [];
    try {
      const perSecond = 1000 / 250;
      await openPerf(page, host.origin, `${grid}&appendEvery=250&appendCount=1`);
      await page.evaluate(startFrames);
      const end = Date.now() + o.appendSeconds * 1000;
      while (Date.now() < end) {
        heap.push((await readHeap(page, false)).usedMB);
        await sleep(2000);
      }
      appendFrames = (await page.evaluate(stopFrames)) as number[];
      appends = measuresNamed(await results(page), 'perf:append');
      heap.push((await readHeap(page, false)).usedMB);
      log(`ui: ${appends.length} appends of ${o.columns} items (${perSecond * o.columns} items/s) in ${o.appendSeconds} s; ${appendFrames.length} frames`);
    } finally {
      await page.close();
    }

    const scrollPage = await session.browser.newPage({ viewport });
    try {
      await openPerf(scrollPage, host.origin, grid);
      scrollFrames = (await scrollPage.evaluate(scrollScript(o.scrollFrames))) as number[];
      heap.push((await readHeap(scrollPage, false)).usedMB);
      heapAfterGc.push((await readHeap(scrollPage, true)).usedMB);
    } finally {
      await scrollPage.close();
    }
    const long = scrollFrames.filter((f) => f > 50).length;
    return [
      samplesRow('ui.firstRender', `UI ${label}: first render (perf:first-render)`, 'ms', firstRender, {
        budget: { stat: 'p50', op: '<=', limit: 100 },
        note: `${o.loads} page loads. The page's measure runs from its first render call (including generating the ${(o.columns * o.items).toLocaleString('en-GB')} synthetic items) to the commit of every column.`,
      }),
      samplesRow('ui.firstPaint', `UI ${label}: first paint (perf:first-paint, frame after the commit)`, 'ms', firstPaint),
      samplesRow('ui.append', `UI ${label}: append while 20 items/s arrive (perf:append)`, 'ms', appends, {
        budget: { stat: 'p95', op: '<=', limit: 16 },
        note: 'One item per column every 250 ms; the page measures state update -> commit of every column.',
      }),
      samplesRow('ui.appendFrames', `UI ${label}: frame times while appending (rAF deltas)`, 'ms', appendFrames),
      samplesRow('ui.scrollFrames', `UI ${label}: frame times while scrolling a column (rAF deltas)`, 'ms', scrollFrames, { note: `${o.scrollFrames} frames scrolling 120 px each; ${long} frames over 50 ms. Headless Chromium, software compositing.` }),
      samplesRow('ui.heap', `UI ${label}: renderer JS heap used (every reading)`, 'MB', heap, {
        budget: { stat: 'max', op: '<=', limit: 200 },
        note: 'Chromium Runtime.getHeapUsage without forcing GC: after each load, every 2 s while appending, after scrolling.',
      }),
      samplesRow('ui.heapAfterGc', `UI ${label}: renderer JS heap after a full GC`, 'MB', heapAfterGc),
    ];
  } finally {
    await host.close();
    await bench.close();
  }
}
