import type { Facts, FinancialYear } from '../policy/engine/facts.js';

/**
 * The forecast's assumptions, stated on the page as they are applied here. Pure: no I/O, no clock.
 *
 * Each enterprise's fiscal year N (the year now running) is projected from its own last years:
 * - revenue-type figures grow at the enterprise's average year-on-year operating-revenue growth over
 *   (up to) the last three years, capped to [growthMin, growthMax];
 * - R&D intensity is held (R&D grows with revenue), as is the domestic share of R&D;
 * - total assets grow at their own average growth (same cap), the liabilities ratio is held;
 * - employees grow at their own average growth, capped to [staffGrowthMin, staffGrowthMax];
 *   the S&T-staff ratio is held;
 * - transformed achievements: the average of the last three years.
 * Without figures for N-1 nothing is projected (the enterprise is counted as "insufficient data").
 */
export interface ProjectionAssumptions {
  years: number;
  growthMin: number;
  growthMax: number;
  staffGrowthMin: number;
  staffGrowthMax: number;
}

export const FORECAST_ASSUMPTIONS: ProjectionAssumptions = { years: 3, growthMin: -0.3, growthMax: 0.5, staffGrowthMin: -0.2, staffGrowthMax: 0.3 };

/** Figures that move with revenue. */
const REVENUE_FIELDS = ['operatingRevenue', 'salesRevenue', 'mainBusinessRevenue', 'totalIncome', 'nonTaxableIncome', 'investmentIncome', 'highTechRevenue', 'totalCostAndExpense', 'rdExpense', 'rdExpenseDomestic'] as const;

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));
const money = (x: number) => Math.round(x * 100) / 100;

/**
 * Average year-on-year growth of one figure over the last `years` consecutive pairs ending at the
 * last year (only pairs of adjacent fiscal years with a positive base count), capped; 0 without any.
 */
export function averageGrowth(financials: readonly FinancialYear[], field: keyof FinancialYear, years: number, min: number, max: number): number {
  const byYear = new Map(financials.map((f) => [f.year, f]));
  const last = financials.reduce((m, f) => Math.max(m, f.year), -Infinity);
  const rates: number[] = [];
  for (let y = last; y > last - years; y--) {
    const cur = byYear.get(y)?.[field];
    const prev = byYear.get(y - 1)?.[field];
    if (typeof cur === 'number' && typeof prev === 'number' && prev > 0 && cur >= 0) rates.push(cur / prev - 1);
  }
  if (!rates.length) return 0;
  return clamp(rates.reduce((a, b) => a + b, 0) / rates.length, min, max);
}

export interface Projection {
  facts: Facts;
  projected: boolean;
  revenueGrowth: number | null;
}

/** The facts with fiscal year `year` added as projected from the enterprise's own trend. */
export function projectFacts(facts: Facts, year: number, a: ProjectionAssumptions = FORECAST_ASSUMPTIONS): Projection {
  const financials = [...(facts.financials ?? [])].filter((f) => f.year < year).sort((x, y) => x.year - y.year);
  const last = financials[financials.length - 1];
  if (!last || last.year !== year - 1) return { facts: { ...facts, financials }, projected: false, revenueGrowth: null };

  const g = averageGrowth(financials, 'operatingRevenue', a.years, a.growthMin, a.growthMax);
  const gAssets = averageGrowth(financials, 'totalAssets', a.years, a.growthMin, a.growthMax);
  const gStaff = averageGrowth(financials, 'employees', a.years, a.staffGrowthMin, a.staffGrowthMax);

  const next: FinancialYear = { year };
  for (const field of REVENUE_FIELDS) {
    const v = last[field];
    if (typeof v === 'number') next[field] = money(v * (1 + g));
  }
  if (typeof last.totalAssets === 'number') next.totalAssets = money(last.totalAssets * (1 + gAssets));
  if (typeof last.totalLiabilities === 'number') next.totalLiabilities = money(last.totalLiabilities * (1 + gAssets));
  if (typeof last.employees === 'number') {
    next.employees = Math.max(0, Math.round(last.employees * (1 + gStaff)));
    if (typeof last.stStaff === 'number') next.stStaff = last.employees > 0 ? Math.round((last.stStaff / last.employees) * next.employees) : last.stStaff;
  }
  const achievements = financials.slice(-a.years).map((f) => f.transformedAchievements).filter((v): v is number => typeof v === 'number');
  if (achievements.length) next.transformedAchievements = Math.round(achievements.reduce((s, v) => s + v, 0) / achievements.length);

  return { facts: { ...facts, financials: [...financials, next] }, projected: true, revenueGrowth: g };
}

/** The same calendar day one year later (29 February becomes 28 February). */
export function oneYearLater(iso: string): string {
  const year = Number(iso.slice(0, 4)) + 1;
  const rest = iso.slice(4) === '-02-29' ? '-02-28' : iso.slice(4);
  return `${year}${rest}`;
}
