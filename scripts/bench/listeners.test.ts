import { describe, expect, it } from 'vitest';
import { emailKeyFromUid } from './item-keys';
import { coversEvery, feedItemsListener, freezeEventWatch, measuresNamed, quarantineListener, recordDomItems, runTokenOf, terminalProgress, type QuarantineStage } from './listeners';
import { createStageSampler } from './stage-sampler';

const clockAt = (t: number) => () => t;

describe('detection samples from feed.items', () => {
  it('records no sample from a stream of events for other items', () => {
    const s = createStageSampler(['stored'] as const);
    s.start('demo-x/42', 1000);
    const listen = feedItemsListener(s, 'stored', clockAt(1500));
    for (let i = 0; i < 100; i++) listen('feed.items', { channelId: 'demo-x', items: [{ itemId: String(i === 42 ? 4242 : i), provenance: 'unverified' }] });
    // The same id on another channel is another item.
    listen('feed.items', { channelId: 'demo-website', items: [{ itemId: '42', provenance: 'unverified' }] });
    // Other events naming the item are not a detection.
    listen('feed.gone', { channelId: 'demo-x', itemIds: ['42'] });
    listen('channels.report', { channelId: 'demo-x', items: [{ itemId: '42', provenance: 'unverified' }] });
    expect(s.durations('stored')).toEqual([]);
  });

  it('records one when feed.items carries that exact item, classified unverified', () => {
    const s = createStageSampler(['stored'] as const);
    s.start('demo-x/42', 1000);
    feedItemsListener(s, 'stored', clockAt(1400))('feed.items', { channelId: 'demo-x', items: [{ itemId: '41', provenance: 'unverified' }, { itemId: '42', provenance: 'unverified' }] });
    expect(s.durations('stored')).toEqual([400]);
  });

  it('an item classified verified is no alert, so no detection sample', () => {
    const s = createStageSampler(['stored'] as const);
    s.start('demo-x/42', 1000);
    feedItemsListener(s, 'stored', clockAt(1400))('feed.items', { channelId: 'demo-x', items: [{ itemId: '42', provenance: 'verified' }] });
    expect(s.durations('stored')).toEqual([]);
  });

  it('matches an email bulletin by its canary UID', () => {
    const s = createStageSampler(['stored'] as const);
    s.start(emailKeyFromUid(3), 1000);
    const listen = feedItemsListener(s, 'stored', clockAt(1250));
    listen('feed.items', { channelId: 'demo-email', items: [{ itemId: '1795851234:2', provenance: 'unverified' }] });
    expect(s.durations('stored')).toEqual([]);
    listen('feed.items', { channelId: 'demo-email', items: [{ itemId: '1795851234:3', provenance: 'unverified' }] });
    expect(s.durations('stored')).toEqual([250]);
  });
});

describe('detection samples from the DOM', () => {
  it('records only the row of that exact item', () => {
    const s = createStageSampler(['dom'] as const);
    s.start('demo-x/42', 1000);
    recordDomItems(s, 'dom', [
      ['item-demo-x-420', 1100],
      ['item-demo-x-4', 1150],
      ['item-demo-website-42', 1175],
      ['item-details', 1180],
      ['control-state', 1190],
    ]);
    expect(s.durations('dom')).toEqual([]);
    recordDomItems(s, 'dom', [['item-demo-x-42', 1600]]);
    expect(s.durations('dom')).toEqual([600]);
  });
});

