// Summary statistics for benchmark samples. Percentiles are nearest-rank: every figure reported is
// one of the samples actually measured, never an interpolation between two of them.

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of already sorted samples: the smallest sample with at least q of them at or below it. */
export function percentileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('no samples: a percentile of nothing is not a measurement');
  if (!(q > 0 && q <= 1)) throw new Error(`percentile must be in (0, 1], got ${q}`);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function percentile(samples: readonly number[], q: number): number {
  return percentileOfSorted(sortedCopy(samples), q);
}

function sortedCopy(samples: readonly number[]): number[] {
  for (const s of samples) {
    // A NaN or infinite sample is a bug in the measuring code, not a slow run: refuse it loudly.
    if (!Number.isFinite(s)) throw new Error(`not a finite sample: ${s}`);
  }
  return [...samples].sort((a, b) => a - b);
}

/** null when there are no samples, so a caller cannot print a figure nobody measured. */
export function summarize(samples: readonly number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = sortedCopy(samples);
  return {
    n: sorted.length,
    min: sorted[0]!,
    p50: percentileOfSorted(sorted, 0.5),
    p95: percentileOfSorted(sorted, 0.95),
    p99: percentileOfSorted(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}
