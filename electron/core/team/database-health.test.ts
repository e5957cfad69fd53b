import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/log';
import { createDatabaseHealth, isDatabaseUnreachable } from './database-health';

const logger = createLogger({ quiet: true });

describe('database health', () => {
  it('tells a lost connection from a failed query', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnreachable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '08006' }) }))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
  });

  it('marks the desk unreachable since the first failure, and reachable again once a query answers', () => {
    const clock = createManualClock('2026-12-06T15:00:00Z');
    const health = createDatabaseHealth({ shared: true, clock, logger, probe: () => Promise.resolve(), probeMs: 60_000 });
    const seen: boolean[] = [];
    health.onChange((s) => seen.push(s.reachable));
    expect(health.failed(new Error('duplicate key value'))).toBe(false);
    expect(health.state().reachable).toBe(true);
    expect(health.failed(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    clock.advance(5_000);
    health.failed(new Error('Connection terminated'));
    expect(health.state()).toMatchObject({ reachable: false, since: '2026-12-06T15:00:00.000Z' });
    health.succeeded();
    expect(health.state()).toMatchObject({ reachable: true, since: null });
    expect(seen).toEqual([false, true]);
    health.stop();
  });

  it('on SQLite (one desk, a local file) it never says unreachable', () => {
    const health = createDatabaseHealth({ shared: false, clock: createManualClock(), logger, probe: () => Promise.resolve() });
    expect(health.failed(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(health.state().reachable).toBe(true);
  });
});
