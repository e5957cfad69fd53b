import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineInfo } from './machine';
import { buildResults, formatComparison, formatTable, mergeResults, notMeasuredRow, samplesRow, tableLine, valueRow, verdictOf, writeResults, type Budget } from './report';

const p50under1s: Budget = { stat: 'p50', op: '<=', limit: 1000 };

describe('rows and verdicts', () => {
  it('judges the figure the budget names', () => {
    expect(verdictOf(samplesRow('a', 'a', 'ms', [100, 900, 5000], { budget: p50under1s }))).toBe('pass');
    expect(verdictOf(samplesRow('a', 'a', 'ms', [1100, 1200, 1300], { budget: p50under1s }))).toBe('FAIL');
    expect(verdictOf(samplesRow('a', 'a', 'ms', [100, 200, 301], { budget: { stat: 'max', op: '<=', limit: 300 } }))).toBe('FAIL');
    expect(verdictOf(valueRow('t', 't', 'items/s', 25_000, { budget: { stat: 'value', op: '>=', limit: 20_000 } }))).toBe('pass');
    expect(verdictOf(valueRow('t', 't', 'items/s', 19_999, { budget: { stat: 'value', op: '>=', limit: 20_000 } }))).toBe('FAIL');
    expect(verdictOf(samplesRow('i', 'i', 'ms', [1, 2, 3]))).toBe('info');
  });

  it('a row without samples is "not measured", with the reason, never a number', () => {
    const empty = samplesRow('d', 'detection', 'ms', [], { budget: p50under1s });
    expect(verdictOf(empty)).toBe('not measured');
    expect(empty.summary).toBeNull();
    expect(empty.value).toBeNull();
    const line = tableLine(empty);
    expect([line.n, line.p50, line.p95, line.p99, line.max, line.value]).toEqual(['', '', '', '', '', '']);
    expect(line.verdict).toBe('not measured: no samples were recorded');

    const ui = notMeasuredRow('ui', 'UI first render', 'ms', 'the perf page does not exist yet', { budget: p50under1s });
    expect(tableLine(ui).verdict).toBe('not measured: the perf page does not exist yet');
  });

  it('a budget on a figure the row does not have is not a pass', () => {
    const row = valueRow('v', 'v', 'ms', 10, { budget: p50under1s });
    expect(verdictOf(row)).toBe('not measured');
  });

  it('refuses a non-finite single measurement', () => {
    expect(() => valueRow('v', 'v', 'items/s', Number.NaN)).toThrow();
    expect(() => valueRow('v', 'v', 'items/s', Number.POSITIVE_INFINITY)).toThrow();
  });
});

describe('the printed table', () => {
  it('has the columns, one line per row, and the budget and verdict of each', () => {
    const table = formatTable([
      samplesRow('fanout', 'fan-out', 'ms', [150, 160, 170], { budget: p50under1s }),
      valueRow('pipe', 'pipeline', 'items/s', 22_393.4, { budget: { stat: 'value', op: '>=', limit: 20_000 } }),
      notMeasuredRow('ui', 'UI', 'ms', 'no perf page'),
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^metric\s+unit\s+n\s+p50\s+p95\s+p99\s+max\s+value\s+budget\s+verdict$/);
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^fan-out\s+ms\s+3\s+160\s+170\s+170\s+170\s+p50 <= 1,000 ms\s+pass$/);
    expect(lines[3]).toMatch(/^pipeline\s+items\/s\s+22,393\s+value >= 20,000 items\/s\s+pass$/);
    expect(lines[4]).toMatch(/^UI\s+ms\s+—\s+not measured: no perf page$/);
  });

  it('prints the 2019 anchors beside our figures', () => {
    const text = formatComparison([{ what: 'statement everywhere', in2019: '~2 h', ours: 'p50 151 ms', note: 'writing it' }]);
    expect(text.split('\n')[1]).toMatch(/^statement everywhere\s+~2 h\s+p50 151 ms\s+writing it$/);
  });
});

describe('results.json', () => {
  it('holds the machine, the Node and Chromium versions, the date and every row with its verdict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const path = join(dir, 'nested', 'results.json');
      const results = buildResults({
        date: '2026-01-01T00:00:00.000Z',
        machine: { cpuModel: 'Test CPU', cores: 2, memoryBytes: 8 * 1024 ** 3, platform: 'linux', arch: 'x64' },
        node: '24.9.0',
        chromium: '156.0.0.0',
        durationSeconds: 300,
        rows: [samplesRow('a', 'a', 'ms', [1, 2, 3], { budget: p50under1s }), notMeasuredRow('b', 'b', 'ms', 'why not')],
        comparison: [],
        log: ['a line'],
      });
      writeResults(path, results);
      const read = JSON.parse(readFileSync(path, 'utf8')) as typeof results;
      expect(read.machine).toEqual({ cpuModel: 'Test CPU', cores: 2, memoryBytes: 8 * 1024 ** 3, platform: 'linux', arch: 'x64' });
      expect([read.node, read.chromium, read.date]).toEqual(['24.9.0', '156.0.0.0', '2026-01-01T00:00:00.000Z']);
      expect(read.rows.map((r) => [r.id, r.verdict])).toEqual([['a', 'pass'], ['b', 'not measured']]);
      expect(read.rows[0]!.summary).toMatchObject({ n: 3, p50: 2, max: 3 });
      expect(read.rows[0]!.samples).toEqual([1, 2, 3]);
      expect(read.rows[1]!).toMatchObject({ summary: null, value: null, notMeasured: 'why not' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('merging a partial run into the saved results', () => {
  const results = (date: string, rows: ReturnType<typeof samplesRow>[]) =>
    buildResults({ date, machine: machineInfo(), node: '24', chromium: null, durationSeconds: 1, rows, comparison: [], log: [`run ${date}`] });

  it('replaces re-measured rows in place, puts new ones after their benchmark, keeps the rest, and logs what changed', () => {
    const saved = results('old', [samplesRow('fanout.all', 'fan-out', 'ms', [1]), samplesRow('detection.250.stored.X', 'X', 'ms', [2000], { budget: p50under1s }), samplesRow('ui.heap', 'heap', 'MB', [60])]);
    const fresh = results('new', [samplesRow('detection.250.stored.X', 'X', 'ms', [400], { budget: p50under1s }), samplesRow('detection.250.stored.Mastodon', 'Mastodon', 'ms', [5])]);
    const merged = mergeResults(saved, fresh);
    expect(merged.rows.map((r) => r.id)).toEqual(['fanout.all', 'detection.250.stored.X', 'detection.250.stored.Mastodon', 'ui.heap']);
    expect(merged.rows[1]).toMatchObject({ verdict: 'pass', summary: { p50: 400 } });
    expect(merged.rows[0]?.samples).toEqual([1]);
    expect(merged.log.join('\n')).toContain('merged on new');
    expect(merged.log.join('\n')).toContain('re-measured detection.250.stored.X, detection.250.stored.Mastodon');
  });
});
