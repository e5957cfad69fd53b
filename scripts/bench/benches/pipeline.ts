// The monitor pipeline alone (hash, classify against the ledger, score, store), single-threaded, on
// a real SQLite file: a million synthetic items against a ledger of 100,000 publications. Only the
// processBatch calls are timed; making the synthetic items is not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ObservedItem } from '../../../electron/channels/types';
import { newChannelMemory, processBatch, type ChannelMemory, type ScoringSettings } from '../../../electron/core/monitor/process-batch';
import { contentHash } from '../../../electron/core/provenance/normalise';
import { createSqliteChannelsRepository } from '../../../electron/store/channels-repository';
import { openDatabase } from '../../../electron/store/database';
import { createSqliteMonitorRepository, openContentSql } from '../../../electron/store/monitor-repository';
import { samplesRow, valueRow, type Row } from '../report';
import { seededRandom } from '../timing';

export interface PipelineOptions {
  readonly items: number;
  readonly ledger: number;
  readonly channels: number;
  /** Items per read: X's timeline page size. */
  readonly batch: number;
  /** Simulated time between two reads of one channel, so each channel's last hour stays realistic. */
  readonly readEveryMs: number;
  /** One ledger entry in this many is open (sent, item id not known yet: matched by content hash). */
  readonly openEvery: number;
  /** Stop early (and say so) if the timed part alone takes longer than this. */
  readonly maxTimedMs: number;
}

export const defaultPipelineOptions: PipelineOptions = { items: 1_000_000, ledger: 100_000, channels: 10, batch: 100, readEveryMs: 6 * 60_000, openEvery: 1000, maxTimedMs: 150_000 };

const words = 'police statement appeal update witness road closure missing found arrest court released charged incident safety london borough officers tonight'.split(' ');

const scoring: ScoringSettings = { officeHours: { start: 7, end: 22, timeZone: 'Europe/London' }, ownDomains: ['met.police.uk'], baselinePerHour: 4 };

function textFor(rnd: () => number, n: number): string {
  const length = 8 + Math.floor(rnd() * 22);
  const body = Array.from({ length }, () => words[Math.floor(rnd() * words.length)]).join(' ');
  const r = rnd();
  // Some links (own and unknown domains) and some abuse, so every scoring branch runs.
  if (r < 0.1) return `${body} https://www.met.police.uk/news/${n}`;
  if (r < 0.15) return `${body} https://example-${n % 50}.org/x/${n}`;
  if (r < 0.17) return `hacked by nobody ${body}`;
  return `${body} #${n}`;
}

function observed(id: string, text: string, at: string): ObservedItem {
  return { channelItemId: id, publishedAt: at, text, html: null, url: null, raw: { id, text, created_at: at, author_id: '1234', edit_history_tweet_ids: [id] } };
}

