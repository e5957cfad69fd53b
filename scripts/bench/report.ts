// Benchmark rows, their verdict against the design's budgets, the printed table and the JSON file.
// A row either carries what was measured (a distribution or one value) or says why it was not
// measured: there is no way to build a row with a figure that did not come from a run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { summarize, type Summary } from './stats';

export type Stat = 'p50' | 'p95' | 'p99' | 'max' | 'value';

export interface Budget {
  /** Which figure the budget judges. */
  readonly stat: Stat;
  readonly op: '<=' | '>=';
  readonly limit: number;
}

export type Verdict = 'pass' | 'FAIL' | 'info' | 'not measured';

export interface Row {
  readonly id: string;
  readonly metric: string;
  readonly unit: string;
  /** The distribution of the samples, when the metric has many. */
  readonly summary: Summary | null;
  /** The one figure, when the metric is a single measurement (a rate, a ratio). */
  readonly value: number | null;
  readonly budget: Budget | null;
  /** Why nothing was measured (then summary and value are null). */
  readonly notMeasured: string | null;
  readonly note: string | null;
  /** Raw samples, kept in the JSON file for latency rows (not for the million-item pipeline). */
  readonly samples: readonly number[] | null;
}

export interface RowOptions {
  readonly budget?: Budget | null;
  readonly note?: string | null;
  /** Keep the raw samples in results.json (default: when there are at most 5,000). */
  readonly keepSamples?: boolean;
}

export function samplesRow(id: string, metric: string, unit: string, samples: readonly number[], options: RowOptions = {}): Row {
  const summary = summarize(samples);
  if (!summary) return notMeasuredRow(id, metric, unit, 'no samples were recorded', options);
  const keep = options.keepSamples ?? samples.length <= 5_000;
  return { id, metric, unit, summary, value: null, budget: options.budget ?? null, notMeasured: null, note: options.note ?? null, samples: keep ? [...samples] : null };
}

export function valueRow(id: string, metric: string, unit: string, value: number, options: RowOptions = {}): Row {
  if (!Number.isFinite(value)) throw new Error(`${id}: not a finite measurement (${value})`);
  return { id, metric, unit, summary: null, value, budget: options.budget ?? null, notMeasured: null, note: options.note ?? null, samples: null };
}

export function notMeasuredRow(id: string, metric: string, unit: string, why: string, options: RowOptions = {}): Row {
  return { id, metric, unit, summary: null, value: null, budget: options.budget ?? null, notMeasured: why, note: options.note ?? null, samples: null };
}

/** The figure a budget judges, or null when the row does not have it. */
export function judgedFigure(row: Row, stat: Stat): number | null {
  if (stat === 'value') return row.value;
  return row.summary ? row.summary[stat] : null;
}

export function verdictOf(row: Row): Verdict {
  if (row.notMeasured !== null) return 'not measured';
  if (!row.budget) return 'info';
  const figure = judgedFigure(row, row.budget.stat);
  if (figure === null) return 'not measured';
  const ok = row.budget.op === '<=' ? figure <= row.budget.limit : figure >= row.budget.limit;
  return ok ? 'pass' : 'FAIL';
}

