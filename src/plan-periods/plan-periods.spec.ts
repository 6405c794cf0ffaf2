import { describe, expect, it } from '@jest/globals';
import { periodOfYear, planTargetFor, spanProblems, yearlyGrowth, type PeriodSpan } from './plan-periods.js';

const P14: PeriodSpan = { id: 1, code: '14th', baseYear: 2020, firstYear: 2021, lastYear: 2025 };
const P15: PeriodSpan = { id: 2, code: '15th', baseYear: 2025, firstYear: 2026, lastYear: 2030 };
const PERIODS = [P14, P15];
/** rules.md §6: HNTE stock 7,420 (2020) → 11,600 (2025). */
const HNTE_14 = [{ year: 2020, value: 7420 }, { year: 2025, value: 11600 }];

describe('plan period of a year', () => {
  it.each<[number, string | null]>([
    [2019, null],
    [2020, '14th'], // the 14th plan's base year, before every period
    [2021, '14th'],
    [2022, '14th'],
    [2023, '14th'],
    [2024, '14th'],
    [2025, '14th'], // the 14th plan's goal year wins over the 15th plan's base year
    [2026, '15th'],
    [2030, '15th'],
    [2031, null],
  ])('%i → %s', (year, code) => {
    expect(periodOfYear(PERIODS, year)?.code ?? null).toBe(code);
  });
});

describe('target of a year within its plan period', () => {
  it.each<[number, number | null, string | null, string | null]>([
    [2020, 7420, 'set', '14th'],
    [2021, 8256, 'interpolated', '14th'],
    [2022, 9092, 'interpolated', '14th'],
    [2025, 11600, 'set', '14th'],
    [2026, null, 'not-entered', '15th'], // the 15th plan has no targets yet: never the 14th plan's figures
    [2030, null, 'not-entered', '15th'],
    [2031, null, null, null],
  ])('%i → %s (%s, %s)', (year, target, kind, plan) => {
    const period = periodOfYear(PERIODS, year);
    const set = period?.code === '14th' ? HNTE_14 : [];
    expect(planTargetFor(period, set, year)).toEqual({ target, targetKind: kind, planPeriod: plan });
  });

  it('a 15th plan year with only a later target has no target, and does not reach back to 2025', () => {
    expect(planTargetFor(P15, [{ year: 2025, value: 11600 }, { year: 2027, value: 12400 }].filter((r) => r.year >= 2026), 2026)).toEqual({ target: null, targetKind: null, planPeriod: '15th' });
  });
});

describe('yearly growth of a plan', () => {
  it.each<[string, PeriodSpan, { year: number; value: number }[], number | null]>([
    ['14th plan HNTE: (11,600 − 7,420) ÷ 5', P14, HNTE_14, 836],
    ['no goal entered', P14, [{ year: 2020, value: 7420 }], null],
    ['15th plan, nothing entered', P15, [], null],
  ])('%s', (_name, period, set, growth) => {
    expect(yearlyGrowth(period, set)).toBe(growth);
  });
});

describe('years of a plan period', () => {
  it.each<[string, { baseYear: number; firstYear: number; lastYear: number }, string[]]>([
    ['the 16th plan after the 15th', { baseYear: 2030, firstYear: 2031, lastYear: 2035 }, []],
    ['base year not before the first', { baseYear: 2031, firstYear: 2031, lastYear: 2035 }, ['baseYear:baseBeforeFirst']],
    ['last year before the first', { baseYear: 2030, firstYear: 2031, lastYear: 2029 }, ['lastYear:lastAfterFirst']],
    ['overlapping the 15th plan', { baseYear: 2029, firstYear: 2030, lastYear: 2034 }, ['firstYear:overlap']],
  ])('%s', (_name, span, problems) => {
    expect(spanProblems(span, PERIODS).map((p) => `${p.field}:${p.reason}`)).toEqual(problems);
  });
});