export async function benchPipeline(options: PipelineOptions, log: (line: string) => void, idPrefix = 'pipeline'): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-bench-pipeline-'));
  const opened = openDatabase(join(dir, 'control-room.db'));
  try {
    const channelIds = Array.from({ length: options.channels }, (_, i) => `ch-${i}`);
    const channels = createSqliteChannelsRepository(opened.db);
    for (const id of channelIds) await channels.upsert({ id, kind: 'x', name: id, config: {}, secretRef: null, demo: false, createdAt: new Date().toISOString() });
    const repo = createSqliteMonitorRepository(opened.db);
    const rnd = seededRandom(20190719);

    // The ledger: what the app published, ids known; a few open entries (send outcome unknown) that
    // will be matched by content hash.
    const { openEvery } = options;
    const ledgerText = (n: number): string => `Statement ${n}: ${textFor(seededRandom(n), n)}`;
    await repo.transaction(async () => {
      for (let n = 0; n < options.ledger; n++) {
        const open = n % openEvery === 0;
        await repo.recordPublication({ channelId: channelIds[n % options.channels]!, itemId: open ? null : `pub-${n}`, contentHash: contentHash(ledgerText(n)), statementId: `s-${n}`, approvers: ['author', 'approver'], publishedAt: '2019-07-01T09:00:00.000Z' });
      }
    });

    // The stream: every tenth item is one of the ledger's (by id, or by content for the open ones);
    // the rest are unverified and scored, the expensive path.
    const memories = new Map<string, ChannelMemory>(channelIds.map((id) => [id, newChannelMemory()]));
    const counters = new Map<string, number>(channelIds.map((id) => [id, 0]));
    const ledgerByChannel = new Map(channelIds.map((id, c) => [id, { next: 0, numbers: Array.from({ length: Math.ceil((options.ledger - c) / options.channels) }, (_, i) => c + i * options.channels) }]));
    let made = 0;
    let timedMs = 0;
    let cpuMs = 0;
    const batchMs: number[] = [];
    const provenance = { verified: 0, unverified: 0, adopted: 0 };
    let simulated = Date.parse('2019-07-19T08:00:00.000Z');
    let round = 0;
    while (made < options.items && timedMs < options.maxTimedMs) {
      const channelId = channelIds[round % options.channels]!;
      if (round % options.channels === 0) simulated += options.readEveryMs;
      round++;
      const at = new Date(simulated);
      const iso = at.toISOString();
      const items: ObservedItem[] = [];
      const size = Math.min(options.batch, options.items - made);
      for (let i = 0; i < size; i++) {
        const k = counters.get(channelId)!;
        counters.set(channelId, k + 1);
        const mine = ledgerByChannel.get(channelId)!;
        if (k % 10 === 0 && mine.next < mine.numbers.length) {
          const n = mine.numbers[mine.next++]!;
          items.push(observed(n % openEvery === 0 ? `late-${n}` : `pub-${n}`, ledgerText(n), iso));
          continue;
        }
        items.push(observed(`${channelId}-${k}`, textFor(rnd, k), iso));
      }
      // Newest first, as adapters return them.
      items.reverse();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const fresh = await processBatch(channelId, items, at, repo, memories.get(channelId)!, scoring, 'live');
      const took = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuMs += (cpu.user + cpu.system) / 1000;
      timedMs += took;
      batchMs.push(took);
      made += items.length;
      for (const f of fresh) provenance[f.provenance]++;
    }
    const rate = made / (timedMs / 1000);
    log(`pipeline: ${made.toLocaleString('en-GB')} items in ${(timedMs / 1000).toFixed(1)} s of processBatch (${(cpuMs / 1000).toFixed(1)} s of CPU) (${batchMs.length} reads of ${options.batch}); ` +
      `verified ${provenance.verified}, unverified ${provenance.unverified}; ledger ${options.ledger.toLocaleString('en-GB')} publications over ${options.channels} channels`);
    // How SQLite plans the open-entry lookup classify makes for every item not matched by id (the
    // same SQL as MonitorRepository.hasOpenContent): its cost follows the plan and the open entries.
    const plan = (opened.db.prepare(`EXPLAIN QUERY PLAN ${openContentSql}`).all('c', 'h') as { detail: string }[]).map((r) => r.detail).join('; ');
    log(`pipeline: the open-entry lookup is planned as "${plan}"`);
    const stoppedEarly = made < options.items ? ` Stopped at ${made.toLocaleString('en-GB')} items: the time cap (${options.maxTimedMs / 1000} s) was reached.` : '';
    const open = Math.ceil(options.ledger / openEvery);
    const size = made >= 1e6 ? `${made / 1e6}M` : `${made / 1000}k`;
    return [
      valueRow(`${idPrefix}.throughput`, `monitor pipeline, ${size} items vs ${options.ledger / 1000}k ledger (${open} open), one core`, 'items/s', rate, {
        budget: { stat: 'value', op: '>=', limit: 20_000 },
        note: `processBatch on a real SQLite file (WAL), ${options.batch} items per read, ${options.channels} channels, ${open} ledger entries still open (matched by content hash); ${Math.round((provenance.verified / made) * 100)}% verified, the rest unverified and scored.${stoppedEarly}`,
      }),
      valueRow(`${idPrefix}.cpu`, `monitor pipeline (${open} open), items per CPU-second of this process`, 'items/s', made / (cpuMs / 1000), {
        note: 'The same run divided by the process CPU time (user + system) during processBatch: what one core gives when nothing else runs; waits for the disk (WAL checkpoints) are not in it.',
      }),
      samplesRow(`${idPrefix}.batch`, `monitor pipeline (${open} open), one read of ${options.batch} items`, 'ms', batchMs, { keepSamples: false }),
    ];
  } finally {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
