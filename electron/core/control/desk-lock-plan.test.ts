// What Lock offers for each desk's credential: the desk's own is revoked here, an online desk is
// asked, an offline desk's WordPress password is revoked from here, anything else is a manual step.
import { describe, expect, it } from 'vitest';
import type { DeskCredentialRecord } from '../../store/records';
import { credentialIdOf, deskCredentialAction, planCredentialStep, supersededIds } from './desk-lock-plan';

const credential = (over: Partial<DeskCredentialRecord> = {}): DeskCredentialRecord => ({
  id: 7, channelId: 'site', deskId: 'desk-b', kind: 'wordpress-application-password', label: 'Control Room – Night desk (desk-b)', upstreamId: 'uuid-b', createdAt: '2019-07-19T22:00:00.000Z', revokedAt: null, ...over,
});
const online = { name: 'Night desk', online: true };
const offline = { name: 'Night desk', online: false };

describe('Lock plan for desk credentials', () => {
  it("this desk's own credential is revoked here, whatever its kind", () => {
    for (const kind of ['wordpress-application-password', 'x-oauth2', 'mastodon-oauth'] as const) {
      const step = planCredentialStep(credential({ kind, deskId: 'desk-a' }), { name: 'Press desk', online: true }, 'desk-a');
      expect(step).toMatchObject({ how: 'here', self: true, online: true, actionId: 'desk-credential:7', deskName: 'Press desk' });
      expect(step.label).toMatch(/^Revoke this desk's /);
    }
  });

  it("an earlier OAuth token a newer one of the same desk replaced is the service's to revoke; an earlier application password is still revoked here (by uuid)", () => {
    const all = [
      credential({ id: 1, deskId: 'desk-a', kind: 'x-oauth2' }),
      credential({ id: 2, deskId: 'desk-b', kind: 'x-oauth2' }),
      credential({ id: 3, deskId: 'desk-a', kind: 'x-oauth2' }),
      credential({ id: 4, channelId: 'other', deskId: 'desk-a', kind: 'x-oauth2' }),
    ];
    expect([...supersededIds(all)]).toEqual([1]);
    expect(planCredentialStep(all[0]!, online, 'desk-a', true)).toMatchObject({ how: 'manual' });
    expect(planCredentialStep(all[0]!, online, 'desk-a', true).label).toMatch(/earlier X authorisation, replaced .* revoke it at the service/);
    expect(planCredentialStep(all[2]!, online, 'desk-a', false)).toMatchObject({ how: 'here' });
    expect(planCredentialStep(credential({ deskId: 'desk-a' }), online, 'desk-a', true)).toMatchObject({ how: 'here' });
  });

  it('an online desk is asked to revoke its own', () => {
    const step = planCredentialStep(credential({ kind: 'x-oauth2' }), online, 'desk-a');
    expect(step).toMatchObject({ how: 'ask', self: false, online: true });
    expect(step.label).toBe('Ask Night desk to revoke its X authorisation');
  });

  it("an offline desk's WordPress application password is revoked from here; its X authorisation is a manual step", () => {
    const wp = planCredentialStep(credential(), offline, 'desk-a');
    expect(wp).toMatchObject({ how: 'from-here', online: false, actionId: 'desk-credential:7' });
    expect(wp.label).toContain('Night desk is offline');
    expect(planCredentialStep(credential({ kind: 'x-oauth2' }), offline, 'desk-a')).toMatchObject({ how: 'manual', online: false });
    // A desk no longer in the registry counts as offline, named by its id.
    expect(planCredentialStep(credential({ kind: 'mastodon-oauth' }), undefined, 'desk-a')).toMatchObject({ how: 'manual', online: false, deskName: 'desk desk-b' });
  });

  it('a shared secret is a manual step on every desk, said plainly; a revoked credential has no step left', () => {
    const shared = planCredentialStep(credential({ kind: 'shared', label: 'SMTP and canary mailbox passwords (the same on every desk)', upstreamId: null }), online, 'desk-b');
    expect(shared).toMatchObject({ how: 'manual', self: true });
    expect(shared.label).toContain('shared credential, revoke upstream by hand');
    expect(planCredentialStep(credential({ revokedAt: '2019-07-19T22:30:00.000Z' }), online, 'desk-a')).toMatchObject({ how: 'revoked', actionId: null });
  });

  it('desk-credential action ids round-trip; other actions are not desk credentials', () => {
    expect(credentialIdOf(deskCredentialAction(42))).toBe(42);
    expect(credentialIdOf('revoke-own-token')).toBeNull();
    expect(credentialIdOf('desk-credential:x')).toBeNull();
  });
});
