// Per-desk credentials and Lock across desks, on REAL PostgreSQL with two desks (two cores, each
// with its own keychain) and the demo WordPress and X servers. Connecting the shared website on each
// desk makes two application passwords at WordPress, named after the desks, and each desk keeps
// only its own; Lock run on desk A revokes A's here and asks desk B, which revokes its own (both
// counted at WordPress), each step recorded with its desk and seen on A's screen. Two desks' own X
// authorisations are two tokens at X, and Lock revokes both (Mastodon likewise). With desk B
// offline, A's runbook says so and A revokes B's application password itself. A desk connecting a
// channel again revokes its earlier credential (or says it is still live); a desk whose credential
// Lock revoked drops the dead secret from its keychain (at once, or when it starts again).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoWordPressServer, basicAuthorization, type DemoWordPressServer } from '../../electron/demo/wordpress/server';
import { startDemoMastodonServer } from '../../electron/demo/mastodon/server';
import { startDemoXServer, type DemoXServer } from '../../electron/demo/x/server';
import type { EventName, EventPayload } from '../../electron/shared/contract';
import type { MemoryVault } from '../../electron/vault/memory-vault';
import { channelSecretRef } from '../../electron/vault/secret-ref';
import { followConsentPages } from '../helpers/consent';
import { describeWithPeers } from '../helpers/peer-suite';
import { deskIdOf, openTwoDesks, passwordsAtWordPress as passwordsAt, type TwoDesks } from '../helpers/team-desks';
import { dataOf, type TestCore } from '../helpers/test-core';

interface Runbook {
  channelId: string;
  actions: { id: string; label: string }[];
  steps: { id: number; actionId: string; outcome: string; deskId: string | null; detail: string }[];
  desks: { credentialId: number; deskId: string; deskName: string; self: boolean; online: boolean; how: string; actionId: string | null; credential: string; kind: string }[];
}
interface Step {
  id: number;
  outcome: string;
  deskId: string | null;
  label: string;
  detail: string;
}

