// How far the page's clock (performance.timeOrigin + now() in Chromium) is from Node's, so a bench
// that subtracts one from the other can say how much to trust it. Each probe reads Node's clock,
// then the page's (one round trip), then Node's again; the tightest round trip bounds it best.

export interface ClockProbe {
  /** Node's now() just before asking the page. */
  readonly before: number;
  /** The page's own now(), somewhere inside that round trip. */
  readonly page: number;
  /** Node's now() once the answer arrived. */
  readonly after: number;
}

export interface ClockOffset {
  /** page - Node, taking the page's reading as the middle of the round trip. */
  readonly offsetMs: number;
  /** Half that round trip: the offset is right to within this. */
  readonly uncertaintyMs: number;
}

export function offsetFromProbes(probes: readonly ClockProbe[]): ClockOffset {
  if (probes.length === 0) throw new Error('no clock probes: ask the page at least once');
  const best = probes.reduce((a, b) => (b.after - b.before < a.after - a.before ? b : a));
  if (best.after < best.before) throw new Error(`a clock probe ended before it started (${best.before} -> ${best.after})`);
  return { offsetMs: best.page - (best.before + best.after) / 2, uncertaintyMs: (best.after - best.before) / 2 };
}
