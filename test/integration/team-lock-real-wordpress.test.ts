// Per-desk WordPress application passwords and Lock across desks against the REAL WordPress
// (test/helpers/wordpress.ts) and a real PostgreSQL: two desks connecting the same site make two
// application passwords named after the desks at WordPress, and Lock run on desk A (A's here, B's
// asked of desk B) leaves neither there, while the password the admin typed still works. Desk A
// connecting again leaves one Desk A password at WordPress (the earlier one deleted by uuid), and after
// Lock neither desk's keychain keeps the dead password.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { channelSecretRef } from '../../electron/vault/secret-ref';
import { describeWithPeers } from '../helpers/peer-suite';
import { deskIdOf, openTwoDesks, passwordsAtWordPress, type TwoDesks } from '../helpers/team-desks';
import { dataOf } from '../helpers/test-core';
import { basicAuth, startWordPress, type RunningWordPress } from '../helpers/wordpress';

describeWithPeers(['postgresql', 'wordpress'], 'per-desk application passwords on the real WordPress', () => {
  let wp: RunningWordPress;
  let desks: TwoDesks;

  beforeAll(async () => {
    wp = await startWordPress();
    desks = await openTwoDesks();
  }, 120_000);
  afterAll(async () => {
    await desks?.close();
    await wp?.stop();
  });

  it('two desks, two application passwords named after them; Lock on desk A revokes both at WordPress', async () => {
    const { deskA, deskB } = desks;
    const bureau = wp.credentials.bureau;
    const listed = () => passwordsAtWordPress(wp.url, bureau.userId, basicAuth(wp.credentials.admin));
    const website = { kind: 'wordpress' as const, name: 'Website', siteUrl: wp.url, username: bureau.username, applicationPassword: bureau.applicationPassword };
    const siteId = dataOf<{ id: string }>(await deskA.core.dispatch('channels.connect', { channel: website }, await deskA.signedIn('admin'))).id;
    dataOf(await deskB.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskB.signedIn('admin')));
    const [idA, idB] = [await deskIdOf(deskA), await deskIdOf(deskB)];
    const names = [`Control Room – Desk A (${idA.slice(0, 8)})`, `Control Room – Desk B (${idB.slice(0, 8)})`];
    expect((await listed()).map((p) => p.name)).toEqual(expect.arrayContaining(names));
    const ref = channelSecretRef(siteId, 'application-password');
    const kept = [await desks.vaultA.get(ref), await desks.vaultB.get(ref)];
    expect(kept).not.toContain(bureau.applicationPassword);
    expect(kept[0]).not.toBe(kept[1]);

    // Desk A connects again: WordPress is left with one password of desk A's, the new one.
    const again = dataOf<{ earlierCredentials: { revoked: boolean }[] }>(await deskA.core.dispatch('channels.connect', { channel: website, channelId: siteId }, await deskA.signedIn('admin')));
    expect(again.earlierCredentials.map((e) => e.revoked)).toEqual([true]);
    expect((await listed()).filter((p) => p.name.startsWith(names[0]!)).map((p) => p.name)).toEqual([`${names[0]!} #2`]);
    expect(await desks.vaultA.get(ref)).not.toBe(kept[0]);

    const steps = dataOf<{ deskId: string; outcome: string }[]>(await deskA.core.dispatch('control.lockEveryDesk', { channelIds: [siteId], confirmed: true }, await deskA.signedIn('supervisor')));
    expect(steps.map((s) => [s.deskId, s.outcome]).sort()).toEqual([[idA, 'done'], [idB, 'done']].sort());
    const after = await listed();
    for (const name of names) expect(after.filter((p) => p.name.startsWith(name))).toEqual([]);
    expect(after.map((p) => p.uuid)).toContain(bureau.uuid);
    // The dead passwords left both keychains.
    expect([await desks.vaultA.get(ref), await desks.vaultB.get(ref)]).toEqual([null, null]);
  }, 120_000);
});
