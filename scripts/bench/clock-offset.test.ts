// The page-vs-Node clock estimate: the tightest round trip wins, and its middle is the reference.
import { describe, expect, it } from 'vitest';
import { offsetFromProbes } from './clock-offset';

describe('offsetFromProbes', () => {
  it('takes the probe with the shortest round trip and measures from its middle', () => {
    const r = offsetFromProbes([
      { before: 1000, page: 1090, after: 1100 },
      { before: 2000, page: 2003, after: 2004 },
      { before: 3000, page: 3010, after: 3020 },
    ]);
    expect(r).toEqual({ offsetMs: 1, uncertaintyMs: 2 });
  });

  it('reports a page clock behind Node as a negative offset', () => {
    expect(offsetFromProbes([{ before: 500, page: 497, after: 502 }]).offsetMs).toBe(-4);
  });

  it('refuses to estimate from nothing, or from a probe that ends before it starts', () => {
    expect(() => offsetFromProbes([])).toThrow(/at least once/);
    expect(() => offsetFromProbes([{ before: 10, page: 5, after: 9 }])).toThrow(/ended before it started/);
  });
});
