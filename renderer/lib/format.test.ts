import { describe, expect, it } from 'vitest';
import { formatZoned, utcOffsetLabel } from './format';

describe('times with their zone named', () => {
  const at = '2019-07-19T22:00:00Z';

  it('says the local time, the zone and its offset at that instant', () => {
    expect(formatZoned(at, { timeZone: 'Europe/London', now: new Date(at) })).toBe('23:00 Europe/London (UTC+1)');
    expect(formatZoned('2019-12-19T22:00:00Z', { timeZone: 'Europe/London', now: new Date('2019-12-19T12:00:00Z') })).toBe('22:00 Europe/London (UTC)');
  });

  it('puts the day in front when it is not today in that zone', () => {
    expect(formatZoned(at, { timeZone: 'Asia/Kolkata', now: new Date('2019-07-19T12:00:00Z') })).toBe('Sat 20 Jul 03:30 Asia/Kolkata (UTC+5:30)');
    expect(formatZoned(null)).toBe('—');
  });

  it('names offsets west of UTC too', () => {
    expect(utcOffsetLabel(new Date(at), 'America/New_York')).toBe('UTC-4');
  });
});
