// `npm run bench`: every benchmark against the design's performance budgets, on the demo newsroom
// (no Electron), then a table and bench/results.json. Timings are reported, never asserted: a
// budget missed is a FAIL row, not a failed command. A benchmark that breaks leaves "not measured"
// rows saying why, and the others still run.
//   --only pipeline,freeze,fanout,quarantine,retraction,detection,push,ui,team   run some (results go to bench/tmp/)
//   --merge   with --only: also merge the rows just measured into bench/results.json (the rest keep theirs)
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRenderer, launchChromium, type BrowserSession, type BuiltRenderer } from './browser';
import { benchDetection } from './benches/detection';
import { benchPush } from './benches/push';
import { benchFanout } from './benches/fanout';
import { benchFreeze } from './benches/freeze';
import { benchPipeline, defaultPipelineOptions } from './benches/pipeline';
import { benchQuarantine } from './benches/quarantine';
import { benchTeam } from './benches/team';
import { teamScreenRows, type TeamScreen } from './benches/team-screen';
import { benchTeamClaims, teamClaimRow } from './benches/team-claims';
import { benchTeamReaders, teamReaderRows } from './benches/team-readers';
import { benchRetractionEta, benchRetractionThroughput, defaultRetractionPlan } from './benches/retraction';
import { benchUiPerf, defaultUiPerfOptions } from './benches/ui-perf';
import { comparisonLines } from './comparison';
import { describeMachine, machineInfo } from './machine';
import { buildResults, formatComparison, formatTable, mergeResults, notMeasuredRow, writeResults, type Results, type Row } from './report';

const root = join(import.meta.dirname, '..', '..');
const benches = ['pipeline', 'freeze', 'fanout', 'quarantine', 'retraction', 'detection', 'push', 'ui', 'team'] as const;
type BenchName = (typeof benches)[number];

const { values } = parseArgs({ options: { only: { type: 'string' }, merge: { type: 'boolean' } } });
if (values.merge && !values.only) throw new Error('--merge needs --only: a full run writes bench/results.json whole');
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
for (const name of only ?? []) if (!(benches as readonly string[]).includes(name)) throw new Error(`--only: no benchmark "${name}" (have ${benches.join(', ')})`);
const wanted = (name: BenchName): boolean => only === null || only.has(name);

const started = Date.now();
const rows: Row[] = [];
const log: string[] = [];
/** Benchmarks that ran while the machine had more runnable work than cores. */
const busy: string[] = [];
const say = (line: string): void => {
  log.push(line);
  console.log(`  ${line}`);
};

/** Runs one benchmark; if it throws, its rows become "not measured" with the reason. */
async function section(name: BenchName, fallback: readonly [string, string, string][], run: () => Promise<Row[]>): Promise<void> {
  if (!wanted(name)) return;
  const t = Date.now();
  const loadBefore = loadavg()[0]!;
  console.log(`[bench] ${name} …`);
  try {
    rows.push(...(await run()));
  } catch (err) {
    const why = `${name} benchmark failed: ${(err as Error).message.split('\n')[0]}`;
    say(why);
    if ((err as Error).stack) log.push((err as Error).stack!);
    rows.push(...fallback.map(([id, metric, unit]) => notMeasuredRow(id, metric, unit, why)));
  }
  // Other work on the machine slows every figure down: say how busy it was around each benchmark.
  const [before, after] = [loadBefore, loadavg()[0]!];
  if (Math.max(before, after) > cpus().length) busy.push(`${name} (load ${before.toFixed(1)} -> ${after.toFixed(1)})`);
  const took = `[bench] ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s; 1-minute load average ${before.toFixed(2)} -> ${after.toFixed(2)} on ${cpus().length} cores`;
  log.push(took);
  console.log(took);
}

/** Whether the renderer has what the UI benchmarks drive; the reason when it does not. */
function uiMissing(): { perf: string | null; dom: string | null } {
  const read = (p: string): string => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : '');
  const perfPage = read('renderer/app/perf/perf-page.tsx');
  const route = read('renderer/app/route.ts');
  const row = read('renderer/features/feeds/components/item-row.tsx');
  return {
    perf: perfPage.includes('controlRoomPerf') && route.includes('#/perf') ? null : 'the perf page (#/perf with window.controlRoomPerf) does not exist yet',
    dom: row.includes('data-testid={`item-${item.channelId}-${item.itemId}`}') && row.includes('data-provenance') ? null : 'the feed rows have no item-<channel>-<item> test id with data-provenance yet',
  };
}

console.log(`Control Room benchmarks on Node ${process.versions.node}: ${describeMachine(machineInfo())}`);

await section('pipeline', [['pipeline.throughput', 'monitor pipeline', 'items/s']], async () => [
  ...(await benchPipeline(defaultPipelineOptions, say)),
  // The same pipeline with 1,000 open ledger entries (sends awaiting read-back): how the
  // content-hash lookups scale with them.
  ...(await benchPipeline({ ...defaultPipelineOptions, items: 100_000, openEvery: 100 }, say, 'pipeline.open')).slice(0, 1),
]);
await section('freeze', [['freeze.all', 'freeze all', 'ms']], () => benchFreeze(100, say));

