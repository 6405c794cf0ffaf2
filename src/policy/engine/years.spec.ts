import { describe, expect, it } from '@jest/globals';
import { buildContext } from './context.js';
import type { FinancialYear } from './facts.js';
import { operatingYears, revenueForGrowth, revenueGrowth } from './years.js';

const AS_OF = '2026-03-31';
const ctxOf = (revenues: Record<number, number | undefined>, establishedOn?: string) =>
  buildContext(
    AS_OF,
    {
      enterprise: { establishedOn },
      financials: Object.entries(revenues).map(([y, r]): FinancialYear => ({ year: Number(y), operatingRevenue: r })),
    },
    { hnteValidityYears: 3 },
  );

describe('growth g (rules.md §1.3)', () => {
  it.each<[string, Record<number, number | undefined>, string | undefined, number | null, number | null]>([
    // name, revenues, establishedOn, expected g, years used
    ['three years: (R1/R2 + R2/R3)/2 − 1', { 2023: 100, 2024: 120, 2025: 150 }, '2015-01-01', (150 / 120 + 120 / 100) / 2 - 1, 3],
    ['three years, flat', { 2023: 100, 2024: 100, 2025: 100 }, '2015-01-01', 0, 3],
    ['two years of operation: R1/R2 − 1', { 2024: 100, 2025: 130 }, '2024-06-01', 0.3, 2],
    ['establishment unknown, two records: two-year formula', { 2024: 100, 2025: 130 }, undefined, 0.3, 2],
    ['R3 = 0 (no revenue in N-3): two-year formula', { 2023: 0, 2024: 100, 2025: 125 }, '2015-01-01', 0.25, 2],
    ['only one year of operation', { 2025: 100 }, '2025-02-01', null, null],
    ['R2 = 0 is a zero denominator', { 2023: 100, 2024: 0, 2025: 150 }, '2015-01-01', null, null],
    ['R1 missing', { 2023: 100, 2024: 120 }, '2015-01-01', null, null],
    ['R3 missing although the enterprise existed', { 2024: 120, 2025: 150 }, '2015-01-01', null, null],
    ['R3 figure left out', { 2023: undefined, 2024: 120, 2025: 150 }, '2015-01-01', null, null],
  ])('%s', (_name, revenues, est, g, years) => {
    const gr = revenueGrowth(ctxOf(revenues, est));
    if (g === null) {
      expect(gr.ok).toBe(false);
      if (!gr.ok) expect(gr.missing.length).toBeGreaterThan(0);
    } else {
      expect(gr.ok).toBe(true);
      if (gr.ok) {
        expect(gr.g.toNumber()).toBeCloseTo(g, 12);
        expect(gr.years).toBe(years);
      }
    }
  });

  it('exact comparison: g of exactly 20% from thirds is met at 20%', () => {
    // R3 = 3, R2 = 3.6 (×1.2), R1 = 4.32 (×1.2): g = 0.2 exactly
    const gr = revenueGrowth(ctxOf({ 2023: 3, 2024: 3.6, 2025: 4.32 }, '2015-01-01'));
    expect(gr.ok && gr.g.gte(0.2)).toBe(true);
    const below = revenueGrowth(ctxOf({ 2023: 3, 2024: 3.6, 2025: 4.3199 }, '2015-01-01'));
    expect(below.ok && below.g.gte(0.2)).toBe(false);
  });

  it.each<[Record<number, number>, number]>([
    [{ 2023: 100, 2024: 120, 2025: 130 }, 0.2],
    [{ 2024: 100, 2025: 110 }, 0.2],
    [{ 2023: 90, 2024: 100, 2025: 95 }, 0],
  ])('the N-1 revenue needed for a target g reaches it exactly (%o, %d)', (revenues, target) => {
    const est = Object.keys(revenues).length === 3 ? '2015-01-01' : '2024-01-01';
    const gr = revenueGrowth(ctxOf(revenues, est));
    if (!gr.ok) throw new Error('growth should be computable');
    const needed = revenueForGrowth(gr, target).toNumber();
    const again = revenueGrowth(ctxOf({ ...revenues, 2025: needed }, est));
    expect(again.ok && again.g.toNumber()).toBeCloseTo(target, 9);
  });
});

describe('operating years', () => {
  it.each<[string | undefined, number[], number[]]>([
    ['2015-01-01', [2025], [2025, 2024, 2023]],
    ['2024-07-01', [2024, 2025], [2025, 2024]],
    ['2026-01-05', [], [2025]],
    [undefined, [2022, 2025], [2025, 2024, 2023]],
    [undefined, [2025], [2025]],
  ])('established %s with records %o: %o', (est, records, years) => {
    const ctx = buildContext(AS_OF, { enterprise: { establishedOn: est }, financials: records.map((year) => ({ year })) }, { hnteValidityYears: 3 });
    expect(operatingYears(ctx, 3)).toEqual(years);
  });
});
