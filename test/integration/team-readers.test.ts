// One reader per channel on REAL PostgreSQL: three desks (three cores, each its own keychain) on one
// database, reading the SAME demo X server and demo website. Only the desk holding a channel's
// reader lease reads it (reads counted at each desk's monitor and at the demo X server); when that
// desk closes, another takes over from the shared cursor: the attacker's posts around the takeover
// are each stored exactly once and none is missed, and the rate limit is spent by one desk at a time.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { splitSecrets, storeSecrets } from '../../electron/core/channels/connections';
import { demoConnections } from '../../electron/demo/plugin';
import { attackerClients } from '../../electron/demo/replay';
import { startDemoNewsroom, type DemoNewsroom } from '../../electron/demo/newsroom';
import { migratePostgres } from '../../electron/store/postgres/migrate';
import { openPostgresStore } from '../../electron/store/postgres/postgres-store';
import { describeWithPeers } from '../helpers/peer-suite';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { makeTestCore, type TestCore } from '../helpers/test-core';
import { keychainFor } from '../helpers/desk-keychain';

interface Read {
  readonly desk: string;
  readonly channelId: string;
  readonly at: string;
}

describeWithPeers(['postgresql'], 'one reader per channel across desks on PostgreSQL', () => {
  let server: PostgresServer;
  let newsroom: DemoNewsroom;
  let appUrl = '';
  const secrets = new Map<string, Record<string, string>>();
  const desks = new Map<string, TestCore>();
  const reads: Read[] = [];
  const channelIds = { x: '', website: '' };

  /** Every read a desk's monitor completes (one health report with a new lastReadAt). */
  function countReads(name: string, desk: TestCore): void {
    const last = new Map<string, string>();
    desk.core.channels.monitor.subscribe({
      health: (r) => {
        if (r.lastReadAt === null || last.get(r.channelId) === r.lastReadAt) return;
        last.set(r.channelId, r.lastReadAt);
        reads.push({ desk: name, channelId: r.channelId, at: r.lastReadAt });
      },
    });
  }
  const readsBy = (desk: string, channelId: string): number => reads.filter((r) => r.desk === desk && r.channelId === channelId).length;

  beforeAll(async () => {
    server = await startPostgres();
    const db = await server.freshDatabase();
    appUrl = db.appUrl;
    await migratePostgres(db.ownerUrl, { appRole: server.appRole });
    newsroom = await startDemoNewsroom();
    const inputs = demoConnections(newsroom);
    const xInput = inputs.find((c) => c.input.kind === 'x')?.input;
    const siteInput = inputs.find((c) => c.input.kind === 'wordpress')?.input;
    if (!xInput || !siteInput) throw new Error('the demo newsroom has no X or website connection');

    // Desk A connects the bureau's channels; desks B and C hold the same credentials in their own keychains.
    const a = await keychainFor(db.appUrl);
    const deskA = await makeTestCore({ demo: false, databaseUrl: a.url, vault: a.vault, deskName: 'Desk A' });
    desks.set('A', deskA);
    countReads('A', deskA);
    channelIds.x = (await deskA.core.channels.connect(xInput)).id;
    channelIds.website = (await deskA.core.channels.connect(siteInput)).id;
    for (const name of ['B', 'C']) {
      const k = await keychainFor(db.appUrl);
      await storeSecrets(k.vault, channelIds.x, splitSecrets(xInput).secrets);
      await storeSecrets(k.vault, channelIds.website, splitSecrets(siteInput).secrets);
      secrets.set(channelIds.x, { ...splitSecrets(xInput).secrets });
      secrets.set(channelIds.website, { ...splitSecrets(siteInput).secrets });
      const desk = await makeTestCore({ demo: false, databaseUrl: k.url, vault: k.vault, deskName: `Desk ${name}`, createAccounts: false });
      desks.set(name, desk);
      countReads(name, desk);
    }
  }, 90_000);

  afterAll(async () => {
    for (const d of desks.values()) await d.close();
    await newsroom?.stop();
    await server?.stop();
  });

  async function itemCounts(channelId: string): Promise<Map<string, number>> {
    const c = new pg.Client({ connectionString: appUrl });
    await c.connect();
    try {
      const r = await c.query<{ item_id: string; n: string }>('SELECT item_id, count(*) AS n FROM observed_items WHERE channel_id = $1 GROUP BY item_id', [channelId]);
      return new Map(r.rows.map((row) => [row.item_id, Number(row.n)]));
    } finally {
      await c.end();
    }
  }

  it('only the desk holding the lease reads a channel; the others spend no reads on it', async () => {
    const deskA = desks.get('A');
    if (!deskA) throw new Error('no desk A');
    // Desk A connected the channels, so it asked first and reads both.
    await expect.poll(() => readsBy('A', channelIds.x), { timeout: 20_000 }).toBeGreaterThan(2);
    await expect.poll(() => readsBy('A', channelIds.website), { timeout: 20_000 }).toBeGreaterThan(2);
    const before = { a: readsBy('A', channelIds.x), server: newsroom.x.requests().timeline };
    // A generous while, so desks B and C would have read many times if they read at all.
    await new Promise((r) => setTimeout(r, 5000));
    const after = { a: readsBy('A', channelIds.x), server: newsroom.x.requests().timeline };
    expect(after.a - before.a).toBeGreaterThan(2);
    for (const other of ['B', 'C']) {
      expect(readsBy(other, channelIds.x)).toBe(0);
      expect(readsBy(other, channelIds.website)).toBe(0);
    }
    // Every timeline request at the X server is one of desk A's reads (one may be in flight at either end).
    expect(after.server - before.server).toBeGreaterThanOrEqual(after.a - before.a - 1);
    expect(after.server - before.server).toBeLessThanOrEqual(after.a - before.a + 1);
    const holder = deskA.core.status().desk.id;
    const c = new pg.Client({ connectionString: appUrl });
    await c.connect();
    try {
      const r = await c.query<{ desk_id: string }>('SELECT desk_id FROM channel_readers WHERE channel_id = $1', [channelIds.x]);
      expect(r.rows.map((row) => row.desk_id)).toEqual([holder]);
    } finally {
      await c.end();
    }
  }, 60_000);

  it('the reading desk closes: another desk takes over from the shared cursor, the posts around it stored once, none missed', async () => {
    const deskA = desks.get('A');
    if (!deskA) throw new Error('no desk A');
    const attacker = attackerClients(newsroom.info());
    const beforeClose = await attacker.post({ channel: 'x', text: 'Breaking: the minister has resigned (just before the takeover)' });
    await deskA.close();
    desks.delete('A');
    const afterClose = await attacker.post({ channel: 'x', text: 'Breaking: markets suspended (during the takeover)' });
    // One of the other desks reads X now (within the lease; the poll's timeout is generous).
    await expect.poll(() => readsBy('B', channelIds.x) + readsBy('C', channelIds.x), { timeout: 30_000 }).toBeGreaterThan(0);
    const later = await attacker.post({ channel: 'x', text: 'Breaking: a third post, after the takeover' });
    await expect.poll(async () => {
      const stored = await itemCounts(channelIds.x);
      return [beforeClose, afterClose, later].map((id) => stored.get(id) ?? 0);
    }, { timeout: 30_000 }).toEqual([1, 1, 1]);
    // None missed: every tweet on the account is stored, once.
    const stored = await itemCounts(channelIds.x);
    for (const t of newsroom.x.tweets()) expect(stored.get(t.id), t.text).toBe(1);

    // One reader at a time: the sequence of desks reading X never interleaves (A's reads, then one
    // other desk's), so the bureau spends one desk's budget; the server counted no more than that.
    const xReads = reads.filter((r) => r.channelId === channelIds.x).sort((p, q) => p.at.localeCompare(q.at));
    const runs = xReads.map((r) => r.desk).filter((d, i, all) => i === 0 || all[i - 1] !== d);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toBe('A');
    // Beyond the reads the desks completed: connecting's test read, a read cut short by A's close, one in flight now.
    expect(newsroom.x.requests().timeline).toBeLessThanOrEqual(xReads.length + 3);
    // The website too has exactly one reader now.
    await expect.poll(() => readsBy('B', channelIds.website) + readsBy('C', channelIds.website), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(Math.min(readsBy('B', channelIds.x), readsBy('C', channelIds.x))).toBe(0);
  }, 90_000);

  it('a desk that took the lease and died (never renewing, never releasing) is replaced once its lease runs out', async () => {
    for (const [name, d] of [...desks]) {
      await d.close();
      desks.delete(name);
    }
    // The dead desk: it took X's lease (4 s, as a desk does) and then nothing more.
    const ghost = await openPostgresStore(appUrl);
    const attacker = attackerClients(newsroom.info());
    try {
      expect(await ghost.desks.acquireReader(channelIds.x, 'dead-desk', 4000)).not.toBeNull();
      const posted = await attacker.post({ channel: 'x', text: 'Breaking: posted while the reading desk lies dead' });
      const k = await keychainFor(appUrl);
      for (const [id, sec] of secrets) await storeSecrets(k.vault, id, sec);
      const desk = await makeTestCore({ demo: false, databaseUrl: k.url, vault: k.vault, deskName: 'Desk F', createAccounts: false });
      desks.set('F', desk);
      // When F's first read of X completes, the lease is F's: it did not read while the dead desk's ran.
      const holderAtFirstRead: Promise<{ deskId: string } | null> = new Promise((resolve) => {
        const off = desk.core.channels.monitor.subscribe({
          health: (r) => {
            if (r.channelId !== channelIds.x || r.lastReadAt === null) return;
            off();
            resolve(ghost.desks.reader(channelIds.x));
          },
        });
      });
      countReads('F', desk);
      // The website has no dead reader: F reads it at once.
      await expect.poll(() => readsBy('F', channelIds.website), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => readsBy('F', channelIds.x), { timeout: 30_000 }).toBeGreaterThan(0);
      expect((await holderAtFirstRead)?.deskId).toBe(desk.core.status().desk.id);
      await expect.poll(async () => (await itemCounts(channelIds.x)).get(posted) ?? 0, { timeout: 30_000 }).toBe(1);
      const stored = await itemCounts(channelIds.x);
      for (const t of newsroom.x.tweets()) expect(stored.get(t.id), t.text).toBe(1);
    } finally {
      await ghost.close();
    }
  }, 90_000);
});