describe('quarantine samples', () => {
  const stages: readonly QuarantineStage[] = ['captured', 'retracted', 'impossible'];

  it('captured and retracted only for the exact item, retracted only from the quarantine and only on the website', () => {
    const s = createStageSampler(stages);
    s.start('demo-website/7', 0);
    s.start('demo-x/9', 0);
    const listen = quarantineListener(s, clockAt(300));
    listen('quarantine.captured', { channelId: 'demo-website', itemId: '8', evidenceId: 1, retractionId: 1, at: '' });
    listen('retraction.progress', { channelId: 'demo-website', itemId: '7', origin: 'manual', state: 'retracted' });
    listen('retraction.progress', { channelId: 'demo-website', itemId: '7', origin: 'quarantine', state: 'retracting' });
    // X's deletion is timed at the X server, not from the app's event.
    listen('retraction.progress', { channelId: 'demo-x', itemId: '9', origin: 'quarantine', state: 'retracted' });
    expect(s.durations('captured')).toEqual([]);
    expect(s.durations('retracted')).toEqual([]);
    listen('quarantine.captured', { channelId: 'demo-website', itemId: '7', evidenceId: 2, retractionId: 2, at: '' });
    listen('retraction.progress', { channelId: 'demo-website', itemId: '7', origin: 'quarantine', state: 'retracted' });
    expect(s.pairs('captured')).toEqual([{ key: 'demo-website/7', ms: 300 }]);
    expect(s.pairs('retracted')).toEqual([{ key: 'demo-website/7', ms: 300 }]);
  });
});

describe('freeze', () => {
  it('"every channel frozen" means freeze-all or each channel by name', () => {
    expect(coversEvery([{ scope: '*' }], ['a', 'b'])).toBe(true);
    expect(coversEvery([{ scope: 'a' }, { scope: 'b' }], ['a', 'b'])).toBe(true);
    expect(coversEvery([{ scope: 'a' }], ['a', 'b'])).toBe(false);
    expect(coversEvery([], ['a'])).toBe(false);
  });

  it('takes the first covering freezeChanged after arming, and nothing before or partial', () => {
    let t = 0;
    const w = freezeEventWatch(['a', 'b'], () => t);
    t = 5;
    w.listener('control.freezeChanged', { frozen: [{ scope: '*' }] });
    expect(w.at()).toBeNull();
    w.arm();
    t = 10;
    w.listener('control.freezeChanged', { frozen: [{ scope: 'a' }] });
    w.listener('statements.changed', { frozen: [{ scope: '*' }] });
    expect(w.at()).toBeNull();
    t = 12;
    w.listener('control.freezeChanged', { frozen: [{ scope: '*' }] });
    t = 20;
    w.listener('control.freezeChanged', { frozen: [{ scope: '*' }] });
    expect(w.at()).toBe(12);
  });
});

describe('fan-out runs', () => {
  it('a run token matches only its own run', () => {
    expect(runTokenOf('Road update [abc-1]', 'abc')).toBe('abc-1');
    expect(runTokenOf('Road update [abc-10]', 'abc')).toBe('abc-10');
    expect(runTokenOf('Road update [xyz-1]', 'abc')).toBeNull();
    expect(runTokenOf('Road update abc-1', 'abc')).toBeNull();
  });
});

describe('perf page measures', () => {
  it('an absent measure gives no samples, never a zero', () => {
    const m = [
      { name: 'perf:first-render', duration: 80 },
      { name: 'perf:append', duration: 12 },
      { name: 'perf:append', duration: Number.NaN },
    ];
    expect(measuresNamed(m, 'perf:first-paint')).toEqual([]);
    expect(measuresNamed(m, 'perf:append')).toEqual([12]);
  });
});

describe('retraction results', () => {
  it('counts every way a job ends, per channel, and nothing else', () => {
    const ev = (channelId: string, state: string) => ({ name: 'retraction.progress', payload: { channelId, state }, at: 1 });
    const events = [ev('x', 'queued'), ev('x', 'retracting'), ev('x', 'retracted'), ev('email', 'impossible'), ev('website', 'failed'), ev('website', 'waiting'), { name: 'outbox.progress', payload: { channelId: 'x', state: 'sent' }, at: 1 }];
    expect(terminalProgress(events)).toHaveLength(3);
    expect(terminalProgress(events, 'x')).toHaveLength(1);
  });
});
