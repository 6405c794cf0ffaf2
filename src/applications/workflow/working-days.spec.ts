import { describe, expect, it } from '@jest/globals';
import { SEEDED } from '../../calendar/seeded-calendar.js';
import { stageDeadline } from './deadlines.js';
import { addWorkingDays, isWorkingDay, NO_CALENDAR, uncoveredYears, workingCalendar, workingDeadline } from './working-days.js';

/** The calendar as working-days.ts had it in code before it became reference data (issue 21). */
const OLD_HOLIDAYS = [
  '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04',
  '2025-04-04', '2025-04-05', '2025-04-06', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05',
  '2025-05-31', '2025-06-01', '2025-06-02', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08',
  '2026-01-01', '2026-01-02', '2026-01-03', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
  '2026-04-04', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
  '2026-06-19', '2026-06-20', '2026-06-21', '2026-09-25', '2026-09-26', '2026-09-27',
  '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
];
const OLD_MAKEUPS = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

describe('the seeded calendar is the one the code had', () => {
  it('same holidays, same make-up days, 2025 and 2026 published', () => {
    expect([...SEEDED.holidays].sort()).toEqual([...OLD_HOLIDAYS].sort());
    expect([...SEEDED.makeupWorkdays].sort()).toEqual([...OLD_MAKEUPS].sort());
    expect([...SEEDED.years].sort()).toEqual([2025, 2026]);
  });
});

describe('working days across holidays and make-up days, per seeded year', () => {
  it.each([
    ['2025-01-24', 1, '2025-01-26', false], // 2025: Sunday 26 January worked before the Spring Festival
    ['2025-01-27', 1, '2025-02-05', false], // 2025: the Spring Festival, 28 January – 4 February
    ['2025-04-25', 1, '2025-04-27', false], // 2025: Sunday 27 April worked before Labour Day
    ['2025-09-30', 1, '2025-10-09', false], // 2025: National Day and Mid-Autumn, 1–8 October
    ['2025-10-10', 1, '2025-10-11', false], // 2025: Saturday 11 October worked
    ['2025-12-31', 1, '2026-01-04', false], // 2025 → 2026: New Year 1–3 January, then Sunday 4 January worked
    ['2026-02-13', 1, '2026-02-14', false], // 2026: Saturday 14 February worked
    ['2026-02-14', 1, '2026-02-24', false], // 2026: the Spring Festival, 15–23 February
    ['2026-09-28', 10, '2026-10-16', false], // 2026: National Day, with Saturday 10 October worked
    ['2026-06-18', 1, '2026-06-22', false], // 2026: Dragon Boat Festival
    ['2026-12-21', 5, '2026-12-28', false], // 2026: inside the year, nothing provisional
    ['2026-12-28', 5, '2027-01-04', true], // into 2027, not entered: plain weekdays, flagged
    ['2026-12-31', 1, '2027-01-01', true], // 1 January 2027 counts as a Friday like any other, flagged
    ['2027-02-08', 5, '2027-02-15', true], // wholly in 2027: plain weekdays, flagged
    ['2026-12-31', 0, '2026-12-31', false], // no day counted, nothing to flag
  ] as const)('%s + %d working days = %s (provisional %s)', (start, n, date, provisional) => {
    expect(workingDeadline(start, n, SEEDED)).toEqual({ date, provisional });
  });

  it.each([
    ['2025-01-26', true], ['2025-01-28', false], ['2025-10-11', true], ['2025-10-08', false],
    ['2026-01-04', true], ['2026-01-02', false], ['2026-10-10', true], ['2026-10-07', false],
    ['2027-01-01', true], ['2027-01-02', false], // 2027 not entered: Monday–Friday
  ] as const)('%s is a working day: %s', (d, expected) => expect(isWorkingDay(d, SEEDED)).toBe(expected));

  it.each([
    ['2026-12-01', '2026-12-31', []],
    ['2026-12-28', '2027-01-04', [2027]],
    ['2024-12-30', '2025-01-02', [2024]],
  ] as const)('years from %s to %s without a calendar: %j', (from, to, missing) => expect(uncoveredYears(from, to, SEEDED)).toEqual(missing));

  it('with no calendar at all every count is plain weekdays and flagged', () => {
    expect(workingDeadline('2026-09-28', 10, NO_CALENDAR)).toEqual({ date: '2026-10-12', provisional: true });
  });

  it('a year once entered counts its holidays and is no longer flagged', () => {
    const with2027 = workingCalendar([...SEEDED.years, 2027], [{ date: '2027-01-01', kind: 'holiday' }]);
    expect(workingDeadline('2026-12-28', 5, with2027)).toEqual({ date: '2027-01-05', provisional: false });
  });

  it('rejects a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-06-01', -1, SEEDED)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', 1.5, SEEDED)).toThrow(RangeError);
  });
});

describe('stage deadlines from the reference data', () => {
  it.each([
    ['submitted', '2026-12-28', {}, { date: '2027-01-04', provisional: true }],
    ['district-review', '2026-12-28', {}, { date: '2027-01-11', provisional: true }],
    ['district-review', '2026-06-01', {}, { date: '2026-06-15', provisional: false }],
    ['district-review', '2026-06-01', { 'district-review': 5 }, { date: '2026-06-08', provisional: false }], // edited to 5 working days
    ['public-notice', '2026-12-28', {}, null], // notice stages end with their batch's notice
    ['draft', '2026-12-28', {}, null],
  ] as const)('%s entered %s with %j → %j', (status, on, stageDays, expected) => {
    expect(stageDeadline(status, on, false, {}, { calendar: SEEDED, stageDays })).toEqual(expected);
  });

  it.each([
    [{ noticeStartsOn: '2026-12-21', noticeEndsOn: '2027-01-04' }, { date: '2027-01-04', provisional: true }], // a notice reaching into 2027
    [{ noticeStartsOn: '2026-06-01', noticeEndsOn: '2026-06-12' }, { date: '2026-06-12', provisional: false }],
    [{ noticeEndsOn: '2027-01-04' }, { date: '2027-01-04', provisional: false }], // start unknown: not judged
    [{ maturityOn: '2028-06-01' }, null], // maturity belongs to post-loan monitoring, not the notice
  ] as const)('public notice %j → %j', (ends, expected) => {
    expect(stageDeadline('public-notice', '2026-12-21', false, ends, { calendar: SEEDED })).toEqual(expected);
  });

  it('a loan maturity is a calendar date, never provisional', () => {
    expect(stageDeadline('post-loan-monitoring', '2026-12-28', false, { maturityOn: '2028-06-01' }, { calendar: SEEDED })).toEqual({ date: '2028-06-01', provisional: false });
  });
});