describeWithPeers(['postgresql'], 'per-desk credentials and Lock across desks on PostgreSQL', () => {
  let desks: TwoDesks;
  let wp: DemoWordPressServer;
  let x: DemoXServer;
  let ownerUrl = '';
  let deskA: TestCore;
  let deskB: TestCore;
  let vaultA: MemoryVault;
  let vaultB: MemoryVault;
  const heardA: { name: EventName; payload: unknown }[] = [];

  /** The bureau user's application passwords as WordPress itself lists them (asked as the site admin). */
  const passwordsAtWordPress = () => passwordsAt(wp.url, wp.credentials.bureau.userId, basicAuthorization(wp.credentials.admin));
  const website = { kind: 'wordpress' as const, name: 'Website', siteUrl: '', username: '', applicationPassword: '' };
  const runbookOf = async (t: TestCore, channelId: string): Promise<Runbook> =>
    dataOf<Runbook[]>(await t.core.dispatch('control.lockList', { channelIds: [channelId] }, await t.signedIn('supervisor')))[0]!;

  beforeAll(async () => {
    desks = await openTwoDesks();
    ({ ownerUrl, deskA, deskB, vaultA, vaultB } = desks);
    deskA.core.events.subscribe((name, payload) => heardA.push({ name, payload }));
    wp = await startDemoWordPressServer();
    x = await startDemoXServer({ autoApprove: true });
    Object.assign(website, { siteUrl: wp.url, username: wp.credentials.bureau.username, applicationPassword: wp.credentials.bureau.applicationPassword });
  }, 60_000);

  afterAll(async () => {
    await desks?.close();
    await wp?.close();
    await x?.close();
  });

  let siteId = '';

  it("connecting the website on desk A and on desk B makes two application passwords at WordPress, named after the desks; each desk's keychain holds only its own", async () => {
    const idA = await deskIdOf(deskA);
    const idB = await deskIdOf(deskB);
    const given = website.applicationPassword;
    siteId = dataOf<{ id: string }>(await deskA.core.dispatch('channels.connect', { channel: website }, await deskA.signedIn('admin'))).id;
    // Desk B joins the channel desk A shared, with the same WordPress user's password the admin gives.
    dataOf(await deskB.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskB.signedIn('admin')));

    const atWordPress = await passwordsAtWordPress();
    const named = (desk: string, id: string) => atWordPress.filter((p) => p.name === `Control Room – ${desk} (${id.slice(0, 8)})`);
    expect(named('Desk A', idA)).toHaveLength(1);
    expect(named('Desk B', idB)).toHaveLength(1);
    const ref = channelSecretRef(siteId, 'application-password');
    const keptA = await vaultA.get(ref);
    const keptB = await vaultB.get(ref);
    expect(keptA).toBeTruthy();
    expect(keptB).toBeTruthy();
    // Neither desk keeps the password the admin typed; the two desks' passwords differ.
    expect([keptA, keptB]).not.toContain(given);
    expect(keptA).not.toBe(keptB);
    expect(vaultB.accounts().filter((k) => k.startsWith(`channel:${siteId}`))).toEqual([ref]);

    // The shared record names each desk's credential by its WordPress uuid, never the secret.
    const desks = (await runbookOf(deskA, siteId)).desks;
    expect(desks.map((d) => [d.deskName, d.how, d.kind])).toEqual([['Desk A', 'here', 'wordpress-application-password'], ['Desk B', 'ask', 'wordpress-application-password']]);
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      const rows = (await client.query('SELECT * FROM desk_credentials WHERE channel_id = $1 ORDER BY id', [siteId])).rows as Record<string, unknown>[];
      expect(rows.map((r) => [r.desk_id, r.upstream_id])).toEqual([[idA, named('Desk A', idA)[0]!.uuid], [idB, named('Desk B', idB)[0]!.uuid]]);
      expect(JSON.stringify(rows)).not.toContain(keptA!.replace(/ /g, '').slice(0, 8));
    } finally {
      await client.end();
    }
  }, 60_000);

  it("desk A connecting the website again revokes its earlier application password at WordPress: one Desk A password there, the earlier record marked revoked and audited", async () => {
    const idA = await deskIdOf(deskA);
    const nameA = `Control Room – Desk A (${idA.slice(0, 8)})`;
    const before = (await passwordsAtWordPress()).filter((p) => p.name === nameA);
    expect(before).toHaveLength(1);
    const again = dataOf<{ earlierCredentials: { revoked: boolean; detail: string }[] }>(
      await deskA.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskA.signedIn('admin')),
    );
    expect(again.earlierCredentials.map((e) => e.revoked)).toEqual([true]);
    expect(again.earlierCredentials[0]!.detail).toContain('revoked at the service');
    // WordPress holds exactly one password for desk A: the new one (named apart while both were live; the earlier uuid is gone).
    const after = (await passwordsAtWordPress()).filter((p) => p.name.startsWith(nameA));
    expect(after.map((p) => p.name)).toEqual([`${nameA} #2`]);
    expect(after[0]!.uuid).not.toBe(before[0]!.uuid);
    // Lock lists the earlier one as revoked, the new one as this desk's to revoke.
    expect((await runbookOf(deskA, siteId)).desks.map((d) => [d.deskName, d.how])).toEqual([['Desk A', 'revoked'], ['Desk B', 'ask'], ['Desk A', 'here']]);
    const audit = dataOf<{ action: string; details: string }[]>(await deskA.core.dispatch('audit.list', {}, await deskA.signedIn('admin')));
    const revokedEarlier = audit.filter((e) => e.action === 'channels.revokeEarlierCredential').map((e) => JSON.parse(e.details) as Record<string, unknown>);
    expect(revokedEarlier.map((d) => [d['desk'], d['outcome']])).toEqual([[idA, 'done']]);
    // Desk A still reads and posts with the new one.
    expect(await vaultA.get(channelSecretRef(siteId, 'application-password'))).toBeTruthy();
  }, 60_000);

  it("Lock on desk A revokes A's application password here and asks desk B, which revokes its own; WordPress has neither; each step is recorded with its desk and A's screen hears B's", async () => {
    const idA = await deskIdOf(deskA);
    const idB = await deskIdOf(deskB);
    const before = await passwordsAtWordPress();
    const steps = dataOf<Step[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [siteId], confirmed: true }, await deskA.signedIn('supervisor')));
    // Desk B's credential is now listed before desk A's new one: the steps come in that order.
    expect(steps.map((s) => [s.deskId, s.outcome])).toEqual([[idB, 'done'], [idA, 'done']]);
    const after = await passwordsAtWordPress();
    // Exactly the two desks' passwords are gone; the one the admin typed (and the rest) still work.
    expect(before.length - after.length).toBe(2);
    expect(after.filter((p) => p.name.startsWith('Control Room – Desk'))).toEqual([]);
    expect(after.map((p) => p.uuid)).toContain(wp.credentials.bureau.uuid);
    // B's own step reached A's screen through the change feed.
    await expect.poll(() => heardA.filter((h) => h.name === 'lock.stepRecorded').map((h) => (h.payload as EventPayload<'lock.stepRecorded'>).deskId), { timeout: 10_000 }).toContain(idB);
    const runbook = await runbookOf(deskA, siteId);
    expect(runbook.desks.map((d) => d.how)).toEqual(['revoked', 'revoked', 'revoked']);
    // A's and B's steps run at once: either may be recorded first.
    expect(runbook.steps.map((s) => [s.deskId, s.outcome]).sort()).toEqual([[idA, 'done'], [idB, 'done']].sort());
    // Audited on the desk that ran each step.
    const audit = dataOf<{ action: string; details: string }[]>(await deskA.core.dispatch('audit.list', {}, await deskA.signedIn('admin')));
    const lockEntries = audit.filter((e) => e.action === 'lock.step').map((e) => JSON.parse(e.details) as Record<string, unknown>);
    expect(lockEntries.map((d) => d['desk']).sort()).toEqual([idA, idB].sort());
    // Desk A's request to desk B is audited too, naming the desk that holds the credential.
    expect(audit.filter((e) => e.action === 'lock.asked').map((e) => (JSON.parse(e.details) as Record<string, unknown>)['holder'])).toEqual([idB]);
  }, 60_000);

  it("after Lock, neither desk's keychain keeps the dead password, and each desk's website column says it was revoked by Lock and how to reconnect", async () => {
    const ref = channelSecretRef(siteId, 'application-password');
    expect(await vaultA.get(ref)).toBeNull();
    expect(await vaultB.get(ref)).toBeNull();
    expect(vaultB.accounts().filter((k) => k.startsWith(`channel:${siteId}`))).toEqual([]);
    for (const t of [deskA, deskB]) {
      const site = dataOf<{ id: string; health: { state: string; why?: string } }[]>(await t.core.dispatch('channels.list', {}, await t.signedIn('operator'))).find((c) => c.id === siteId);
      expect(site?.health.state).toBe('auth-revoked');
      expect(site?.health.why).toMatch(/revoked by Lock at .*connects it again here in Settings → Channels/);
    }
    // The lock steps stay as recorded.
    expect((await runbookOf(deskA, siteId)).steps.map((s) => s.outcome)).toEqual(['done', 'done']);
  }, 60_000);

  it('two desks\' own X authorisations are two tokens at X; Lock on desk A revokes both', async () => {
    const c = x.credentials.bureau.oauth2;
    const input = { name: 'X account', clientId: c.clientId, clientSecret: c.clientSecret, apiBaseUrl: x.url, authorizeBaseUrl: x.authorizeBaseUrl };
    const consentA = followConsentPages(deskA.core.events);
    const consentB = followConsentPages(deskB.core.events);
    let xId = '';
    try {
      xId = dataOf<{ id: string }>(await deskA.core.dispatch('channels.authorizeX', input, await deskA.signedIn('admin'))).id;
      dataOf(await deskB.core.dispatch('channels.authorizeX', { ...input, channelId: xId }, await deskB.signedIn('admin')));
    } finally {
      consentA.off();
      consentB.off();
    }
    const ref = channelSecretRef(xId, 'access-token');
    const tokens = [await vaultA.get(ref), await vaultB.get(ref)];
    expect(tokens[0]).toBeTruthy();
    expect(tokens[1]).toBeTruthy();
    expect(tokens[0]).not.toBe(tokens[1]);
    const me = async (token: string | null): Promise<number> => (await fetch(`${x.url}/2/users/me`, { headers: { authorization: `Bearer ${token ?? ''}` } })).status;
    expect([await me(tokens[0]!), await me(tokens[1]!)]).toEqual([200, 200]);
    // Desk A authorises again: its earlier token is revoked at X once the new one is kept.
    const again = followConsentPages(deskA.core.events);
    let earlier: { revoked: boolean }[] = [];
    try {
      earlier = dataOf<{ earlierCredentials: { revoked: boolean }[] }>(await deskA.core.dispatch('channels.authorizeX', { ...input, channelId: xId }, await deskA.signedIn('admin'))).earlierCredentials;
    } finally {
      again.off();
    }
    expect(earlier.map((e) => e.revoked)).toEqual([true]);
    const renewed = await vaultA.get(ref);
    expect([await me(tokens[0]!), await me(renewed)]).toEqual([401, 200]);
    tokens[0] = renewed;
    const before = await runbookOf(deskA, xId);
    expect(before.desks.map((d) => [d.deskName, d.how, d.kind])).toEqual([['Desk A', 'revoked', 'x-oauth2'], ['Desk B', 'ask', 'x-oauth2'], ['Desk A', 'here', 'x-oauth2']]);
    // This desk's own token is revoked by its desk step, not offered twice.
    expect(before.actions.map((a) => a.id)).not.toContain('revoke-own-token');
    expect(before.actions.length).toBeGreaterThan(0);

    const steps = dataOf<Step[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [xId], confirmed: true }, await deskA.signedIn('supervisor')));
    expect(steps.map((s) => s.outcome)).toEqual(['done', 'done']);
    expect([await me(tokens[0]!), await me(tokens[1]!)]).toEqual([401, 401]);
  }, 60_000);

  it("two desks' own Mastodon authorisations are two tokens at the instance; after desk B restarts, Lock on desk A revokes both", async () => {
    const m = await startDemoMastodonServer();
    const consentA = followConsentPages(deskA.core.events);
    const consentB = followConsentPages(deskB.core.events);
    try {
      const input = { name: 'Mastodon', instanceUrl: m.url };
      const id = dataOf<{ id: string }>(await deskA.core.dispatch('channels.authorizeMastodon', input, await deskA.signedIn('admin'))).id;
      dataOf(await deskB.core.dispatch('channels.authorizeMastodon', { ...input, channelId: id }, await deskB.signedIn('admin')));
      const ref = channelSecretRef(id, 'access-token');
      const tokens = [await vaultA.get(ref), await vaultB.get(ref)];
      expect(tokens[0]).not.toBe(tokens[1]);
      expect(tokens.map((t) => m.instance.token(t ?? undefined) !== null)).toEqual([true, true]);
      // Each desk registered its own application at the instance; desk B, started again, must revoke
      // with its own client key (the channel's shared settings hold desk A's).
      await deskB.restart();
      expect((await runbookOf(deskA, id)).desks.map((d) => [d.deskName, d.how, d.kind])).toEqual([['Desk A', 'here', 'mastodon-oauth'], ['Desk B', 'ask', 'mastodon-oauth']]);
      const steps = dataOf<Step[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [id], confirmed: true }, await deskA.signedIn('supervisor')));
      expect(steps.map((s) => s.outcome)).toEqual(['done', 'done']);
      expect(tokens.map((t) => m.instance.token(t ?? undefined))).toEqual([null, null]);
    } finally {
      consentA.off();
      consentB.off();
      await m.close();
    }
  }, 60_000);

  it('reconnecting Mastodon: a shared token is recorded once per desk; an earlier token the instance refuses to revoke stays live, and the answer and Lock say so', async () => {
    const m = await startDemoMastodonServer();
    const consent = followConsentPages(deskA.core.events);
    try {
      const bureau = m.credentials.bureau;
      const shared = { kind: 'mastodon' as const, name: 'Mastodon', instanceUrl: m.url, accessToken: bureau.accessToken };
      const id = dataOf<{ id: string }>(await deskA.core.dispatch('channels.connect', { channel: shared }, await deskA.signedIn('admin'))).id;
      const twice = dataOf<{ earlierCredentials: unknown[] }>(await deskA.core.dispatch('channels.connect', { channel: shared, channelId: id }, await deskA.signedIn('admin')));
      expect(twice.earlierCredentials).toEqual([]);
      expect((await runbookOf(deskA, id)).desks.map((d) => [d.deskName, d.kind])).toEqual([['Desk A', 'shared']]);

      // Desk A's own token, kept with a mistyped client secret: the instance will refuse to revoke it.
      const mistyped = { ...shared, clientId: bureau.clientId, clientSecret: 'not-the-client-secret' };
      dataOf(await deskA.core.dispatch('channels.connect', { channel: mistyped, channelId: id }, await deskA.signedIn('admin')));
      const answer = dataOf<{ health: { state: string }; earlierCredentials: { revoked: boolean; detail: string }[] }>(
        await deskA.core.dispatch('channels.authorizeMastodon', { name: 'Mastodon', instanceUrl: m.url, channelId: id }, await deskA.signedIn('admin')),
      );
      // Connected all the same, with the new token; the earlier one is said to be still live.
      expect(answer.earlierCredentials.map((e) => e.revoked)).toEqual([false]);
      expect(answer.earlierCredentials[0]!.detail).toMatch(/STILL LIVE.*Lock lists it/);
      expect(m.instance.token(bureau.accessToken)).not.toBeNull();
      const fresh = await vaultA.get(channelSecretRef(id, 'access-token'));
      expect(fresh).not.toBe(bureau.accessToken);
      expect(m.instance.token(fresh ?? undefined)).not.toBeNull();
      // Lock lists both of desk A's live tokens (and the shared token, once): the earlier one as the
      // instance's to revoke (desk A's connection holds only the new one), the new one as A's to revoke here.
      const runbook = (await runbookOf(deskA, id)).desks;
      expect(runbook.map((d) => [d.kind, d.how])).toEqual([['shared', 'manual'], ['mastodon-oauth', 'manual'], ['mastodon-oauth', 'here']]);
      const steps = dataOf<Step[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [id], confirmed: true }, await deskA.signedIn('supervisor')));
      expect(steps.map((s) => s.outcome)).toEqual(['done']);
      // Lock ended the token desk A used and removed it from A's keychain; the earlier one is still the instance's to revoke.
      expect(m.instance.token(fresh ?? undefined)).toBeNull();
      expect(await vaultA.get(channelSecretRef(id, 'access-token'))).toBeNull();
      expect(m.instance.token(bureau.accessToken)).not.toBeNull();
      const audit = dataOf<{ action: string; details: string }[]>(await deskA.core.dispatch('audit.list', {}, await deskA.signedIn('admin')));
      const failed = audit.filter((e) => e.action === 'channels.revokeEarlierCredential').map((e) => JSON.parse(e.details) as Record<string, unknown>).filter((d) => d['outcome'] === 'failed');
      expect(failed).toHaveLength(1);
      // Its instance stops with this test: the channel goes too, so desk A stops streaming from it.
      dataOf(await deskA.core.dispatch('channels.remove', { id }, await deskA.signedIn('admin')));
    } finally {
      consent.off();
      await m.close();
    }
  }, 60_000);

  it("with desk B offline, A's runbook says so, and A revokes B's application password from here", async () => {
    const idA = await deskIdOf(deskA);
    const idB = await deskIdOf(deskB);
    // Both desks connect the website again (the earlier Lock revoked their passwords).
    dataOf(await deskA.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskA.signedIn('admin')));
    dataOf(await deskB.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskB.signedIn('admin')));
    const nameB = `Control Room – Desk B (${idB.slice(0, 8)})`;
    const nameA = `Control Room – Desk A (${idA.slice(0, 8)})`;
    expect((await passwordsAtWordPress()).map((p) => p.name)).toEqual(expect.arrayContaining([nameA, nameB]));
    // Desk B stops, and was last seen a minute ago (its heartbeat is gone).
    await deskB.core.close();
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      await client.query('UPDATE desks SET last_seen_at = $1 WHERE id = $2', [new Date(Date.now() - 60_000).toISOString(), idB]);
    } finally {
      await client.end();
    }
    const live = (await runbookOf(deskA, siteId)).desks.filter((d) => d.how !== 'revoked');
    expect(live.map((d) => [d.deskName, d.online, d.how])).toEqual([['Desk A', true, 'here'], ['Desk B', false, 'from-here']]);
    const offline = live[1]!;
    expect(offline.actionId).not.toBeNull();
    const step = dataOf<Step>(await deskA.core.dispatch('control.lock', { channelId: siteId, actionId: offline.actionId!, confirmed: true }, await deskA.signedIn('supervisor')));
    expect(step).toMatchObject({ outcome: 'done', deskId: idA });
    expect(step.label).toContain('Desk B is offline');
    const names = (await passwordsAtWordPress()).map((p) => p.name);
    expect(names).not.toContain(nameB);
    expect(names).toContain(nameA);
    // Revoking B's from here leaves A's own secret where it is.
    const ref = channelSecretRef(siteId, 'application-password');
    expect(await vaultA.get(ref)).toBeTruthy();
    // Lock every desk now does A's own only: B is offline and not asked.
    const steps = dataOf<Step[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [siteId], confirmed: true }, await deskA.signedIn('supervisor')));
    expect(steps.map((s) => [s.deskId, s.outcome])).toEqual([[idA, 'done']]);
    expect((await passwordsAtWordPress()).map((p) => p.name)).not.toContain(nameA);
    expect(await vaultA.get(ref)).toBeNull();

    // Desk B starts again: its password was revoked while it was away; the dead one leaves its keychain
    // at start and its column says what happened instead of failing to sign in.
    expect(await vaultB.get(ref)).toBeTruthy();
    await deskB.restart();
    expect(await vaultB.get(ref)).toBeNull();
    const site = dataOf<{ id: string; health: { state: string; why?: string } }[]>(await deskB.core.dispatch('channels.list', {}, await deskB.signedIn('operator'))).find((c) => c.id === siteId);
    expect(site?.health).toMatchObject({ state: 'auth-revoked', why: expect.stringContaining('revoked by Lock') });
  }, 60_000);
});
