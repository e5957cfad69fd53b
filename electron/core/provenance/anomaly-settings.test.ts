import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import type { Store } from '../../store/repositories';
import { openSqliteStore } from '../../store/sqlite-store';
import { createAnomalySettings, type AnomalySettingsService } from './anomaly-settings';
import { builtInAbusiveWords, compileLexicon, wordPattern } from './lexicon';
import { linkDomains, scoreUnverified, type ScoringContext } from './scoring';

let store: Store;
let anomaly: AnomalySettingsService;
const clock = createManualClock('2019-07-19T22:10:00Z');
const open = (): AnomalySettingsService =>
  createAnomalySettings({ settings: store.settings, transaction: store.transaction, clock, logger: createLogger({ quiet: true }), machineTimeZone: 'Europe/London' });
beforeEach(async () => {
  store = openSqliteStore(':memory:');
  anomaly = open();
});
afterEach(() => store.close());

describe('anomaly settings', () => {
  it('defaults to what the core used to hard-code: 07-22 in this computer’s zone, baseline 2, the built-in lexicon', async () => {
    expect(await anomaly.view()).toEqual({
      officeHours: { start: 7, end: 22, timeZone: 'Europe/London' },
      ownDomains: [],
      baselinePerHour: 2,
      abusiveWords: [...builtInAbusiveWords],
      builtInAbusiveWords: [...builtInAbusiveWords],
    });
  });

  it('hands the monitor the new values at its next read, and keeps them in the store', async () => {
    const before = await anomaly.scoring();
    expect(await anomaly.scoring()).toBe(before); // compiled once, not per batch
    await anomaly.update({ officeHours: { start: 9, end: 17, timeZone: 'America/New_York' }, ownDomains: ['met.police.uk'] });
    expect(await anomaly.scoring()).toMatchObject({ officeHours: { start: 9, end: 17, timeZone: 'America/New_York' }, ownDomains: ['met.police.uk'], baselinePerHour: 2 });
    await anomaly.update({ baselinePerHour: 12, ownDomains: undefined });
    expect(await open().view()).toMatchObject({ officeHours: { timeZone: 'America/New_York' }, ownDomains: ['met.police.uk'], baselinePerHour: 12 });
  });

  it('adds and removes words; a removed built-in word comes back with its tuned patterns', async () => {
    await anomaly.addAbusiveWord('scumbags');
    await anomaly.removeAbusiveWord('fuck');
    const abusive = async (text: string) => (await anomaly.scoring()).abusivePatterns!.some((p) => p.test(text));
    expect(await abusive('you scumbags')).toBe(true);
    expect(await abusive('F*** the police')).toBe(false);
    await expect(anomaly.removeAbusiveWord('fuck')).rejects.toThrow(/not on the abusive-language list/);
    await expect(anomaly.addAbusiveWord('scumbags')).rejects.toThrow(/already on the abusive-language list/);
    await anomaly.addAbusiveWord('fuck');
    expect(await abusive('F*** the police')).toBe(true);
  });

  it('falls back to the defaults, and says so in the log, when the stored value is unreadable or its zone unknown', async () => {
    const lines: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const service = createAnomalySettings({ settings: store.settings, transaction: store.transaction, clock, logger, machineTimeZone: 'UTC' });
    await store.settings.set('anomaly', '{"baselinePerHour": "lots"', clock.now());
    expect((await service.view()).baselinePerHour).toBe(2);
    await store.settings.set('anomaly', JSON.stringify({ officeHours: { start: 8, end: 20, timeZone: 'Atlantis/Capital' } }), clock.now());
    expect((await service.scoring()).officeHours).toEqual({ start: 8, end: 20, timeZone: 'UTC' });
    expect(lines.join('\n')).toMatch(/unreadable[\s\S]*Atlantis\/Capital/);
  });
});

describe('lexicon', () => {
  const ctx: ScoringContext = {
    observedAt: new Date('2019-07-19T12:00:00Z'),
    recentItemTimes: [],
    baselinePerHour: 2,
    knownDomains: new Set(),
    profileChanged: false,
    officeHours: { start: 0, end: 24, timeZone: 'UTC' },
  };
  it('matches an added word whole, in any case, masked after its first letter', async () => {
    const p = wordPattern('scumbag');
    expect(['Scumbag!', 'you SC*MBAG', 's******', 'scumbag.'].map((t) => p.test(t))).toEqual([true, true, true, true]);
    expect(['scumbags', 'ascumbag', '*cumbag'].map((t) => p.test(t))).toEqual([false, false, false]);
    expect(wordPattern('piss off').test('PISS   off now')).toBe(true);
    expect(wordPattern('dégage').test('DÉG*GE')).toBe(true);
  });
  it('an added word raises an unverified item’s severity', async () => {
    const patterns = compileLexicon([...builtInAbusiveWords, 'traitors']);
    expect(scoreUnverified('traitors, all of you', ctx).severity).toBe('low');
    expect(scoreUnverified('traitors, all of you', { ...ctx, abusivePatterns: patterns })).toMatchObject({ severity: 'high', signals: [{ kind: 'abusive-language' }] });
  });
  it('the default lexicon is the built-in one, unchanged', async () => {
    for (const text of ['F*** the police', 'sh!t', 'hacked by nobody', 'pwned']) expect(scoreUnverified(text, ctx).signals.map((s) => s.kind)).toEqual(['abusive-language']);
  });
  it('compares internationalised link domains as punycode', async () => {
    expect(linkDomains('see https://www.Bücher.example/a')).toEqual(['xn--bcher-kva.example']);
  });
});
