// Team mode, exactly once across desks: outbox claim throughput with 5 desks contending. Five desks
// (five control services, each with its own desk id, its own pg pool and its own adapters, all in
// this one process) share one real PostgreSQL database; one desk enqueues a queue of N rows (N/3
// statements x 3 channels) in one go, then all five work that same queue at once, each passing over
// every active row (`runDue`) until none is left: every row goes through the claim transaction
// (FOR UPDATE SKIP LOCKED, the freeze read, the ledger entry, compare-and-set on the fence) on
// whichever desk gets it first. The channels are in-process stubs that accept at once, so the figure
// is the claim machinery's, not a network's. Reported: rows/s from the start of the race until the
// last row is sent, per run; every row published exactly once (counted at the stub channel, and each
// row sent once in the database); the serialization failures PostgreSQL returned (each one re-runs a
// transaction). Needs Debian's postgresql; without it the row says so and nothing is measured.
import type { ChannelAdapter, ChannelKind, ObservedItem, Variant } from '../../../electron/channels/types';
import type { StatementFanOut } from '../../../electron/core/outbox/outbox';
import { createAuditLog } from '../../../electron/core/audit/audit-log';
import { createControlService, type ControlService } from '../../../electron/core/control/control-service';
import { createEventRecorder } from '../../../electron/core/control/events';
import { systemClock } from '../../../electron/lib/clock';
import type { Store } from '../../../electron/store/repositories';
import { migratePostgres } from '../../../electron/store/postgres/migrate';
import { openPostgresStore } from '../../../electron/store/postgres/postgres-store';
import { peerVerdict } from '../../../test/helpers/peers.mjs';
import { makeSigningKey } from '../../../test/helpers/audit-test-kit';
import { startPostgres, type PostgresServer } from '../../../test/helpers/postgres';
import { channel } from '../../../test/helpers/store-contract-fixtures';
import { countSerializationFailures } from '../pg-conflicts';
import { notMeasuredRow, samplesRow, type Row } from '../report';
import { now } from '../timing';

export const teamClaimRow: [string, string, string] = ['team.claim', 'outbox claim throughput, 5 desks contending for one queue', 'rows/s'];
const deskCount = 5;
const channels: readonly { readonly id: string; readonly kind: ChannelKind }[] = [
  { id: 'x', kind: 'x' },
  { id: 'email', kind: 'email' },
  { id: 'website', kind: 'wordpress' },
];

/** What the stub channels accepted, shared by every desk's adapters (one channel, many desks). */
interface Accepted {
  /** channel + text -> times accepted. */
  readonly times: Map<string, number>;
  /** channel -> its posts, oldest first: a desk settling an unknown send reads them, as on a real channel. */
  readonly posts: Map<string, ObservedItem[]>;
}

function stubChannel(kind: ChannelKind, channelId: string, accepted: Accepted): ChannelAdapter {
  return {
    kind,
    capabilities: { publish: true, retract: 'delete', freezeActions: false, profile: false },
    readSince: async () => ({ items: [...(accepted.posts.get(channelId) ?? [])].reverse(), cursor: null, visibleIds: null, windowComplete: true, profile: null }),
    renderedText: (v: Variant) => v.text,
    publish: async (v: Variant) => {
      const key = `${channelId}|${v.text}`;
      accepted.times.set(key, (accepted.times.get(key) ?? 0) + 1);
      const posts = accepted.posts.get(channelId) ?? [];
      accepted.posts.set(channelId, posts);
      const channelItemId = `${channelId}-${posts.length + 1}`;
      posts.push({ channelItemId, publishedAt: null, text: v.text, html: null, url: null, raw: { id: channelItemId } });
      return { readBack: 'item-id', channelItemId, url: null, publishedAt: null };
    },
    retract: async () => ({ kind: 'already-gone' }),
    freezeActions: async () => [],
    runFreezeAction: async () => ({ done: false, detail: '' }),
    health: () => ({ state: 'ok' }),
    limits: () => [],
  };
}

interface Desk {
  readonly owner: string;
  readonly store: Store;
  readonly service: ControlService;
  close(): Promise<void>;
}

/** One desk's control service on the shared database, as test/helpers/pg-desk.ts builds it, but logging what goes wrong. */
async function openDesk(url: string, owner: string, adapters: Map<string, ChannelAdapter>, problems: string[]): Promise<Desk> {
  const store = await openPostgresStore(url);
  const audit = createAuditLog({ repo: store.audit, clock: systemClock, signingKey: makeSigningKey(), checkpointEvery: 1_000_000 });
  const logger = {
    info: () => undefined,
    warn: (m: string) => problems.push(`${owner} warn: ${m}`),
    error: (m: string, err?: unknown) => problems.push(`${owner} error: ${m}${err === undefined ? '' : `: ${err instanceof Error ? err.message : String(err)}`}`),
  };
  const service = createControlService({ owner, control: store.control, ledger: store.monitor, audit, auditRepo: store.audit, adapters, clock: systemClock, logger, events: createEventRecorder() });
  return {
    owner, store, service,
    close: async () => {
      await service.stop();
      await store.close();
    },
  };
}

interface RunResult {
  readonly rowsPerSecond: number;
  readonly perDesk: number[];
  readonly duplicates: number;
  readonly misses: number;
  readonly notSent: number;
  readonly passes: number;
  readonly reruns: number;
}

