// Matches what happened to each tracked item, stage by stage, by the item's exact key. A stage
// time is only kept for an item that was started (the benchmark posted it and the server accepted
// it), only the first time that stage is seen for it, and a duration only exists when both ends
// were seen for that same item. Events for any other item, however many, never make a sample.

export interface StageSampler<S extends string> {
  /** The item was accepted by its server at `at`; later stage times are measured from here. */
  start(key: string, at: number): void;
  /** `stage` happened for `key` at `at`. Returns whether it was kept (tracked key, first time). */
  observe(stage: S, key: string, at: number): boolean;
  /** `stage` time minus `from` time (the start by default), for every item that has both. */
  durations(stage: S, from?: S | 'start'): number[];
  /** Same as durations, with the key of each. */
  pairs(stage: S, from?: S | 'start'): { key: string; ms: number }[];
  /** Tracked items that never reached `stage`. */
  missing(stage: S): string[];
  started(): number;
  /** The keys of the tracked (started) items. */
  keys(): string[];
  /** Observations of keys nobody started (other items, the bureau's own, baseline): counted, not kept. */
  ignored(): number;
  time(stage: S | 'start', key: string): number | null;
}

export function createStageSampler<S extends string>(stages: readonly S[]): StageSampler<S> {
  const known = new Set<string>(stages);
  const starts = new Map<string, number>();
  const seen = new Map<S, Map<string, number>>(stages.map((s) => [s, new Map()]));
  let ignored = 0;

  const time = (stage: S | 'start', key: string): number | null => (stage === 'start' ? starts.get(key) : seen.get(stage)?.get(key)) ?? null;
  const pairs = (stage: S, from: S | 'start' = 'start'): { key: string; ms: number }[] => {
    const out: { key: string; ms: number }[] = [];
    for (const [key, at] of seen.get(stage) ?? []) {
      const t0 = time(from, key);
      if (t0 !== null) out.push({ key, ms: at - t0 });
    }
    return out;
  };

  return {
    start(key, at) {
      if (!Number.isFinite(at)) throw new Error(`start time for ${key} is not a time`);
      if (!starts.has(key)) starts.set(key, at);
    },
    observe(stage, key, at) {
      if (!known.has(stage)) throw new Error(`unknown stage ${stage}`);
      const times = seen.get(stage)!;
      if (!starts.has(key) || times.has(key)) {
        ignored++;
        return false;
      }
      times.set(key, at);
      return true;
    },
    durations: (stage, from) => pairs(stage, from).map((p) => p.ms),
    pairs,
    missing: (stage) => [...starts.keys()].filter((k) => !seen.get(stage)!.has(k)),
    started: () => starts.size,
    keys: () => [...starts.keys()],
    ignored: () => ignored,
    time,
  };
}
