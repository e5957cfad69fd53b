import { describe, expect, it } from 'vitest';
import { maxScheduleDaysAhead } from '../../shared/rules';
import { checkScheduledTime } from './schedule';

const now = new Date('2019-07-19T22:00:00.000Z');

describe('scheduled times', () => {
  it('takes an instant in the future, with any offset, and stores it in UTC', () => {
    expect(checkScheduledTime('2019-07-20T00:00:00+01:00', now)).toBe('2019-07-19T23:00:00.000Z');
    expect(checkScheduledTime('2019-07-19T22:00:01Z', now)).toBe('2019-07-19T22:00:01.000Z');
  });

  it('refuses a time that has passed (or is now), saying what to do', () => {
    expect(() => checkScheduledTime('2019-07-19T22:00:00Z', now)).toThrow(/has already passed\. Choose a time in the future, or publish now\./);
    expect(() => checkScheduledTime('2019-07-19T21:59:00+00:00', now)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('refuses a date too far ahead, and what is not a time', () => {
    const limit = new Date(now.getTime() + maxScheduleDaysAhead * 24 * 60 * 60_000);
    expect(checkScheduledTime(limit.toISOString(), now)).toBe(limit.toISOString());
    expect(() => checkScheduledTime(new Date(limit.getTime() + 1).toISOString(), now)).toThrow(/more than 30 days ahead/);
    expect(() => checkScheduledTime('tomorrow', now)).toThrow(/not a time/);
  });
});
