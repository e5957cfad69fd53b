// Which of a desk's credential records a reconnect revokes, which name a new application password
// gets while the earlier one is still live, and what the answer says when a revocation fails.
import { describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../channels/types';
import { ChannelError } from '../../channels/types';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import type { DeskCredentialRecord } from '../../store/records';
import { freshPasswordName } from './desk-credential';
import { earlierOwnCredentials, hasLiveSharedRecord, liveLabels, revokeEarlierCredentials } from './earlier-credentials';

const record = (over: Partial<DeskCredentialRecord>): DeskCredentialRecord => ({
  id: 1, channelId: 'wordpress-1', deskId: 'desk-a', kind: 'wordpress-application-password', label: 'Control Room – A (desk-a)', upstreamId: 'uuid-1', createdAt: '2019-07-19T22:00:00.000Z', revokedAt: null, ...over,
});

describe('earlier credentials at reconnect', () => {
  const records = [
    record({ id: 1 }),
    record({ id: 2, deskId: 'desk-b', label: 'Control Room – B (desk-b)' }),
    record({ id: 3, revokedAt: '2019-07-19T23:00:00.000Z' }),
    record({ id: 4, kind: 'shared', label: 'SMTP', upstreamId: null }),
    record({ id: 5, label: 'Control Room – A (desk-a) #2', upstreamId: 'uuid-5' }),
  ];

  it("only this desk's own live credentials other than the one just kept are revoked: not another desk's, not a revoked one, not a shared secret", () => {
    expect(earlierOwnCredentials(records, 'desk-a', 5).map((c) => c.id)).toEqual([1]);
    expect(earlierOwnCredentials(records, 'desk-b', null).map((c) => c.id)).toEqual([2]);
    expect(earlierOwnCredentials(records, 'desk-b', 2)).toEqual([]);
    expect(hasLiveSharedRecord(records, 'desk-a')).toBe(true);
    expect(hasLiveSharedRecord(records, 'desk-b')).toBe(false);
  });

  it('a new application password is named apart from the desk\'s live ones (WordPress refuses a repeated name)', () => {
    const base = 'Control Room – A (desk-a)';
    expect(freshPasswordName(base, [])).toBe(base);
    expect(freshPasswordName(base, liveLabels(records, 'desk-a'))).toBe(`${base} #3`);
    expect(freshPasswordName(base, [`${base} #2`])).toBe(base);
  });

  it('a refused revocation leaves the record live and says it is still live; a done one is marked revoked and audited', async () => {
    const marked: number[] = [];
    const audited: Record<string, unknown>[] = [];
    const adapter = (outcome: 'done' | 'refused'): ChannelAdapter =>
      ({
        runFreezeAction: async () => {
          if (outcome === 'refused') throw new ChannelError({ kind: 'REJECTED', message: 'WordPress refused the revoke (HTTP 403).' });
          return { done: true, detail: 'Revoked the application password.' };
        },
      }) as unknown as ChannelAdapter;
    const deps = {
      repo: { markCredentialRevoked: async (id: number) => (marked.push(id), true) },
      audit: { append: async (e: { details?: Readonly<Record<string, unknown>> }) => (audited.push({ ...e.details }), {} as never) },
      clock: createManualClock(),
      logger: createLogger({ quiet: true }),
    };
    const input = { deskId: 'desk-a', channelId: 'wordpress-1', recorded: records, keptId: 5, previous: null, actor: { id: 'ada', role: 'admin' as const } };
    const refused = await revokeEarlierCredentials(deps, { ...input, current: adapter('refused') });
    expect(refused.map((o) => o.revoked)).toEqual([false]);
    expect(refused[0]!.detail).toMatch(/STILL LIVE.*HTTP 403.*Lock lists it/);
    expect(marked).toEqual([]);
    const done = await revokeEarlierCredentials(deps, { ...input, current: adapter('done') });
    expect(done.map((o) => o.revoked)).toEqual([true]);
    expect(marked).toEqual([1]);
    expect(audited.map((d) => [d['credential'], d['outcome']])).toEqual([[1, 'failed'], [1, 'done']]);
  });

  it('an earlier OAuth token with no connection holding it cannot be revoked here, and the answer says it is still live', async () => {
    const x = [record({ id: 7, channelId: 'x-1', kind: 'x-oauth2', label: 'X authorisation of desk A', upstreamId: null })];
    const deps = { repo: { markCredentialRevoked: async () => true }, audit: undefined, clock: createManualClock(), logger: createLogger({ quiet: true }) };
    const out = await revokeEarlierCredentials(deps, { deskId: 'desk-a', channelId: 'x-1', recorded: x, keptId: 8, previous: null, current: {} as ChannelAdapter, actor: { id: 'ada', role: 'admin' } });
    expect(out).toEqual([expect.objectContaining({ credentialId: 7, revoked: false, detail: expect.stringMatching(/X authorisation is STILL LIVE/) })]);
  });
});