export async function benchTeamClaims(runs: number, rowsPerRun: number, log: (line: string) => void): Promise<Row[]> {
  const [id, metric, unit] = teamClaimRow;
  const verdict = peerVerdict(['postgresql']);
  if (verdict.action !== 'run') return [notMeasuredRow(id, metric, unit, `PostgreSQL is not available here (${verdict.message})`)];
  const statementsPerRun = Math.ceil(rowsPerRun / channels.length);
  let server: PostgresServer | null = null;
  const desks: Desk[] = [];
  const problems: string[] = [];
  const conflicts = countSerializationFailures();
  try {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    const accepted: Accepted = { times: new Map(), posts: new Map() };
    for (let i = 0; i < deskCount; i++) {
      const adapters = new Map(channels.map((c) => [c.id, stubChannel(c.kind, c.id, accepted)]));
      desks.push(await openDesk(db.appUrl, `bench-desk-${i + 1}`, adapters, problems));
    }
    for (const c of channels) await desks[0]!.store.channels.upsert(channel(c.id, { kind: c.kind }));

    const results: RunResult[] = [];
    for (let run = 0; run < runs; run++) {
      const statements: StatementFanOut[] = [];
      for (let s = 0; s < statementsPerRun; s++) {
        const text = `Bench statement ${run}-${s} ${Math.random().toString(36).slice(2, 10)}`;
        statements.push({
          statementId: `bench-${run}-${s}`,
          approvers: ['sup-2', 'sup-3'],
          variants: Object.fromEntries(channels.map((c) => [c.id, { title: null, text, html: null }])),
          actor: { id: 'sup-1', role: 'supervisor' },
        });
      }
      for (const s of statements) await desks[0]!.service.outbox.enqueue(s);
      const conflictsBefore = conflicts.count();
      const t0 = now();
      // Each desk passes over the queue until it is empty (bounded by passes, not time).
      let passes = 0;
      await Promise.all(desks.map(async (d) => {
        for (let pass = 0; pass < 200; pass++) {
          passes++;
          await d.service.outbox.runDue();
          if ((await d.store.control.outboxIn(['queued', 'claimed', 'unknown'])).length === 0) return;
        }
      }));
      const seconds = (now() - t0) / 1000;
      const rows = (await Promise.all(statements.map((s) => desks[0]!.store.control.outboxByStatement(s.statementId)))).flat();
      let duplicates = 0;
      let misses = 0;
      for (const s of statements) {
        for (const c of channels) {
          const n = accepted.times.get(`${c.id}|${s.variants[c.id]!.text}`) ?? 0;
          if (n === 0) misses++;
          if (n > 1) duplicates += n - 1;
        }
      }
      const sent = rows.filter((r) => r.status === 'sent');
      const result: RunResult = {
        rowsPerSecond: sent.length / seconds,
        perDesk: desks.map((d) => sent.filter((r) => r.claimedBy === d.owner).length),
        duplicates,
        misses,
        notSent: rows.length - sent.length,
        passes,
        reruns: conflicts.count() - conflictsBefore,
      };
      results.push(result);
      log(`team claims: run ${run + 1}: ${sent.length}/${rows.length} rows sent in ${seconds.toFixed(2)} s = ${result.rowsPerSecond.toFixed(1)} rows/s; per desk ${result.perDesk.join('/')}; ${passes} passes; duplicates ${duplicates}, misses ${misses}; serialization failures (re-runs) ${result.reruns}`);
    }
    if (problems.length) log(`team claims: the desks logged ${problems.length} problem(s): ${[...new Set(problems)].slice(0, 5).join(' | ')}`);
    const gaveUp = problems.filter((p) => p.includes('could not serialize')).length;
    const wrong = results.filter((r) => r.duplicates > 0 || r.misses > 0 || r.notSent > 0);
    const rowsTotal = results.length * statementsPerRun * channels.length;
    const perDesk = desks.map((_, i) => results.reduce((n, r) => n + (r.perDesk[i] ?? 0), 0));
    if (wrong.length > 0) {
      const sum = (k: 'duplicates' | 'misses' | 'notSent'): number => results.reduce((n, r) => n + r[k], 0);
      return [notMeasuredRow(id, metric, unit, `NOT exactly once: ${sum('duplicates')} duplicate publish(es), ${sum('misses')} row(s) never published, ${sum('notSent')} row(s) not sent, over ${rowsTotal} rows`)];
    }
    const note = `${deskCount} desks (control services with their own pg pools) in ONE process on a local PostgreSQL 15 (127.0.0.1), stub channels that accept at once; ${runs} runs of ${statementsPerRun * channels.length} rows (${statementsPerRun} statements x ${channels.length} channels), enqueued first, then all desks work the queue. ` +
      `All ${rowsTotal} rows published exactly once (counted at the stub channels) and sent once in the database; sent per desk ${perDesk.join('/')}; ` +
      `${results.map((r) => r.reruns).join('/')} serialization failures per run (SQLSTATE 40001/40P01 while the desks raced, each re-runs a transaction; counted at the pg driver); ${gaveUp} row attempts gave up after the store's 10 runs ("could not serialize access", logged) and were finished on a later pass (a claim left behind is settled by reading the channel). One sample per run.`;
    return [samplesRow(id, metric, unit, results.map((r) => r.rowsPerSecond), { note })];
  } finally {
    conflicts.stop();
    for (const d of desks) await d.close().catch(() => undefined);
    await server?.stop();
  }
}
