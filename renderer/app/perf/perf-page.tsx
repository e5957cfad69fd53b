// The performance page (#/perf?columns=5&items=20000[&appendEvery=250&appendCount=1]): the real
// column components with synthetic items, no core. It records User Timing marks the benchmark
// reads: perf:first-render (start of rendering to the first commit), perf:first-paint (to the
// frame after it) and one perf:append per append (state update to commit). No assertions here.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChannelSummary, FeedItem } from '../../../electron/shared/contract';
import { maxItemsPerColumn } from '../../../electron/shared/rules';
import { ChannelColumn } from '../../features/feeds/components/channel-column';
import { mergeItems } from '../../features/feeds/lib/merge-items';
import { syntheticChannels, syntheticFeed, syntheticItem } from './synthetic-items';

export interface PerfParams {
  readonly columns: number;
  readonly items: number;
  readonly appendEvery: number | null;
  readonly appendCount: number;
}

function bounded(raw: string | null, fallback: number, min: number, max: number): number {
  const n = Number(raw);
  return raw !== null && Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
}

export function perfParams(hash: string): PerfParams {
  const query = new URLSearchParams(hash.split('?')[1] ?? '');
  const every = query.get('appendEvery');
  return {
    columns: bounded(query.get('columns'), 5, 1, 10),
    items: bounded(query.get('items'), 20_000, 0, maxItemsPerColumn),
    appendEvery: every === null ? null : bounded(every, 250, 16, 60_000),
    appendCount: bounded(query.get('appendCount'), 1, 1, 1000),
  };
}

interface PerfApi {
  /** Adds `count` items to each column, or only to the first `columns` columns. */
  append(count?: number, columns?: number): void;
  results(): { name: string; duration: number }[];
}

declare global {
  interface Window {
    controlRoomPerf?: PerfApi;
  }
}

const measures = (): { name: string; duration: number }[] =>
  performance
    .getEntriesByType('measure')
    .filter((m) => m.name.startsWith('perf:'))
    .map((m) => ({ name: m.name, duration: Math.round(m.duration * 100) / 100 }));

export interface PerfData {
  readonly channels: readonly ChannelSummary[];
  readonly feeds: Readonly<Record<string, readonly FeedItem[]>>;
}

/** Built before rendering starts, so perf:first-render times the screen, not the generator. */
export function buildPerfData(params: PerfParams): PerfData {
  const channels = syntheticChannels(params.columns);
  const now = Date.now();
  return { channels, feeds: Object.fromEntries(channels.map((c) => [c.id, syntheticFeed(c.id, params.items, now)])) };
}

export function PerfPage({ params, data }: { readonly params: PerfParams; readonly data: PerfData }) {
  const renderStarted = useRef(false);
  if (!renderStarted.current) {
    renderStarted.current = true;
    performance.mark('perf:first-render:start');
  }
  const channels = data.channels;
  const [feeds, setFeeds] = useState<Readonly<Record<string, readonly FeedItem[]>>>(data.feeds);
  const appended = useRef(params.items);
  const appendPending = useRef(false);
  const [summary, setSummary] = useState('');

  const append = useCallback(
    (count = 1, columns = channels.length) => {
      // The new items are made before the mark: the benchmark times the screen taking them in.
      const now = Date.now();
      const fresh = channels
        .slice(0, columns)
        .map((c) => [c.id, Array.from({ length: count }, (_, i) => syntheticItem(c.id, appended.current + i + 1, now + i))] as const);
      appended.current += count;
      performance.mark('perf:append:start');
      appendPending.current = true;
      setFeeds((old) => {
        const next: Record<string, readonly FeedItem[]> = { ...old };
        for (const [id, items] of fresh) next[id] = mergeItems(old[id] ?? [], items);
        return next;
      });
    },
    [channels],
  );

  // The page's layout effect runs after every column's: the whole screen has committed.
  const first = useRef(true);
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      performance.mark('perf:first-render:end');
      performance.measure('perf:first-render', 'perf:first-render:start', 'perf:first-render:end');
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.measure('perf:first-paint', 'perf:first-render:start');
          setSummary(JSON.stringify(measures()));
        }, 0),
      );
      return;
    }
    if (appendPending.current) {
      appendPending.current = false;
      performance.measure('perf:append', 'perf:append:start');
      setSummary(JSON.stringify(measures()));
    }
  }, [feeds]);

  useEffect(() => {
    window.controlRoomPerf = { append, results: measures };
    return () => {
      delete window.controlRoomPerf;
    };
  }, [append]);

  useEffect(() => {
    if (params.appendEvery === null) return;
    const timer = setInterval(() => append(params.appendCount), params.appendEvery);
    return () => clearInterval(timer);
  }, [append, params.appendEvery, params.appendCount]);

  return (
    <div className="app perf-page">
      <header className="control-bar">
        <h1 className="control-bar__title">Control Room — performance page</h1>
        <p className="control-bar__note">
          {params.columns} columns × {params.items} synthetic items · no core
        </p>
        <button type="button" className="button" onClick={() => append(1)} data-testid="perf-append">
          Append one item per column
        </button>
      </header>
      <main className="workspace" aria-label="Synthetic columns">
        <div className="columns" data-testid="columns">
          {channels.map((c, i) => (
            <ChannelColumn key={c.id} channel={c} items={feeds[c.id] ?? []} order={i} />
          ))}
        </div>
      </main>
      <footer className="status-footer">
        <output data-testid="perf-results">{summary}</output>
      </footer>
    </div>
  );
}
