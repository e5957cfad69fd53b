// Live across desks on REAL PostgreSQL: two cores (two desks) on one database. A change committed
// on one desk reaches the other desk's event bus (what its screens listen to) without either
// reading again: a freeze, an approval, an item the monitor inserted; after the server restarts the
// listening desk hears the next change; a desk never hears its own change twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { feedItemsWithMedia } from '../../electron/core/channels/channel-service';
import type { EventName, EventPayload } from '../../electron/shared/contract';
import { allChannels } from '../../electron/shared/all-channels';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { openPostgresStore } from '../../electron/store/postgres/postgres-store';
import { channel, item } from '../helpers/store-contract-fixtures';
import { dataOf, makeTestCore, type TestCore } from '../helpers/test-core';
import { keychainFor } from '../helpers/desk-keychain';

interface Heard {
  readonly name: EventName;
  readonly payload: unknown;
}

function record(desk: TestCore): Heard[] {
  const heard: Heard[] = [];
  desk.core.events.subscribe((name, payload) => heard.push({ name, payload }));
  return heard;
}

const of = <E extends EventName>(heard: readonly Heard[], name: E): EventPayload<E>[] => heard.filter((h) => h.name === name).map((h) => h.payload as EventPayload<E>);

describeWithPeers(['postgresql'], 'live across desks on PostgreSQL', () => {
  let server: PostgresServer;
  let deskA: TestCore;
  let deskB: TestCore;
  let heardA: Heard[];
  let heardB: Heard[];
  let ownerUrl = '';
  let appUrl = '';
  const dirs: string[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    ownerUrl = db.ownerUrl;
    appUrl = db.appUrl;
    const owner = await keychainFor(db.ownerUrl);
    const dir = mkdtempSync(join(tmpdir(), 'cr-live-'));
    dirs.push(dir);
    expect(await runCli(['db', 'migrate', '--database', owner.url, '--app-role', server.appRole], { out: () => undefined, err: () => undefined }, { vault: () => owner.vault })).toBe(0);
    const a = await keychainFor(db.appUrl);
    const b = await keychainFor(db.appUrl);
    deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
    deskB = await makeTestCore({ demo: false, databaseUrl: b.url, vault: b.vault, deskName: 'Desk B', createAccounts: false });
    heardA = record(deskA);
    heardB = record(deskB);
  }, 60_000);

  afterAll(async () => {
    await deskB?.close();
    await deskA?.close();
    await server?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  let probes = 0;
  /**
   * Until both desks hear the feed: a probe notification (as a third desk would send it) is sent
   * until both buses carry it. Proves each LISTEN connection is in place, not just connected.
   */
  async function waitForListeners(): Promise<void> {
    await expect.poll(async () => {
      const id = `probe-${++probes}`;
      const c = new pg.Client({ connectionString: ownerUrl });
      try {
        await c.connect();
        await c.query('SELECT pg_notify($1, $2)', ['control_room_changes', JSON.stringify({ v: 1, desk: 'probe', change: { kind: 'template', id } })]);
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 150));
      const heard = (h: Heard[]): boolean => of(h, 'templates.changed').some((t) => t.id.startsWith('probe-') && Number(t.id.slice(6)) >= probes - 3);
      return heard(heardA) && heard(heardB);
    }, { timeout: 20_000, interval: 200 }).toBe(true);
  }

  it('a freeze committed on desk A reaches desk B as its freeze event, and B\'s control state shows it frozen', async () => {
    await waitForListeners();
    const opA = await deskA.signedIn('operator');
    const before = of(heardB, 'control.freezeChanged').length;
    dataOf(await deskA.core.dispatch('control.freeze', { scope: allChannels, reason: 'compromised account' }, opA));
    await expect.poll(() => of(heardB, 'control.freezeChanged').length, { timeout: 10_000 }).toBe(before + 1);
    const event = of(heardB, 'control.freezeChanged').at(-1);
    expect(event?.frozen.map((f) => f.scope)).toEqual([allChannels]);
    expect(event?.frozen[0]?.reason).toBe('compromised account');
    const opB = await deskB.signedIn('operator');
    const state = dataOf<{ frozen: { scope: string }[] }>(await deskB.core.dispatch('control.state', {}, opB));
    expect(state.frozen.map((f) => f.scope)).toEqual([allChannels]);

    // And the unfreeze too: B's screen clears.
    const supA = await deskA.signedIn('supervisor');
    dataOf(await deskA.core.dispatch('control.unfreeze', { scope: allChannels }, supA));
    await expect.poll(() => of(heardB, 'control.freezeChanged').at(-1)?.frozen.length, { timeout: 10_000 }).toBe(0);
  });

  it('a statement approved on desk B produces desk A\'s statements.changed, once on each desk', async () => {
    const op = await deskA.signedIn('operator');
    const text = 'Our account was compromised tonight; ignore the posts since 22:04.';
    const id = dataOf<{ statement: { id: string } }>(await deskA.core.dispatch('statements.save', { title: 'Compromise', canonicalText: text, variants: { x: { text } } }, op)).statement.id;
    const hash = dataOf<{ contentHash: string }>(await deskA.core.dispatch('statements.submit', { id }, op)).contentHash;
    // Desk B hears A's save and submit (two changes) before the approval.
    await expect.poll(() => of(heardB, 'statements.changed').filter((s) => s.id === id).length, { timeout: 10_000 }).toBe(2);
    const sup = await deskB.signedIn('supervisor');
    const aBefore = of(heardA, 'statements.changed').filter((s) => s.id === id).length;
    dataOf(await deskB.core.dispatch('statements.approve', { id, contentHash: hash }, sup));
    await expect.poll(() => of(heardA, 'statements.changed').filter((s) => s.id === id).length, { timeout: 10_000 }).toBe(aBefore + 1);
    const seen = dataOf<{ statement: { status: string } }>(await deskA.core.dispatch('statements.get', { id }, op));
    expect(seen.statement.status).toBe('approved');

    // A marker change from A, heard by B, proves every earlier notification has been delivered to B
    // (one connection, in order): B then still counts its own approval once, not echoed back.
    const marker = dataOf<{ statement: { id: string } }>(await deskA.core.dispatch('statements.save', { title: 'Marker', canonicalText: 'marker', variants: { x: { text: 'marker' } } }, op)).statement.id;
    await expect.poll(() => of(heardB, 'statements.changed').some((s) => s.id === marker), { timeout: 10_000 }).toBe(true);
    expect(of(heardB, 'statements.changed').filter((s) => s.id === id)).toHaveLength(3);
    expect(of(heardA, 'statements.changed').filter((s) => s.id === id)).toHaveLength(3);
  });

  it('an item desk A\'s monitor inserted appears as desk B\'s feed.items, read from the shared store', async () => {
    // The channel's record (connecting it is not what this test is about), written as a third process would.
    const store = await openPostgresStore(appUrl);
    try {
      await store.channels.upsert(channel('x-main'));
    } finally {
      await store.close();
    }
    // What the monitor does when a read finds new items (channel-service's itemsObserved): insert, then emit.
    const inserted = await deskA.core.monitorRepo.insertNew([item('x-main', 'live-1', { text: 'posted from the account at 22:04' })]);
    expect(inserted).toHaveLength(1);
    deskA.core.events.emit('feed.items', { channelId: 'x-main', items: await feedItemsWithMedia({ observedMediaOf: () => Promise.resolve(new Map()) }, 'x-main', inserted) });
    await expect.poll(() => of(heardB, 'feed.items').flatMap((f) => f.items.map((i) => `${f.channelId}/${i.itemId}/${i.text}`)), { timeout: 10_000 })
      .toContain('x-main/live-1/posted from the account at 22:04');
  });

  it('after a PostgreSQL restart desk B still hears desk A\'s next change', async () => {
    await server.restart();
    // B's listening connection comes back by itself (backoff); A's pool replaces its dead connections.
    await waitForListeners();
    const op = await deskA.signedIn('operator');
    const before = of(heardB, 'control.freezeChanged').filter((f) => f.frozen.length > 0).length;
    dataOf(await deskA.core.dispatch('control.freeze', { scope: ['x-main'], reason: 'after restart' }, op));
    await expect.poll(() => of(heardB, 'control.freezeChanged').filter((f) => f.frozen.some((r) => r.reason === 'after restart')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(of(heardB, 'control.freezeChanged').filter((f) => f.frozen.length > 0).length).toBeGreaterThan(before);
    // Desk B freezes too: its own bus has its freeze event once, and A hears it once.
    const opB = await deskB.signedIn('operator');
    const ownBefore = of(heardB, 'control.freezeChanged').filter((f) => f.frozen.some((r) => r.scope === 'wp')).length;
    dataOf(await deskB.core.dispatch('control.freeze', { scope: ['wp'], reason: 'from B' }, opB));
    await expect.poll(() => of(heardA, 'control.freezeChanged').filter((f) => f.frozen.some((r) => r.scope === 'wp')).length, { timeout: 10_000 }).toBe(1);
    const marker = dataOf<{ statement: { id: string } }>(await deskA.core.dispatch('statements.save', { title: 'Marker 2', canonicalText: 'marker 2', variants: { x: { text: 'marker 2' } } }, op)).statement.id;
    await expect.poll(() => of(heardB, 'statements.changed').some((s) => s.id === marker), { timeout: 10_000 }).toBe(true);
    expect(of(heardB, 'control.freezeChanged').filter((f) => f.frozen.some((r) => r.scope === 'wp')).length - ownBefore).toBe(1);
  }, 60_000);
});