// The UI: the current renderer built and Chromium started once, for desk B's screen (team),
// detection (b) and the perf page.
let renderer: BuiltRenderer | null = null;
let session: BrowserSession | null = null;
const missing = uiMissing();
let browserProblem: string | null = null;
if (wanted('team') || wanted('detection') || wanted('ui')) {
  try {
    renderer = await buildRenderer();
    session = await launchChromium();
  } catch (err) {
    browserProblem = `the UI could not be started: ${(err as Error).message.split('\n')[0]}`;
    say(browserProblem);
  }
}
const teamScreen: TeamScreen | null = renderer && session ? { session, rendererDir: renderer.dir } : null;

await section('team', [['team.freeze', 'cross-desk freeze: call on desk A -> control.freezeChanged on desk B', 'ms'], ...teamScreenRows, teamClaimRow, ...teamReaderRows], async () => [
  ...(await benchTeam({ cycles: 50, screenPairs: 40, screen: teamScreen, screenMissing: browserProblem ?? 'the UI was not run' }, say)),
  ...(await benchTeamClaims(5, 300, say)),
  ...(await benchTeamReaders({ takeovers: 10, lostTakeovers: 8, detections: 20 }, say)),
]);
await section('fanout', [['fanout.all', 'fan-out', 'ms']], () => benchFanout(40, say));
await section('quarantine', [['quarantine.retracted', 'quarantine', 'ms']], () => benchQuarantine({ posts: { x: 40, website: 40, email: 20 }, meanGapMs: 300, seed: 3 }, say));
await section('retraction', [['retraction.rate', 'retraction', 'items/s']], async () => [
  ...(await benchRetractionThroughput(defaultRetractionPlan, say)),
  ...(await benchRetractionEta(defaultRetractionPlan, say)),
]);

try {
  for (const pollIntervalMs of [1000, 250]) {
    const ui = missing.dom === null && renderer && session ? { session, rendererDir: renderer.dir } : null;
    await section('detection', [[`detection.${pollIntervalMs}.stored`, `detection (poll ${pollIntervalMs} ms)`, 'ms']], () =>
      benchDetection({ pollIntervalMs, posts: 210, meanGapMs: 250, seed: pollIntervalMs, ui, uiMissing: missing.dom ?? browserProblem ?? 'the UI was not run', uiFreezeClicks: pollIntervalMs === 1000 ? 30 : 0 }, say),
    );
  }
  await section('push', [['detection.bluesky.1000.push', 'detection, Bluesky with push', 'ms'], ['detection.mastodon.1000.push', 'detection, Mastodon with push', 'ms']], async () => [
    ...(await benchPush('bluesky', { pollIntervalMs: 1000, posts: 40, meanGapMs: 250, seed: 17 }, say)),
    ...(await benchPush('mastodon', { pollIntervalMs: 1000, posts: 40, meanGapMs: 250, seed: 18 }, say)),
  ]);
  const uiRows: [string, string, string][] = [
    ['ui.firstRender', 'UI 5 columns x 20,000 items: first render', 'ms'],
    ['ui.append', 'UI 5 columns x 20,000 items: append p95 while 20 items/s arrive', 'ms'],
    ['ui.heap', 'UI 5 columns x 20,000 items: renderer heap', 'MB'],
  ];
  if (wanted('ui') && (missing.perf !== null || !renderer || !session)) {
    const why = missing.perf ?? browserProblem ?? 'the UI was not run';
    rows.push(...uiRows.map(([id, metric, unit]) => notMeasuredRow(id, metric, unit, why)));
  } else if (renderer && session) {
    const [r, s] = [renderer, session];
    await section('ui', uiRows, () => benchUiPerf(s, r.dir, defaultUiPerfOptions, say));
  }
} finally {
  await session?.close();
  renderer?.remove();
}

const comparison = comparisonLines(rows);
const durationSeconds = Math.round((Date.now() - started) / 1000);
if (busy.length) log.push(`busy machine around: ${busy.join(', ')}`);
const results = buildResults({ date: new Date().toISOString(), machine: machineInfo(), node: process.versions.node, chromium: session?.version ?? null, durationSeconds, rows, comparison, log });
const out = only ? join(root, 'bench', 'tmp', 'results-partial.json') : join(root, 'bench', 'results.json');
writeResults(out, results);
const saved = join(root, 'bench', 'results.json');
if (values.merge && existsSync(saved)) {
  const merged = mergeResults(JSON.parse(readFileSync(saved, 'utf8')) as Results, results);
  writeResults(saved, buildResults({ ...merged, comparison: comparisonLines(merged.rows) }));
  console.log(`Merged ${results.rows.length} rows into bench/results.json.`);
}

console.log(`\n${formatTable(rows)}\n\n${formatComparison(comparison)}\n`);
console.log(`Node ${results.node}, Chromium ${results.chromium ?? '(not run)'}, ${describeMachine(results.machine)}; ${results.date}; ${durationSeconds} s.`);
if (busy.length) {
  console.log(`Note: the 1-minute load average was above the core count around ${busy.join(', ')}. It counts this benchmark's own Node and Chromium too; anything else running then slowed those figures.`);
}
console.log(`Written to ${out.slice(root.length + 1)}.`);
