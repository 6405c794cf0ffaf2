import { describe, expect, it } from '@jest/globals';
import { addDays, addYears, dayNumber, isIsoDate } from './dates.js';

describe('dates', () => {
  it.each([
    ['2026-03-31', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-3-31', false],
    ['20260331', false],
    [undefined, false],
  ])('isIsoDate(%s) = %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it.each([
    ['2026-03-31', -5, '2021-03-31'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2023-12-08', 3, '2026-12-08'],
  ])('addYears(%s, %i) = %s', (iso, n, out) => {
    expect(addYears(iso, n)).toBe(out);
  });

  it.each([
    ['2026-03-31', -365, '2025-03-31'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
  ])('addDays(%s, %i) = %s', (iso, n, out) => {
    expect(addDays(iso, n)).toBe(out);
  });

  it('dayNumber counts calendar days across a leap year', () => {
    expect(dayNumber('2025-03-01') - dayNumber('2024-03-01')).toBe(365);
    expect(dayNumber('2024-03-01') - dayNumber('2023-03-01')).toBe(366);
  });
});