/** A short, readable number: more decimals only where they mean something. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-GB');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatBudget(b: Budget | null, unit: string): string {
  if (!b) return '—';
  return `${b.stat} ${b.op} ${formatNumber(b.limit)} ${unit}`;
}

const cell = (s: Summary | null, k: keyof Summary): string => (s ? formatNumber(s[k]) : '');

export interface TableLine {
  readonly metric: string;
  readonly unit: string;
  readonly n: string;
  readonly p50: string;
  readonly p95: string;
  readonly p99: string;
  readonly max: string;
  readonly value: string;
  readonly budget: string;
  readonly verdict: string;
}

export function tableLine(row: Row): TableLine {
  const verdict = verdictOf(row);
  return {
    metric: row.metric,
    unit: row.unit,
    n: row.summary ? String(row.summary.n) : '',
    p50: cell(row.summary, 'p50'),
    p95: cell(row.summary, 'p95'),
    p99: cell(row.summary, 'p99'),
    max: cell(row.summary, 'max'),
    value: row.value === null ? '' : formatNumber(row.value),
    budget: formatBudget(row.budget, row.unit),
    verdict: verdict === 'not measured' ? `not measured: ${row.notMeasured ?? 'the figure the budget judges is missing'}` : verdict,
  };
}

const headers: TableLine = { metric: 'metric', unit: 'unit', n: 'n', p50: 'p50', p95: 'p95', p99: 'p99', max: 'max', value: 'value', budget: 'budget', verdict: 'verdict' };
const numeric = new Set<keyof TableLine>(['n', 'p50', 'p95', 'p99', 'max', 'value']);

/** A plain-text table; the verdict column is last so long "not measured" reasons do not push the others. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [headers, ...rows.map(tableLine)];
  const keys = Object.keys(headers) as (keyof TableLine)[];
  const widths = keys.map((k) => Math.max(...lines.map((l) => l[k].length)));
  const render = (l: TableLine): string =>
    keys
      .map((k, i) => (k === 'verdict' ? l[k] : numeric.has(k) ? l[k].padStart(widths[i]!) : l[k].padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, i) => '-'.repeat(keys[i] === 'verdict' ? Math.min(w, 12) : w)).join('  ');
  return [render(headers), rule, ...lines.slice(1).map(render)].join('\n');
}

export interface ComparisonLine {
  readonly what: string;
  readonly in2019: string;
  /** Our measured figure, or why there is none. */
  readonly ours: string;
  readonly note: string;
}

export function formatComparison(lines: readonly ComparisonLine[]): string {
  const head = { what: 'July 2019 vs Control Room', in2019: '2019', ours: 'measured here', note: 'not included' };
  const all = [head, ...lines];
  const w = (k: keyof ComparisonLine): number => Math.max(...all.map((l) => l[k].length));
  return all.map((l) => `${l.what.padEnd(w('what'))}  ${l.in2019.padEnd(w('in2019'))}  ${l.ours.padEnd(w('ours'))}  ${l.note}`.trimEnd()).join('\n');
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly platform: string;
  readonly arch: string;
}

export interface Results {
  readonly date: string;
  readonly machine: Machine;
  readonly node: string;
  /** The Chromium the UI benchmarks ran in, or null when none ran. */
  readonly chromium: string | null;
  readonly durationSeconds: number;
  readonly rows: readonly (Row & { readonly verdict: Verdict })[];
  readonly comparison: readonly ComparisonLine[];
  /** Per-benchmark notes: what ran, with which settings, and anything odd seen on the way. */
  readonly log: readonly string[];
}

export function buildResults(input: Omit<Results, 'rows'> & { readonly rows: readonly Row[] }): Results {
  return { ...input, rows: input.rows.map((r) => ({ ...r, verdict: verdictOf(r) })) };
}

export function writeResults(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * `--only ... --merge`: the rows just measured replace the rows with the same id in the saved
 * results (in place; a new row goes after the last saved row of its benchmark, the id up to its
 * first dot, else at the end), and the log says which rows were re-measured, when and how busy the
 * machine was. Every other row keeps its own run's figures.
 */
export function mergeResults(saved: Results, fresh: Results): Results {
  const freshById = new Map(fresh.rows.map((r) => [r.id, r]));
  const rows: (Row & { readonly verdict: Verdict })[] = saved.rows.map((r) => freshById.get(r.id) ?? r);
  const savedIds = new Set(saved.rows.map((r) => r.id));
  for (const row of fresh.rows) {
    if (savedIds.has(row.id)) continue;
    const bench = row.id.split('.')[0];
    let at = -1;
    rows.forEach((r, i) => {
      if (r.id.split('.')[0] === bench) at = i;
    });
    rows.splice(at < 0 ? rows.length : at + 1, 0, row);
    savedIds.add(row.id);
  }
  const note = `merged on ${fresh.date} (Node ${fresh.node}, Chromium ${fresh.chromium ?? 'not run'}, ${fresh.durationSeconds} s): re-measured ${fresh.rows.map((r) => r.id).join(', ')}`;
  return { ...saved, chromium: fresh.chromium ?? saved.chromium, rows, log: [...saved.log, note, ...fresh.log] };
}
