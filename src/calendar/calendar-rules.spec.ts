import { describe, expect, it } from '@jest/globals';
import { nextYearWarningDue, planImport, validateDay } from './calendar-rules.js';

describe('a calendar day is validated', () => {
  it.each([
    [{ date: '2027-02-10', kind: 'holiday', name: '春节' }, {}],
    [{ date: '2027-02-07', kind: 'makeup-workday', name: '春节' }, {}], // a Sunday
    [{ date: '2027-02-08', kind: 'makeup-workday', name: '春节' }, { kind: 'calendar.error.makeupWeekday' }], // a Monday
    [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }, { date: 'calendar.error.otherYear' }],
    [{ date: '2027-02-30', kind: 'holiday', name: '春节' }, { date: 'calendar.error.date' }],
    [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: 'calendar.error.duplicate' }],
    [{ date: '2027-05-01', kind: 'day-off', name: '劳动节' }, { kind: 'calendar.error.kind' }],
    [{ date: '2027-05-01', kind: 'holiday', name: '  ' }, { name: 'calendar.error.nameRequired' }],
    [{ date: '2027-05-01', kind: 'holiday', name: '节'.repeat(51) }, { name: 'calendar.error.nameLength' }],
    [{ date: 20270501, kind: null, name: undefined }, { date: 'calendar.error.date', kind: 'calendar.error.kind', name: 'calendar.error.nameRequired' }],
  ])('%j → %j', (raw, errors) => {
    const result = validateDay(raw, 2027, new Set(['2027-01-01']));
    expect(result.ok ? {} : result.errors).toEqual(errors);
  });
});

describe('a calendar import is planned against the year', () => {
  const existing = [{ date: '2027-01-01', kind: 'holiday' as const, name: '元旦' }, { date: '2027-02-07', kind: 'makeup-workday' as const, name: '春节' }];
  it.each([
    ['Chinese headers and words', ['日期', '类型', '名称'], [['2027-01-01', '放假', '元旦'], ['2027/2/10', '休', '春节'], ['2027-02-07', '班', '春节调休']], { add: 1, change: 1, unchanged: 1, invalid: 0 }, true],
    ['English headers, kinds as stored', ['Date', 'Kind', 'Name'], [['2027-10-01', 'holiday', 'National Day']], { add: 1, change: 0, unchanged: 0, invalid: 0 }, true],
    ['a row of another year and a weekday make-up day', ['date', 'kind', 'name'], [['2026-10-01', 'holiday', '国庆节'], ['2027-02-08', 'makeup-workday', '春节']], { add: 0, change: 0, unchanged: 0, invalid: 2 }, false],
    ['a date twice in the file', ['date', 'kind', 'name'], [['2027-10-01', 'holiday', '国庆节'], ['2027-10-01', 'holiday', '国庆节']], { add: 1, change: 0, unchanged: 0, invalid: 1 }, false],
    ['an Excel serial date', ['日期', '类型', '名称'], [[46388, '放假', '元旦']], { add: 0, change: 0, unchanged: 1, invalid: 0 }, true],
  ] as const)('%s', (_name, headers, rows, counts, valid) => {
    const plan = planImport([...headers], rows.map((cells, i) => ({ row: i + 2, cells: [...cells] })), 2027, existing);
    expect(plan.counts).toEqual(counts);
    expect(plan.valid).toBe(valid);
  });

  it('names the missing columns', () => {
    expect(planImport(['日期', '名称'], [], 2027, []).missing).toEqual(['kind']);
  });
});

describe('the warning for next year\'s calendar', () => {
  it.each([
    ['2026-10-31', [2025, 2026], false],
    ['2026-11-01', [2025, 2026], true],
    ['2026-12-28', [2025, 2026], true],
    ['2026-12-28', [2026, 2027], false],
    ['2027-01-02', [2025, 2026], false], // a new year: then this year's calendar is what is missing (another warning)
  ] as const)('on %s with %j published: %s', (today, years, due) => expect(nextYearWarningDue(today, new Set(years))).toBe(due));
});
