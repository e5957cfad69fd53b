import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, type LedgerView } from './classify';
import { contentHash, normaliseText } from './normalise';
import { linkDomains, scoreUnverified, severityFor, type ScoringContext } from './scoring';

function ledger(items: [string, string][], adopted: [string, string][] = [], open: [string, string][] = []): LedgerView {
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const i = new Set(items.map(([c, id]) => key(c, id)));
  const a = new Set(adopted.map(([c, id]) => key(c, id)));
  const o = new Set(open.map(([c, h]) => key(c, h)));
  return {
    hasItem: async (c, id) => i.has(key(c, id)),
    isAdopted: async (c, id) => a.has(key(c, id)),
    hasOpenContent: async (c, h) => o.has(key(c, h)),
  };
}

describe('normalise and hash', () => {
  it('ignores case, spacing, zero-width characters and compatibility forms', async () => {
    expect(contentHash('Our  account\u200B was ACCESSED\n')).toBe(contentHash('our account was accessed'));
    expect(normaliseText('ﬁne\u00A0day')).toBe('fine day');
  });
  it('differs for a changed link (an attacker swapping a URL is not the approved text)', async () => {
    expect(contentHash('details: https://met.example/a')).not.toBe(contentHash('details: https://evil.example/a'));
  });
  it('is stable under re-normalisation (property)', async () => {
    fc.assert(fc.property(fc.string(), (s) => normaliseText(normaliseText(s)) === normaliseText(s)));
  });
});

describe('classify', () => {
  const l = ledger([['x', '1']], [['x', '2']], [['web', contentHash('holding statement')]]);
  it('verifies by item id, adopts by adoption, verifies open content, else unverified', async () => {
    expect(await classify('x', { channelItemId: '1', contentHash: 'h' }, l)).toEqual({ provenance: 'verified', matchedBy: 'item-id' });
    expect(await classify('x', { channelItemId: '2', contentHash: 'h' }, l)).toEqual({ provenance: 'adopted', matchedBy: 'adoption' });
    expect(await classify('web', { channelItemId: '9', contentHash: contentHash('Holding statement') }, l)).toEqual({
      provenance: 'verified',
      matchedBy: 'content-hash',
    });
    expect(await classify('x', { channelItemId: '3', contentHash: 'h' }, l)).toEqual({ provenance: 'unverified', matchedBy: null });
  });
  it('never lets one channel vouch for another', async () => {
    expect((await classify('web', { channelItemId: '1', contentHash: 'h' }, l)).provenance).toBe('unverified');
  });
  it('an item is verified exactly when the ledger knows it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('x', 'web'), fc.string({ maxLength: 4 }))), fc.constantFrom('x', 'web'), fc.string({ maxLength: 4 }), async (items, c, id) => {
        const known = items.some(([ic, iid]) => ic === c && iid === id);
        return ((await classify(c, { channelItemId: id, contentHash: 'none' }, ledger(items))).provenance === 'verified') === known;
      }),
    );
  });
});

describe('scoreUnverified', () => {
  const base: ScoringContext = {
    observedAt: new Date('2019-07-19T12:00:00Z'),
    recentItemTimes: [],
    baselinePerHour: 1,
    knownDomains: new Set(['met.police.uk']),
    profileChanged: false,
    officeHours: { start: 7, end: 22, timeZone: 'Europe/London' },
  };
  it('a plain unverified item in office hours is low, but still an item to alert on', async () => {
    expect(scoreUnverified('test', base)).toEqual({ severity: 'low', signals: [] });
  });
  it('the July 2019 pattern is critical: late, abusive, in a burst', async () => {
    const at = new Date('2019-07-19T22:10:00Z'); // 23:10 in London (BST)
    const recent = [at.getTime() - 60_000, at.getTime() - 120_000, at.getTime() - 180_000];
    const s = scoreUnverified('F*** the police', { ...base, observedAt: at, recentItemTimes: recent });
    expect(s.signals.map((x) => x.kind).sort()).toEqual(['abusive-language', 'burst', 'off-hours']);
    expect(s.severity).toBe('critical');
  });
  it('flags links to domains the channel never used', async () => {
    const s = scoreUnverified('see https://www.met.police.uk/x and http://free-stuff.example:8080/y', base);
    expect(s.signals).toEqual([expect.objectContaining({ kind: 'unknown-link-domain', detail: 'links to free-stuff.example' })]);
    expect(linkDomains('a https://A.example/b https://a.example/c')).toEqual(['a.example']);
  });
  it('flags a changed profile', async () => {
    expect(scoreUnverified('hello', { ...base, profileChanged: true }).severity).toBe('high');
  });
  it('severity never decreases as weight grows (property)', async () => {
    const rank = (w: number) => ['low', 'medium', 'high', 'critical'].indexOf(severityFor(w));
    fc.assert(fc.property(fc.nat(20), fc.nat(20), (a, b) => (a <= b ? rank(a) <= rank(b) : rank(a) >= rank(b))));
  });
});
