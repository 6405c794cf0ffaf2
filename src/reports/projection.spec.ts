import { describe, expect, it } from '@jest/globals';
import type { Facts } from '../policy/engine/facts.js';
import { averageGrowth, FORECAST_ASSUMPTIONS, oneYearLater, projectFacts } from './projection.js';

const facts = (financials: Facts['financials']): Facts => ({ enterprise: { districtCode: '120116' }, financials, ipAssets: [], qualifications: [] });

describe('forecast projection', () => {
  it.each([
    ['three pairs averaged', [100, 110, 121, 133.1], 0.1],
    ['capped above', [100, 200, 400, 800], FORECAST_ASSUMPTIONS.growthMax],
    ['capped below', [100, 50, 25, 12.5], FORECAST_ASSUMPTIONS.growthMin],
    ['one pair', [100, 120], 0.2],
    ['a single year: no growth', [100], 0],
    ['only the last three pairs', [1, 100, 110, 121, 133.1], 0.1],
  ])('average revenue growth: %s', (_label, revenues, expected) => {
    const fin = (revenues as number[]).map((r, i) => ({ year: 2020 + i, operatingRevenue: r }));
    expect(averageGrowth(fin, 'operatingRevenue', 3, FORECAST_ASSUMPTIONS.growthMin, FORECAST_ASSUMPTIONS.growthMax)).toBeCloseTo(expected as number, 10);
  });

  it('a gap between years breaks the pair', () => {
    const fin = [{ year: 2021, operatingRevenue: 100 }, { year: 2023, operatingRevenue: 300 }, { year: 2024, operatingRevenue: 330 }];
    expect(averageGrowth(fin, 'operatingRevenue', 3, -1, 5)).toBeCloseTo(0.1, 10);
  });

  it('projects year N from N-1: revenue and R&D grow together (intensity held), staff ratio held, liabilities ratio held', () => {
    const p = projectFacts(facts([
      { year: 2023, operatingRevenue: 1_000_000, totalAssets: 2_000_000, employees: 100, stStaff: 20, transformedAchievements: 1 },
      { year: 2024, operatingRevenue: 1_100_000, totalAssets: 2_200_000, employees: 110, stStaff: 22, transformedAchievements: 2 },
      { year: 2025, operatingRevenue: 1_210_000, salesRevenue: 1_200_000, rdExpense: 60_500, rdExpenseDomestic: 60_000, totalAssets: 2_420_000, totalLiabilities: 1_210_000, employees: 121, stStaff: 30, transformedAchievements: 3 },
    ]), 2026);
    expect(p.projected).toBe(true);
    expect(p.revenueGrowth).toBeCloseTo(0.1, 10);
    const next = p.facts.financials!.at(-1)!;
    expect(next.year).toBe(2026);
    expect(next.operatingRevenue).toBeCloseTo(1_331_000, 2);
    expect(next.salesRevenue).toBeCloseTo(1_320_000, 2);
    expect(next.rdExpense! / next.operatingRevenue!).toBeCloseTo(60_500 / 1_210_000, 8);
    expect(next.totalAssets).toBeCloseTo(2_662_000, 2);
    expect(next.totalLiabilities! / next.totalAssets!).toBeCloseTo(0.5, 8);
    expect(next.employees).toBe(133);
    expect(next.stStaff).toBe(Math.round((30 / 121) * 133));
    expect(next.transformedAchievements).toBe(2);
  });

  it('drops figures of the running year and projects nothing without N-1 figures', () => {
    const p = projectFacts(facts([{ year: 2023, operatingRevenue: 5 }, { year: 2026, operatingRevenue: 9 }]), 2026);
    expect(p.projected).toBe(false);
    expect(p.facts.financials!.map((f) => f.year)).toEqual([2023]);
  });

  it('does not touch the input', () => {
    const input = facts([{ year: 2025, operatingRevenue: 10 }]);
    projectFacts(input, 2026);
    expect(input.financials).toHaveLength(1);
  });

  it('one year later', () => {
    expect(oneYearLater('2026-11-22')).toBe('2027-11-22');
    expect(oneYearLater('2028-02-29')).toBe('2029-02-28');
  });
});
