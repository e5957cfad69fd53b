// What the cross-desk outbox tests share: a statement for the demo channels (each with a unique tag,
// so the demo servers can count it), the count of what each demo server accepted from the bureau,
// and the check the issue asks for: every channel holds every statement exactly once; and the bureau
// they run in (a throwaway PostgreSQL and the demo channels).
import { randomUUID } from 'node:crypto';
import type { Variant } from '../../electron/channels/types';
import type { OutboxRow } from '../../electron/store/records';
import type { DemoXLimits } from '../../electron/demo/x/rate-limits';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { startDemoChannels, type DemoChannels } from './control-demo';
import { supervisor } from './control-test-kit';
import { openPgDesk, type PgDesk } from './pg-desk';
import { startPostgres, type PostgresServer } from './postgres';
import { channel } from './store-contract-fixtures';

export interface TeamStatement {
  readonly statementId: string;
  readonly approvers: string[];
  readonly variants: Record<string, Variant>;
  readonly actor: typeof supervisor;
  /** What each demo server's counter is keyed by, per channel. */
  readonly keys: Record<string, string>;
}

export const allDemoChannels = ['x', 'email', 'website'] as const;

export function statementFor(name: string, channels: readonly string[] = allDemoChannels): TeamStatement {
  const tag = `${name} ${randomUUID().slice(0, 8)}`;
  const all: Record<string, Variant> = {
    x: { title: null, text: `${tag}: a holding statement.`, html: null },
    email: { title: tag, text: 'A holding statement for subscribers.', html: null },
    website: { title: tag, text: '<p>A holding statement.</p>', html: '<p>A holding statement.</p>' },
  };
  const variants = Object.fromEntries(channels.map((c) => [c, all[c]!]));
  return { statementId: name.replace(/\W+/g, '-'), approvers: ['sup-2', 'sup-3'], variants, actor: supervisor, keys: { x: `${tag}: a holding statement.`, email: tag, website: tag } };
}

export interface DemoCounts {
  /** How many times the demo server of `channel` accepted the bureau's post keyed `key`. */
  times(channel: string, key: string): number;
  /** Sends accepted so far, all channels. */
  total(): number;
  exactlyOnce(statements: readonly TeamStatement[]): { duplicates: number; misses: number };
  /** "channel statement-id xN" for every send not counted exactly once, to say which went wrong. */
  wrong(statements: readonly TeamStatement[]): string[];
}

/** Counts, at the demo servers, what the bureau's integrations posted (not the attacker's). */
export function countAtDemo(demo: DemoChannels): DemoCounts {
  const accepted = new Map<string, Map<string, number>>(allDemoChannels.map((c) => [c, new Map()]));
  let total = 0;
  const count = (ch: string, key: string): void => {
    const m = accepted.get(ch)!;
    m.set(key, (m.get(key) ?? 0) + 1);
    total++;
  };
  demo.x.onAccepted((e) => e.integration === 'bureau' && count('x', e.text));
  demo.email.onAccepted((b) => b.submittedBy === 'bureau' && b.subject !== null && count('email', b.subject));
  demo.wp?.onAccepted((p) => p.reason === 'created' && count('website', p.title));
  const times = (ch: string, key: string): number => accepted.get(ch)?.get(key) ?? 0;
  return {
    times,
    total: () => total,
    exactlyOnce(statements) {
      let duplicates = 0;
      let misses = 0;
      for (const s of statements) {
        for (const ch of Object.keys(s.variants)) {
          const n = times(ch, s.keys[ch]!);
          if (n === 0) misses++;
          if (n > 1) duplicates += n - 1;
        }
      }
      return { duplicates, misses };
    },
    wrong: (statements) =>
      statements.flatMap((s) => Object.keys(s.variants).map((ch) => ({ ch, s, n: times(ch, s.keys[ch]!) })).filter((w) => w.n !== 1).map((w) => `${w.ch} ${w.s.statementId} x${w.n}`)),
  };
}

/** How many sends these statements make (one per channel each). */
export const sendsOf = (statements: readonly TeamStatement[]): number => statements.reduce((n, s) => n + Object.keys(s.variants).length, 0);

/** The rows of these statements, read through `desk`'s store. */
export const rowsOf = async (desk: PgDesk, statements: readonly TeamStatement[]): Promise<OutboxRow[]> =>
  (await Promise.all(statements.map((s) => desk.store.control.outboxByStatement(s.statementId)))).flat();

/** Every desk looks at the queue until every row of these statements is sent (bounded by passes, not time). */
export async function drain(by: readonly PgDesk[], statements: readonly TeamStatement[]): Promise<OutboxRow[]> {
  for (let pass = 0; ; pass++) {
    const rows = await rowsOf(by[0]!, statements);
    if ((rows.length === sendsOf(statements) && rows.every((r) => r.status === 'sent')) || pass >= 200) return rows;
    await Promise.all(by.map((d) => d.service.outbox.runDue()));
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TeamBureau {
  readonly server: PostgresServer;
  /** The shared database, as the app role (what every desk connects with). */
  readonly appUrl: string;
  readonly demo: DemoChannels;
  readonly counts: DemoCounts;
  close(): Promise<void>;
}

/** A throwaway PostgreSQL, migrated, and the demo channels, recorded as the bureau's channels. */
export async function startTeamBureau(options: { readonly xLimits?: Partial<DemoXLimits> } = {}): Promise<TeamBureau> {
  const server = await startPostgres();
  const db = await server.freshDatabase();
  await migratePostgres(db.ownerUrl, { appRole: server.appRole });
  const demo = await startDemoChannels(options.xLimits ? { xLimits: options.xLimits } : {});
  const counts = countAtDemo(demo);
  const setup = await openPgDesk({ url: db.appUrl, owner: 'setup', adapters: new Map() });
  for (const c of demo.channelKinds) await setup.store.channels.upsert(channel(c.id, { kind: c.kind }));
  await setup.close();
  return {
    server, appUrl: db.appUrl, demo, counts,
    close: async () => {
      await demo.close();
      await server.stop();
    },
  };
}
