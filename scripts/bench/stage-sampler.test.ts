import { describe, expect, it } from 'vitest';
import { createStageSampler } from './stage-sampler';

describe('stage sampler', () => {
  it('records nothing from a stream of events for other items', () => {
    const s = createStageSampler(['stored'] as const);
    s.start('demo-x/100', 1000);
    for (let i = 0; i < 500; i++) expect(s.observe('stored', `demo-x/${i === 100 ? 'other' : i}`, 1000 + i)).toBe(false);
    expect(s.durations('stored')).toEqual([]);
    expect(s.missing('stored')).toEqual(['demo-x/100']);
    expect(s.ignored()).toBe(500);
  });

  it('records a sample when the event for that exact item appears', () => {
    const s = createStageSampler(['stored'] as const);
    s.start('demo-x/100', 1000);
    s.observe('stored', 'demo-x/1000', 1200);
    s.observe('stored', 'demo-x/10', 1300);
    expect(s.observe('stored', 'demo-x/100', 1450)).toBe(true);
    expect(s.durations('stored')).toEqual([450]);
    expect(s.pairs('stored')).toEqual([{ key: 'demo-x/100', ms: 450 }]);
    expect(s.missing('stored')).toEqual([]);
  });

  it('keeps the first time a stage is seen (a later full re-read changes nothing)', () => {
    const s = createStageSampler(['read'] as const);
    s.start('k', 0);
    s.observe('read', 'k', 300);
    expect(s.observe('read', 'k', 9000)).toBe(false);
    expect(s.durations('read')).toEqual([300]);
  });

  it('ignores a stage seen before the item was started, and keeps the first start', () => {
    const s = createStageSampler(['stored'] as const);
    expect(s.observe('stored', 'k', 50)).toBe(false);
    s.start('k', 100);
    s.start('k', 500);
    expect(s.durations('stored')).toEqual([]);
    s.observe('stored', 'k', 160);
    expect(s.durations('stored')).toEqual([60]);
  });

  it('measures between two stages only for items that have both', () => {
    const s = createStageSampler(['read', 'stored', 'dom'] as const);
    s.start('a', 0);
    s.start('b', 0);
    s.observe('read', 'a', 400);
    s.observe('stored', 'a', 401.5);
    s.observe('read', 'b', 700);
    s.observe('dom', 'a', 420);
    expect(s.durations('stored', 'read')).toEqual([1.5]);
    expect(s.durations('dom', 'stored')).toEqual([18.5]);
    expect(s.durations('read')).toEqual([400, 700]);
    expect(s.missing('stored')).toEqual(['b']);
  });

  it('refuses unknown stages and non-times', () => {
    const s = createStageSampler(['stored'] as const);
    expect(() => s.observe('dom' as 'stored', 'k', 1)).toThrow(/unknown stage/);
    expect(() => s.start('k', Number.NaN)).toThrow();
  });
});
