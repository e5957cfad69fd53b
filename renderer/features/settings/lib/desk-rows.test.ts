import { describe, expect, it } from 'vitest';
import type { DeskView } from '../../../../electron/shared/contract';
import { deskRows, desksSummary, needsPerson, pinFileProblem } from './desk-rows';

const now = Date.parse('2026-12-06T10:00:00Z');
const desk = (name: string, secondsAgo: number, extra: Partial<DeskView> = {}): DeskView => ({
  id: `id-${name}`,
  name,
  host: `${name.toLowerCase()}.bureau.example`,
  appVersion: '0.1.0',
  startedAt: '2026-12-06T08:00:00Z',
  lastSeenAt: new Date(now - secondsAgo * 1000).toISOString(),
  online: secondsAgo <= 30,
  self: false,
  keyFingerprint: null,
  keyTrust: null,
  ...extra,
});

describe('Settings -> Desks rows', () => {
  it('lists online desks first, says when each was last seen and marks this desk', () => {
    const rows = deskRows([desk('Night', 600), desk('Press', 4, { self: true }), desk('Annex', 12)], now);
    expect(rows.map((r) => [r.name, r.state, r.lastSeen])).toEqual([
      ['Annex', 'Online', '12 s ago'],
      ['Press (this desk)', 'Online', '4 s ago'],
      ['Night', 'Offline', '10 min ago'],
    ]);
  });

  it('summarises how many desks are online', () => {
    expect(desksSummary([])).toBe('No desk has registered yet.');
    expect(desksSummary([desk('Press', 4), desk('Night', 600)])).toBe('1 of 2 desks online (seen within the last 30 s).');
  });

  it('puts what to do under a desk whose key needs a person, and an unreadable pin file once for the table', () => {
    const fp = `ed25519:${'ab'.repeat(32)}`;
    const rows = deskRows([
      desk('Press', 4, { self: true, keyFingerprint: fp, keyTrust: 'this desk' }),
      desk('Annex', 6, { keyFingerprint: fp, keyTrust: 'key differs from pin' }),
      desk('Night', 8, { keyFingerprint: fp, keyTrust: 'not yet trusted' }),
      desk('Day', 9, { keyFingerprint: fp, keyTrust: 'pinned' }),
    ], now);
    expect(rows.filter(needsPerson).map((r) => [r.name, r.key.trust])).toEqual([
      ['Annex', 'Key differs from pin'],
      ['Night', 'Not yet trusted'],
    ]);
    expect(pinFileProblem(rows)).toBeNull();

    const unreadable = deskRows([desk('Press', 4, { self: true, keyTrust: 'this desk' }), desk('Annex', 6, { keyFingerprint: fp, keyTrust: 'pins unreadable' }), desk('Night', 8, { keyFingerprint: fp, keyTrust: 'pins unreadable' })], now);
    expect(unreadable.filter(needsPerson)).toEqual([]);
    expect(pinFileProblem(unreadable)?.command).toBe('control-room desks');
  });
});
