// The July 2019 night with three desks on REAL PostgreSQL: three cores (desks A, B and C, each its
// own keychain) on one database, reading the demo newsroom's five channels while the incident
// script replays through the hijacked integration.
// - One desk detects: each channel is read by exactly one desk (its reader lease), and the first
//   attacker item is stored once; all three desks' screens are told (their feed.items events).
// - A freeze from desk C stops the sends queued on desks A and B: their scheduled statements come
//   due while frozen and none reaches any channel (counted at the demo servers, not in the app).
//   The reading desks quarantine what the attacker posts after the freeze, each item taken down once.
// - A statement drafted on A, approved on B and released on C goes out once on every channel
//   (counted at the servers), through the freeze, and every desk reads it back verified.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { splitSecrets, storeSecrets } from '../../electron/core/channels/connections';
import { demoConnections } from '../../electron/demo/plugin';
import { demoBlueskyServer, startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { runReplay, type ReplayedItem } from '../../electron/demo/replay';
import { allChannels } from '../../electron/shared/all-channels';
import type { EventPayload, FeedItem } from '../../electron/shared/contract';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { keychainFor } from '../helpers/desk-keychain';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { until } from '../helpers/until';

type DeskName = 'A' | 'B' | 'C';
const deskNames: readonly DeskName[] = ['A', 'B', 'C'];
type Kind = 'x' | 'website' | 'email' | 'mastodon' | 'bluesky';
type Row = { status: string; heldBy: string | null; channelId: string; notBefore: string | null };

/** What the bureau's own integration put on each channel, counted at the demo servers by a tag in it. */
function countBureauSends(newsroom: DemoNewsroom): (kind: Kind, tag: string) => number {
  const sent: { kind: Kind; text: string }[] = [];
  newsroom.x.onAccepted((e) => e.integration === 'bureau' && sent.push({ kind: 'x', text: e.text }));
  newsroom.website.onAccepted((p) => p.reason === 'created' && sent.push({ kind: 'website', text: p.title }));
  newsroom.email.onAccepted((b) => b.submittedBy === 'bureau' && sent.push({ kind: 'email', text: b.subject ?? '' }));
  const bureauAccount = newsroom.mastodon.account.id;
  newsroom.mastodon.instance.onEvent((e) => e.kind === 'update' && e.status.account.id === bureauAccount && sent.push({ kind: 'mastodon', text: e.status.content }));
  demoBlueskyServer(newsroom).repo.onCreated((e) => sent.push({ kind: 'bluesky', text: e.text }));
  return (kind, tag) => sent.filter((s) => s.kind === kind && s.text.includes(tag)).length;
}

/** One statement's words on all five channels, each carrying `tag` (the servers' counters look for it). */
function variantsTagged(tag: string, words: string) {
  const text = `${tag}: ${words}`;
  return {
    title: tag,
    canonicalText: text,
    variants: {
      x: { text },
      mastodon: { text },
      bluesky: { text },
      website: { title: tag, html: `<p>${text}</p>` },
      email: { subject: tag, text, html: '' },
    },
  };
}

describeWithPeers(['postgresql'], 'the July 2019 replay with three desks on PostgreSQL', () => {
  let server: PostgresServer;
  let newsroom: DemoNewsroom;
  let sentAt: (kind: Kind, tag: string) => number;
  const desks = new Map<DeskName, TestCore>();
  const heard = new Map<DeskName, FeedItem[]>();
  /** Items each desk's own monitor stored (what that desk read from the channels itself). */
  const observedBy = new Map<DeskName, { channelId: string; itemId: string }[]>();
  /** The desks whose monitor completed a read of each channel (a health report with a new lastReadAt). */
  const readers = new Map<string, Set<DeskName>>();
  const ids: Record<Kind, string> = { x: '', website: '', email: '', mastodon: '', bluesky: '' };
  const channelIds = (): string[] => Object.values(ids);
  const desk = (name: DeskName): TestCore => {
    const d = desks.get(name);
    if (!d) throw new Error(`no desk ${name}`);
    return d;
  };

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    newsroom = await startDemoNewsroom();
    sentAt = countBureauSends(newsroom);
    const inputs = demoConnections(newsroom).map((c) => c.input);

    const a = await keychainFor(db.appUrl);
    const deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
    desks.set('A', deskA);
    // Settings are shared: one change reads every channel four times a second on every desk.
    await deskA.core.settings.set('monitor.pollIntervalMs', '250', new Date());
    for (const input of inputs) {
      const kind = (input.kind === 'wordpress' ? 'website' : input.kind) as Kind;
      ids[kind] = (await deskA.core.channels.connect(input)).id;
    }
    // Desks B and C hold the bureau's credentials in their own keychains.
    for (const name of ['B', 'C'] as const) {
      const k = await keychainFor(db.appUrl);
      for (const input of inputs) {
        const kind = (input.kind === 'wordpress' ? 'website' : input.kind) as Kind;
        await storeSecrets(k.vault, ids[kind], splitSecrets(input).secrets);
      }
      desks.set(name, await makeTestCore({ demo: false, databaseUrl: k.url, vault: k.vault, deskName: `Desk ${name}`, createAccounts: false }));
    }
    for (const name of deskNames) {
      const items: FeedItem[] = [];
      heard.set(name, items);
      desk(name).core.events.subscribe((event, payload) => {
        if (event === 'feed.items') items.push(...(payload as EventPayload<'feed.items'>).items);
      });
      const observed: { channelId: string; itemId: string }[] = [];
      observedBy.set(name, observed);
      const lastRead = new Map<string, string>();
      desk(name).core.channels.monitor.subscribe({
        itemsObserved: (channelId, items) => void observed.push(...items.map((i) => ({ channelId, itemId: i.itemId }))),
        health: (r) => {
          if (r.lastReadAt === null || lastRead.get(r.channelId) === r.lastReadAt) return;
          lastRead.set(r.channelId, r.lastReadAt);
          readers.set(r.channelId, (readers.get(r.channelId) ?? new Set()).add(name));
        },
      });
    }
  }, 120_000);

  afterAll(async () => {
    for (const d of desks.values()) await d.close();
    await newsroom?.stop();
    await server?.stop();
  });

  /** An operator on `draftOn` writes it; the supervisor on `approveOn` approves it. */
  async function approved(tag: string, words: string, draftOn: DeskName, approveOn: DeskName): Promise<string> {
    const op = await desk(draftOn).signedIn('operator');
    const id = dataOf<{ statement: { id: string } }>(await desk(draftOn).core.dispatch('statements.save', variantsTagged(tag, words), op)).statement.id;
    const hash = dataOf<{ contentHash: string }>(await desk(draftOn).core.dispatch('statements.submit', { id }, op)).contentHash;
    const sup = await desk(approveOn).signedIn('supervisor');
    dataOf(await desk(approveOn).core.dispatch('statements.approve', { id, contentHash: hash }, sup));
    return id;
  }

  it('one desk detects, all three screens show it; a freeze from C holds A\'s and B\'s queued sends; a statement drafted on A, approved on B, released on C goes out once everywhere', { timeout: 240_000 }, async () => {
    // Every channel read before the attack, each by the desk holding its lease.
    await until('first reads of every channel', () => channelIds().every((id) => (readers.get(id)?.size ?? 0) > 0), 60_000);

    // The attack starts; the first unverified item is read by one desk and reaches all three screens.
    const posted: ReplayedItem[] = [];
    const replay = runReplay(newsroom.info(), { speed: 100, onPosted: (p) => posted.push(p) });
    const first = await until('the first unverified item on a screen', () => heard.get('A')!.find((i) => i.provenance === 'unverified'), 60_000);
    expect(first.severity).not.toBeNull();
    for (const name of deskNames) {
      await until(`desk ${name} told of ${first.itemId}`, () => heard.get(name)!.some((i) => i.itemId === first.itemId && i.channelId === first.channelId && i.provenance === 'unverified'), 10_000);
    }
    const readBy = deskNames.filter((n) => observedBy.get(n)!.some((o) => o.channelId === first.channelId && o.itemId === first.itemId));
    expect(readBy, 'the desks whose own monitor stored the first attacker item').toHaveLength(1);

    // Sends queued on desks A and B: statements scheduled by each desk's supervisor, due in 8 s.
    const due = new Date(Date.now() + 8_000).toISOString();
    const queued = [
      { tag: `Queued on A ${Date.now()}`, on: 'A' as const, approveOn: 'B' as const },
      { tag: `Queued on B ${Date.now()}`, on: 'B' as const, approveOn: 'A' as const },
    ];
    const queuedIds: string[] = [];
    for (const q of queued) {
      const id = await approved(q.tag, 'the weekly briefing, as planned.', q.on, q.approveOn);
      // The admin schedules it (the supervisor on that desk approved the other one).
      const rows = dataOf<Row[]>(await desk(q.on).core.dispatch('statements.schedule', { id, channelIds: channelIds(), at: due }, await desk(q.on).signedIn('admin')));
      expect(rows.map((r) => [r.status, r.heldBy])).toEqual(channelIds().map(() => ['queued', 'schedule']));
      queuedIds.push(id);
    }

    // Desk C: one person, one click.
    const opC = await desk('C').signedIn('operator');
    dataOf(await desk('C').core.dispatch('control.freeze', { scope: allChannels, reason: 'Abusive posts on every channel' }, opC));
    const frozenAt = new Date().toISOString();
    expect(frozenAt < due, 'the freeze came before the scheduled time (the test cannot show the hold otherwise)').toBe(true);
    for (const name of ['A', 'B'] as const) {
      await until(`desk ${name} shows the freeze`, async () => dataOf<{ frozen: { scope: string }[] }>(await desk(name).core.dispatch('control.state', {}, await desk(name).signedIn('operator'))).frozen.some((f) => f.scope === allChannels), 10_000);
    }

    // The scheduled time passes; every desk's outbox looks at the queue (their loops run too).
    await until('the scheduled time', () => new Date().toISOString() > due, 20_000);
    for (let pass = 0; pass < 3; pass++) {
      await Promise.all(deskNames.map((n) => desk(n).core.control.outbox.runDue()));
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const [i, id] of queuedIds.entries()) {
      const rows = await desk('C').core.control.outbox.rows(id);
      expect(rows).toHaveLength(channelIds().length);
      for (const row of rows) expect(row, `${queued[i]!.tag} on ${row.channelId}`).toMatchObject({ status: 'queued', heldBy: 'freeze' });
      for (const kind of Object.keys(ids) as Kind[]) expect(sentAt(kind, queued[i]!.tag), `${queued[i]!.tag} at the ${kind} server`).toBe(0);
    }

    // What the attacker posts after the freeze is captured and taken back by the reading desk, once.
    const replayed = await replay;
    expect(replayed.length).toBe(posted.length);
    const lateTweets = posted.filter((p) => p.channel === 'x' && p.postedAt > frozenAt).map((p) => p.id);
    expect(lateTweets.length).toBeGreaterThan(0);
    await until('quarantine on X', () => lateTweets.every((id) => newsroom.x.deletedIds().includes(id)), 60_000);
    for (const id of lateTweets) expect(newsroom.x.deletedIds().filter((d) => d === id), `tweet ${id} deleted`).toHaveLength(1);
    for (const p of posted) {
      const channelId = ids[p.channel as Kind];
      const storedBy = deskNames.filter((n) => observedBy.get(n)!.some((o) => o.channelId === channelId && o.itemId === p.id));
      expect(storedBy.length, `${p.channel} item ${p.id} stored by desks ${storedBy.join(', ')}`).toBeLessThanOrEqual(1);
    }

    // The statement: drafted on A, approved on B, released on C by a third person, through the freeze.
    const tag = `Statement ${Date.now()}`;
    const id = await approved(tag, 'Our accounts were taken over tonight. Ignore every post since 22:04.', 'A', 'B');
    const released = dataOf<Row[]>(await desk('C').core.dispatch('statements.publish', { id, channelIds: channelIds(), throughFreeze: true }, await desk('C').signedIn('admin')));
    expect(released.map((r) => r.channelId).sort()).toEqual(channelIds().sort());
    await until('the statement sent on every channel', async () => (await desk('A').core.control.outbox.rows(id)).every((r) => r.status === 'sent'), 60_000);
    for (const kind of Object.keys(ids) as Kind[]) expect(sentAt(kind, tag), `${tag} at the ${kind} server`).toBe(1);

    // Every desk reads it back verified on every channel (the feed comes from the shared store).
    for (const name of deskNames) {
      const sup = await desk(name).signedIn('supervisor');
      await until(`desk ${name} shows the statement verified on every channel`, async () => {
        const feeds = await Promise.all(channelIds().map(async (channelId) => dataOf<FeedItem[]>(await desk(name).core.dispatch('feed.list', { channelId, limit: 100 }, sup))));
        return feeds.every((items) => items.some((i) => i.text.includes(tag) && i.provenance === 'verified'));
      }, 60_000);
    }

    // A little later still: the queued statements stay held and nothing went out twice.
    for (let pass = 0; pass < 3; pass++) {
      await Promise.all(deskNames.map((n) => desk(n).core.control.outbox.runDue()));
      await new Promise((r) => setTimeout(r, 300));
    }
    for (const q of queued) for (const kind of Object.keys(ids) as Kind[]) expect(sentAt(kind, q.tag), `${q.tag} at the ${kind} server`).toBe(0);
    for (const kind of Object.keys(ids) as Kind[]) expect(sentAt(kind, tag), `${tag} at the ${kind} server`).toBe(1);

    // All night, each channel was read by one desk only: the bureau spent one desk's rate limits.
    for (const [kind, channelId] of Object.entries(ids)) expect([...(readers.get(channelId) ?? [])], `the desks that read ${kind}`).toHaveLength(1);
  });
});
