import { describe, expect, it } from 'vitest';
import { instantOfLocalInput, toLocalInput } from './schedule-input';

describe('the schedule field', () => {
  it('reads wall-clock time in this zone and shows the same time back', () => {
    const value = '2019-07-20T08:30';
    const instant = instantOfLocalInput(value);
    expect(instant).toBe(new Date(2019, 6, 20, 8, 30).toISOString());
    expect(toLocalInput(Date.parse(instant!))).toBe(value);
  });

  it('gives nothing for an empty or partial field', () => {
    expect(instantOfLocalInput('')).toBeNull();
    expect(instantOfLocalInput('2019-07-20')).toBeNull();
  });
});
