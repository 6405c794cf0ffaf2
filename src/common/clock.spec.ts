import { afterEach, describe, expect, it } from '@jest/globals';
import { addDays, businessDate, businessStamp, businessToday, businessYear, now, pinClock, resetClock } from './clock.js';

afterEach(() => resetClock());

describe('business dates are Beijing dates, whatever the process zone', () => {
  it.each([
    ['2026-12-06T15:59:59Z', '2026-12-06'],
    ['2026-12-06T16:00:00Z', '2026-12-07'], // midnight in Beijing
    ['2026-12-06T17:00:00Z', '2026-12-07'], // the hour the old test failed: UTC says the 6th
    ['2026-12-31T16:30:00Z', '2027-01-01'], // a new year in Beijing, not yet in UTC
    ['2026-12-31T23:59:00-08:00', '2027-01-01'], // Los Angeles evening: Beijing is a day ahead
  ])('%s → %s', (instant, date) => {
    expect(businessDate(new Date(instant))).toBe(date);
    pinClock(instant);
    expect(businessToday()).toBe(date);
    expect(businessYear()).toBe(Number(date.slice(0, 4)));
  });

  it('a pinned clock is the app\'s now until reset', () => {
    pinClock('2026-12-28T02:00:00Z');
    expect(now().toISOString()).toBe('2026-12-28T02:00:00.000Z');
    expect(businessStamp()).toBe('20261228-1000');
    resetClock();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 1, '2026-03-30'], // no DST step, in any zone
  ] as const)('%s %+d days = %s', (iso, n, expected) => expect(addDays(iso, n)).toBe(expected));

  it('refuses a malformed instant', () => expect(() => pinClock('soon')).toThrow(RangeError));
});
