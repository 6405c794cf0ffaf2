import { describe, expect, it } from '@jest/globals';
import { definitionOf, invalidValue, SETTING_DEFINITIONS, valueOn } from './setting-definitions.js';

describe('setting values', () => {
  it.each<[string, string, string | null]>([
    ['radar.hnteLeadMonths', '6', null],
    ['radar.hnteLeadMonths', ' 9 ', null],
    ['radar.hnteLeadMonths', '0', 'range'],
    ['radar.hnteLeadMonths', '25', 'range'],
    ['radar.hnteLeadMonths', '6.5', 'int'],
    ['radar.hnteLeadMonths', 'six', 'int'],
    ['credit.lookbackYears', '0', null],
    ['credit.lookbackYears', '6', 'range'],
    ['region.divisionPrefix', '12', null],
    ['region.divisionPrefix', '1201', null],
    ['region.divisionPrefix', '1', 'digits'],
    ['region.divisionPrefix', '12a', 'digits'],
    ['region.divisionPrefix', '1234567', 'digits'],
  ])('%s = %j → %s', (key, text, problem) => {
    expect(invalidValue(definitionOf(key)!, text)).toBe(problem);
  });

  it('every fallback is a valid value of its setting', () => {
    for (const d of SETTING_DEFINITIONS) expect([d.key, invalidValue(d, d.fallback)]).toEqual([d.key, null]);
  });
});

describe('value in force on a date', () => {
  const rows = [{ effectiveFrom: '2016-01-01', value: '6' }, { effectiveFrom: '2027-01-01', value: '9' }];
  it.each<[string, string | undefined]>([
    ['2015-12-31', '6'], // before every record: the oldest known
    ['2016-01-01', '6'],
    ['2026-12-31', '6'],
    ['2027-01-01', '9'],
    ['2030-06-30', '9'],
  ])('%s → %s', (date, value) => {
    expect(valueOn(rows, date)).toBe(value);
  });

  it('no records → undefined (the caller falls back to the definition)', () => {
    expect(valueOn([], '2026-01-01')).toBeUndefined();
  });
});
