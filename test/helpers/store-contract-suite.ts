// ONE repository test suite for every storage backend (issue 16): each backend's test file calls
// storeContract() with a factory of fresh stores, so SQLite and PostgreSQL are held to the same
// behaviour: the idempotent inserts, compare-and-sets and orderings the core relies on. This part
// covers settings, channels, the monitor's ledger and accounts; store-contract-control.ts covers
// statements, control, audit and transactions; store-contract-media.ts covers images.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AsyncStore } from '../../electron/store/postgres/async-store';
import { account, at, channel, item, type StoreBackend } from './store-contract-fixtures';
import { controlContract, statementsContract, transactionContract } from './store-contract-control';
import { mediaContract } from './store-contract-media';

export interface ContractContext {
  /** The test's fresh store. */
  store(): AsyncStore;
  /** Another store (a second desk) on the same database, closed after the test; the same store where the backend has no second desk. */
  second(): Promise<AsyncStore>;
}

export function storeContract(backend: StoreBackend): void {
  let current: AsyncStore | undefined;
  let openSecond: (() => Promise<AsyncStore>) | undefined;
  const opened: AsyncStore[] = [];
  beforeEach(async () => {
    const fresh = await backend.fresh();
    current = fresh.store;
    openSecond = fresh.second;
    opened.push(fresh.store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  const ctx: ContractContext = {
    store: () => {
      if (!current) throw new Error('no store: beforeEach did not run');
      return current;
    },
    second: async () => {
      if (!openSecond) return ctx.store();
      const s = await openSecond();
      opened.push(s);
      return s;
    },
  };

  describe(`${backend.name}: settings and channels`, () => {
    it('a setting reads back as last written, and is null until then', async () => {
      const { settings } = ctx.store();
      expect(await settings.get('session.idleLockMinutes')).toBeNull();
      await settings.set('session.idleLockMinutes', '15', new Date(at(1)));
      await settings.set('session.idleLockMinutes', '30', new Date(at(2)));
      expect(await settings.get('session.idleLockMinutes')).toBe('30');
    });

    it('channels upsert in place, list in creation order, and remove once', async () => {
      const { channels } = ctx.store();
      await channels.upsert(channel('wp', { kind: 'wordpress', createdAt: at(2) }));
      await channels.upsert(channel('x-main', { createdAt: at(1), demo: true }));
      await channels.upsert(channel('wp', { kind: 'wordpress', name: 'Website', config: { siteUrl: 'https://police.example' }, secretRef: null, createdAt: at(2) }));
      expect((await channels.list()).map((c) => c.id)).toEqual(['x-main', 'wp']);
      expect(await channels.get('wp')).toEqual(channel('wp', { kind: 'wordpress', name: 'Website', config: { siteUrl: 'https://police.example' }, secretRef: null, createdAt: at(2) }));
      expect((await channels.get('x-main'))?.demo).toBe(true);
      expect(await channels.remove('wp')).toBe(true);
      expect(await channels.remove('wp')).toBe(false);
      expect(await channels.get('wp')).toBeNull();
    });
  });

  describe(`${backend.name}: monitor and ledger`, () => {
    beforeEach(async () => {
      await ctx.store().channels.upsert(channel('x-main'));
      await ctx.store().channels.upsert(channel('wp', { kind: 'wordpress' }));
    });

    it('insertNew returns only the items not stored yet, once each, and stores them as given', async () => {
      const { monitor } = ctx.store();
      const first = [item('x-main', '1'), item('x-main', '2'), item('x-main', '1')];
      expect((await monitor.insertNew(first)).map((i) => i.itemId)).toEqual(['1', '2']);
      expect(await monitor.insertNew([item('x-main', '2'), item('x-main', '3'), item('wp', '2')])).toEqual([item('x-main', '3'), item('wp', '2')]);
      expect(await monitor.get('x-main', '1')).toEqual(item('x-main', '1'));
      expect(await monitor.get('x-main', '9')).toBeNull();
      expect(await monitor.exists('wp', '2')).toBe(true);
      expect(await monitor.exists('wp', '1')).toBe(false);
    });

    it('lists newest first (insertion order breaks a tie), and unverified items of the channels asked since a time', async () => {
      const { monitor } = ctx.store();
      await monitor.insertNew([item('x-main', 'a', { firstSeenAt: at(1) }), item('x-main', 'b', { firstSeenAt: at(3) }), item('x-main', 'c', { firstSeenAt: at(3) })]);
      await monitor.insertNew([item('wp', 'w', { firstSeenAt: at(2), provenance: 'verified', matchedBy: 'item-id' }), item('wp', 'v', { firstSeenAt: at(4) })]);
      expect((await monitor.list('x-main', 10)).map((i) => i.itemId)).toEqual(['c', 'b', 'a']);
      expect((await monitor.list('x-main', 2)).map((i) => i.itemId)).toEqual(['c', 'b']);
      expect((await monitor.unverifiedSince(['x-main', 'wp'], at(2))).map((i) => i.itemId).sort()).toEqual(['b', 'c', 'v']);
      expect((await monitor.unverifiedSince(['wp'], at(0))).map((i) => i.itemId)).toEqual(['v']);
      expect(await monitor.unverifiedSince([], at(0))).toEqual([]);
      expect(await monitor.recentTimes('x-main', at(2))).toEqual([Date.parse(at(3)), Date.parse(at(3))]);
    });

    it('marks live items gone (and only live ones), sets status and provenance', async () => {
      const { monitor } = ctx.store();
      await monitor.insertNew([item('x-main', 'a', { firstSeenAt: at(1) }), item('x-main', 'b', { firstSeenAt: at(2) }), item('x-main', 'c', { firstSeenAt: at(3) })]);
      await monitor.setStatus('x-main', 'c', 'retracted', 'deleted by sup-1');
      expect((await monitor.liveItemIdsSince('x-main', null)).map((i) => i.itemId).sort()).toEqual(['a', 'b']);
      expect(await monitor.liveItemIdsSince('x-main', at(2))).toEqual([{ itemId: 'b', firstSeenAt: at(2) }]);
      await monitor.markGone('x-main', ['a', 'c'], at(9));
      expect((await monitor.get('x-main', 'a'))?.status).toBe('gone');
      expect(await monitor.get('x-main', 'c')).toMatchObject({ status: 'retracted', statusDetail: 'deleted by sup-1' });
      await monitor.setProvenance('x-main', 'b', 'adopted', 'adoption');
      expect(await monitor.get('x-main', 'b')).toMatchObject({ provenance: 'adopted', matchedBy: 'adoption', severity: null });
    });

    it('the ledger binds an open entry by content hash once, oldest first, and answers by item and by open content', async () => {
      const { monitor } = ctx.store();
      const published = { channelId: 'x-main', contentHash: 'h1', statementId: 'st-1', approvers: ['sup-1'], publishedAt: at(1) };
      const bound = await monitor.recordPublication({ ...published, itemId: 'known' });
      const open1 = await monitor.recordPublication({ ...published, itemId: null });
      const open2 = await monitor.recordPublication({ ...published, itemId: null });
      expect(new Set([bound, open1, open2]).size).toBe(3);
      expect(await monitor.hasItem('x-main', 'known')).toBe(true);
      expect(await monitor.hasOpenContent('x-main', 'h1')).toBe(true);
      expect(await monitor.hasOpenContent('wp', 'h1')).toBe(false);
      expect(await monitor.bindOpenPublication('x-main', 'h1', 'p1')).toBe(true);
      expect(await ctx.store().control.publicationItem(open1)).toBe('p1');
      expect(await ctx.store().control.publicationItem(open2)).toBeNull();
      expect(await monitor.bindOpenPublication('x-main', 'h1', 'p2')).toBe(true);
      expect(await monitor.bindOpenPublication('x-main', 'h1', 'p3')).toBe(false);
      expect(await monitor.hasOpenContent('x-main', 'h1')).toBe(false);
      await expect(monitor.recordPublication({ ...published, itemId: 'known' })).rejects.toThrow();
    });

    it('an edit keeps every earlier content as a revision, oldest first, and the row takes the new content; the ledger says what was approved for an item', async () => {
      const { monitor } = ctx.store();
      const original = item('wp', '7', { html: '<p>text of 7</p>', provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [] });
      await monitor.insertNew([original, item('wp', '8')]);
      await monitor.recordPublication({ channelId: 'wp', itemId: '7', contentHash: 'hash-7', statementId: 'st-1', approvers: ['sup-1'], publishedAt: at(1) });
      expect(await monitor.publishedHash('wp', '7')).toBe('hash-7');
      expect(await monitor.publishedHash('wp', '8')).toBeNull();
      expect(await monitor.revisions('wp', '7')).toEqual([]);

      const signals = [{ kind: 'edited-after-publication' as const, detail: 'changed after it was verified', weight: 5 }];
      const edit = { channelId: 'wp', itemId: '7', observedAt: at(5), text: 'abuse', html: '<p>abuse</p>', url: original.url, raw: '{"id":7,"v":2}', contentHash: 'hash-abuse' };
      const changed = await monitor.recordEdit({ ...edit, provenance: 'unverified', matchedBy: null, severity: 'critical', signals });
      const expected = { ...original, text: 'abuse', html: '<p>abuse</p>', raw: '{"id":7,"v":2}', contentHash: 'hash-abuse', provenance: 'unverified', matchedBy: null, severity: 'critical', signals };
      expect(changed).toEqual(expected);
      expect(await monitor.get('wp', '7')).toEqual(expected);
      // Edited since a time, though first seen before it: what "retract everything unverified since" adds.
      expect((await monitor.editedUnverifiedSince(['wp', 'x-main'], at(4))).map((i) => i.itemId)).toEqual(['7']);
      expect(await monitor.editedUnverifiedSince(['wp'], at(6))).toEqual([]);
      expect(await monitor.editedUnverifiedSince([], at(0))).toEqual([]);
      expect((await monitor.unverifiedSince(['wp'], at(4))).map((i) => i.itemId)).toEqual([]);
      await monitor.recordEdit({ ...edit, observedAt: at(6), text: 'text of 7', html: '<p>text of 7</p>', raw: '{"id":7,"v":3}', contentHash: 'hash-7', provenance: 'verified', matchedBy: 'item-id', severity: null, signals: [] });
      const kept = (r: { text: string; html: string | null; raw: string; contentHash: string; provenance: string; matchedBy: string | null; replacedAt: string }) => [r.text, r.html, r.raw, r.contentHash, r.provenance, r.matchedBy, r.replacedAt];
      expect((await monitor.revisions('wp', '7')).map(kept)).toEqual([
        ['text of 7', '<p>text of 7</p>', '{"id":"7"}', 'hash-7', 'verified', 'item-id', at(5)],
        ['abuse', '<p>abuse</p>', '{"id":7,"v":2}', 'hash-abuse', 'unverified', null, at(6)],
      ]);
      expect(await monitor.get('wp', '7')).toMatchObject({ firstSeenAt: original.firstSeenAt, contentHash: 'hash-7', provenance: 'verified', status: 'live' });
      expect(await monitor.editedUnverifiedSince(['wp'], at(4))).toEqual([]);
      // An item never stored has nothing to keep and nothing to change.
      expect(await monitor.recordEdit({ ...edit, itemId: '99', provenance: 'unverified', matchedBy: null, severity: 'critical', signals })).toBeNull();
      expect(await monitor.revisions('wp', '99')).toEqual([]);
      expect(await monitor.revisions('wp', '8')).toEqual([]);
    });

    it('adoptions, reading cursors and learned domains keep what the monitor needs across restarts', async () => {
      const { monitor } = ctx.store();
      expect(await monitor.isAdopted('x-main', 'a')).toBe(false);
      await monitor.adopt('x-main', 'a', 'sup-1', 'Press officer posted it from the phone', at(1));
      await monitor.adopt('x-main', 'a', 'sup-2', 'again', at(2));
      expect(await monitor.isAdopted('x-main', 'a')).toBe(true);
      expect(await monitor.cursor('x-main')).toEqual({ cursor: null, profile: null, lastReadAt: null });
      await monitor.saveCursor('x-main', 'c1', at(1), '{"bio":"x"}');
      await monitor.saveCursor('x-main', 'c2', at(2), null);
      expect(await monitor.cursor('x-main')).toEqual({ cursor: 'c2', profile: null, lastReadAt: at(2) });
      await monitor.learnDomain('x-main', 'police.example', at(1));
      await monitor.learnDomain('x-main', 'police.example', at(5));
      await monitor.learnDomain('x-main', 'gov.example', at(2));
      expect((await monitor.learnedDomains('x-main')).sort()).toEqual(['gov.example', 'police.example']);
      expect(await monitor.learnedDomains('wp')).toEqual([]);
    });
  });

  describe(`${backend.name}: accounts`, () => {
    it('counts, finds and lists accounts; a patch changes only what it names', async () => {
      const { accounts } = ctx.store();
      expect(await accounts.count()).toBe(0);
      await accounts.insert(account('u2', { username: 'zoe', role: 'admin' }));
      await accounts.insert(account('u1', { username: 'amir', role: 'admin' }));
      await accounts.insert(account('u3', { username: 'lee' }));
      await expect(accounts.insert(account('u4', { username: 'lee' }))).rejects.toThrow();
      expect(await accounts.count()).toBe(3);
      expect(await accounts.countActiveAdmins()).toBe(2);
      expect((await accounts.list()).map((a) => a.username)).toEqual(['amir', 'lee', 'zoe']);
      await accounts.update('u2', { disabled: true, mustChangePassphrase: true }, new Date(at(5)));
      expect(await accounts.countActiveAdmins()).toBe(1);
      expect(await accounts.findById('u2')).toEqual(account('u2', { username: 'zoe', role: 'admin', disabled: true, mustChangePassphrase: true, updatedAt: at(5) }));
      await accounts.update('u2', { displayName: 'Zoë', disabled: false }, new Date(at(6)));
      expect(await accounts.findByUsername('zoe')).toMatchObject({ displayName: 'Zoë', disabled: false, mustChangePassphrase: true, role: 'admin' });
      expect(await accounts.findByUsername('nobody')).toBeNull();
    });

    it('keeps a sign-in throttle record until it is cleared', async () => {
      const { accounts } = ctx.store();
      expect(await accounts.getThrottle('lee')).toBeNull();
      await accounts.putThrottle({ username: 'lee', failures: 1, lockedUntil: null, lastFailureAt: at(1) });
      await accounts.putThrottle({ username: 'lee', failures: 5, lockedUntil: at(20), lastFailureAt: at(2) });
      expect(await accounts.getThrottle('lee')).toEqual({ username: 'lee', failures: 5, lockedUntil: at(20), lastFailureAt: at(2) });
      await accounts.clearThrottle('lee');
      expect(await accounts.getThrottle('lee')).toBeNull();
    });
  });

  describe(`${backend.name}: desks registry`, () => {
    it('a desk registers, is seen again, re-registers in place at restart, and lists most recently seen first', async () => {
      const { desks } = ctx.store();
      const deskA = { id: 'a', name: 'Press desk', host: 'press-1', appVersion: '0.1.0', auditPublicKey: 'MCowBQYDK2VwAyEA', startedAt: at(1), lastSeenAt: at(1) };
      expect(await desks.touch('a', at(2))).toBe(false);
      await desks.register(deskA);
      await desks.register({ ...deskA, id: 'b', name: 'Night desk', host: 'night-1', auditPublicKey: null, lastSeenAt: at(3) });
      expect(await desks.touch('a', at(5))).toBe(true);
      expect((await desks.list()).map((d) => [d.id, d.lastSeenAt])).toEqual([['a', at(5)], ['b', at(3)]]);
      // Seen from a second desk on the same database.
      const other = await ctx.second();
      await other.desks.register({ ...deskA, appVersion: '0.2.0', startedAt: at(6), lastSeenAt: at(6) });
      expect((await desks.list())[0]).toEqual({ ...deskA, appVersion: '0.2.0', startedAt: at(6), lastSeenAt: at(6) });
    });

    it("per-desk credentials: each desk's credential for a channel is recorded (no secret), listed by channel, and revoked once", async () => {
      const { desks } = ctx.store();
      const other = await ctx.second();
      const mine = await desks.addCredential({ channelId: 'site', deskId: 'a', kind: 'wordpress-application-password', label: 'Control Room – Press desk', upstreamId: 'uuid-a', createdAt: at(1) });
      const theirs = await other.desks.addCredential({ channelId: 'site', deskId: 'b', kind: 'wordpress-application-password', label: 'Control Room – Night desk', upstreamId: 'uuid-b', createdAt: at(2) });
      const x = await desks.addCredential({ channelId: 'x-main', deskId: 'a', kind: 'x-oauth2', label: 'X authorisation – Press desk', upstreamId: null, createdAt: at(3) });
      expect(theirs.id).not.toBe(mine.id);
      expect(await desks.credentials('site')).toEqual([mine, theirs]);
      expect(await other.desks.credentials()).toEqual([mine, theirs, x]);
      expect(await desks.markCredentialRevoked(theirs.id, at(4))).toBe(true);
      expect(await other.desks.markCredentialRevoked(theirs.id, at(5))).toBe(false);
      expect(await desks.markCredentialRevoked(9_999_999, at(5))).toBe(false);
      expect((await desks.credentials('site')).map((c) => [c.deskId, c.revokedAt])).toEqual([['a', null], ['b', at(4)]]);
      expect(await desks.credentials('nothing')).toEqual([]);
    });

    it('one reader per channel: a lease is granted to one desk, renewed under its token, taken over only once it ran out or was released', async () => {
      const { desks } = ctx.store();
      const other = await ctx.second();
      const first = await desks.acquireReader('x-main', 'a', 60_000);
      expect(first).not.toBeNull();
      // Another desk is refused while the lease runs; another channel is its own lease.
      expect(await other.desks.acquireReader('x-main', 'b', 60_000)).toBeNull();
      expect(await other.desks.acquireReader('site', 'b', 60_000)).not.toBeNull();
      expect(await desks.reader('x-main')).toEqual({ deskId: 'a', token: first });
      expect(await desks.renewReader('x-main', 'a', first ?? -1, 60_000)).toBe(true);
      expect(await other.desks.renewReader('x-main', 'b', first ?? -1, 60_000)).toBe(false);
      // Released: the other desk takes it at once, under a newer token; the old holder's token is fenced off.
      await desks.releaseReader('x-main', 'a', first ?? -1);
      expect(await desks.reader('x-main')).toBeNull();
      const second = await other.desks.acquireReader('x-main', 'b', 60_000);
      expect(second).toBeGreaterThan(first ?? Infinity);
      expect(await desks.renewReader('x-main', 'a', first ?? -1, 60_000)).toBe(false);
      await desks.releaseReader('x-main', 'a', first ?? -1);
      expect(await desks.reader('x-main')).toEqual({ deskId: 'b', token: second });
      // A lease that runs out (its desk died) is taken by the next desk that asks.
      expect(await other.desks.renewReader('x-main', 'b', second ?? -1, 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(await desks.reader('x-main')).toBeNull();
      const third = await desks.acquireReader('x-main', 'a', 60_000);
      expect(third).toBeGreaterThan(second ?? Infinity);
      expect(await other.desks.renewReader('x-main', 'b', second ?? -1, 60_000)).toBe(false);
      // The holder asking again (a restarted desk) is granted, under a new token.
      expect(await desks.acquireReader('x-main', 'a', 60_000)).toBeGreaterThan(third ?? Infinity);
    });
  });

  statementsContract(backend.name, ctx);
  controlContract(backend.name, ctx);
  transactionContract(backend.name, ctx);
  mediaContract(backend.name, ctx);
}
