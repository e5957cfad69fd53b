import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  it('returns a sample that was measured, never an interpolation', () => {
    const samples = [10, 20, 30, 40];
    expect(percentile(samples, 0.5)).toBe(20);
    expect(percentile(samples, 0.75)).toBe(30);
    expect(percentile(samples, 0.76)).toBe(40);
    expect(percentile(samples, 1)).toBe(40);
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
  });

  it('p95 and p99 of 1..100 are 95 and 99; of 1..1000, 950 and 990', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
    const thousand = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(thousand, 0.95)).toBe(950);
    expect(percentile(thousand, 0.99)).toBe(990);
  });

  it('does not care about input order and does not reorder the caller\'s array', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 0.5)).toBe(3);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('one sample is every percentile', () => {
    expect(percentile([7.5], 0.5)).toBe(7.5);
    expect(percentile([7.5], 0.99)).toBe(7.5);
  });

  it('refuses no samples, a bad quantile and non-finite samples', () => {
    expect(() => percentile([], 0.5)).toThrow(/no samples/);
    expect(() => percentile([1], 0)).toThrow();
    expect(() => percentile([1], 1.5)).toThrow();
    expect(() => percentile([1, Number.NaN], 0.5)).toThrow(/finite/);
    expect(() => percentile([1, Number.POSITIVE_INFINITY], 0.5)).toThrow(/finite/);
  });
});

describe('summarize', () => {
  it('is null without samples, so nothing can be printed for them', () => {
    expect(summarize([])).toBeNull();
  });

  it('gives n, min, p50, p95, p99, max and mean', () => {
    const s = summarize(Array.from({ length: 200 }, (_, i) => 200 - i));
    expect(s).toEqual({ n: 200, min: 1, p50: 100, p95: 190, p99: 198, max: 200, mean: 100.5 });
  });
});
