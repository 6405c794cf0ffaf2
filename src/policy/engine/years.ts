import type { Decimal } from 'decimal.js';
import type { EvalCtx } from './context.js';
import type { MissingInput } from './criteria-shapes.js';
import type { FinancialField } from './facts.js';
import { dec, Ratio, ZERO } from './num.js';

/** A figure of one fiscal year, or undefined when the year or the figure is absent. */
export function figure(ctx: EvalCtx, year: number, field: FinancialField): number | undefined {
  const v = ctx.fin.get(year)?.[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Whether a multi-year formula should find figures for `year`: always for N-1, and for older
 * years from the first year of operation on. "Fewer than three years of operation: the years there
 * are" — but a year the enterprise did operate in and has no figure for is `missing`, not skipped,
 * so that leaving out a bad year cannot improve a result.
 */
export function expectsYear(ctx: EvalCtx, year: number): boolean {
  return year === ctx.N - 1 || (ctx.firstYear !== undefined && year >= ctx.firstYear);
}

/** N-1, N-2, … N-span, newest first, stopping before the enterprise existed. */
export function operatingYears(ctx: EvalCtx, span: number): number[] {
  const years: number[] = [];
  for (let y = ctx.N - 1; y >= ctx.N - span; y--) {
    if (!expectsYear(ctx, y)) break;
    years.push(y);
  }
  return years;
}

/** Σ field over years; absent figures are appended to `missing` (the sum is then meaningless). */
export function sumOver(ctx: EvalCtx, years: readonly number[], field: FinancialField, missing: MissingInput[]): Decimal {
  let sum = ZERO;
  for (const y of years) {
    const v = figure(ctx, y, field);
    if (v === undefined) missing.push({ field, year: y });
    else sum = sum.plus(v);
  }
  return sum;
}

export type Growth =
  | {
      ok: true;
      /** g as an exact fraction. */
      g: Ratio;
      /** Number of years used (2 or 3). */
      years: 2 | 3;
      r1: number;
      r2: number;
      r3?: number;
      /** Oldest year used. */
      from: number;
      /** Revenue of N-3 was 0, so the two-year formula applied. */
      r3Zero?: boolean;
    }
  | { ok: false; missing: MissingInput[] };

/**
 * rules.md §1.3: g = (R1/R2 + R2/R3)/2 − 1 with R1 = revenue of N-1, R2 of N-2, R3 of N-3; with two
 * years g = R1/R2 − 1; with one year `missing`. Kept as the fraction
 * (R1·R3 + R2² − 2·R2·R3) / (2·R2·R3) so that comparisons with the threshold are exact.
 * R2 = 0 is a zero denominator (`missing`). R3 = 0 means the enterprise had no revenue in N-3,
 * i.e. "fewer than three years of revenue", so the two-year formula applies (as HNTE's rule does
 * for a zero first year).
 */
export function revenueGrowth(ctx: EvalCtx): Growth {
  const y1 = ctx.N - 1;
  const y2 = ctx.N - 2;
  const y3 = ctx.N - 3;
  const missing: MissingInput[] = [];
  const r1 = figure(ctx, y1, 'operatingRevenue');
  if (r1 === undefined) missing.push({ field: 'operatingRevenue', year: y1 });
  if (!expectsYear(ctx, y2)) {
    missing.push({ field: 'operatingRevenue', year: y2, reason: 'too-few-years', need: 2, have: 1 });
    return { ok: false, missing };
  }
  const r2 = figure(ctx, y2, 'operatingRevenue');
  if (r2 === undefined) missing.push({ field: 'operatingRevenue', year: y2 });
  else if (r2 === 0) missing.push({ field: 'operatingRevenue', year: y2, reason: 'zero' });
  let r3: number | undefined;
  if (expectsYear(ctx, y3)) {
    r3 = figure(ctx, y3, 'operatingRevenue');
    if (r3 === undefined) missing.push({ field: 'operatingRevenue', year: y3 });
  }
  if (missing.length > 0 || r1 === undefined || r2 === undefined) return { ok: false, missing };
  const R1 = dec(r1);
  const R2 = dec(r2);
  if (r3 === undefined || r3 === 0) {
    return { ok: true, g: new Ratio(R1.minus(R2), R2), years: 2, r1, r2, from: y2, r3Zero: r3 === 0 || undefined };
  }
  const R3 = dec(r3);
  const den = R2.times(R3).times(2);
  return { ok: true, g: new Ratio(R1.times(R3).plus(R2.times(R2)).minus(den), den), years: 3, r1, r2, r3, from: y3 };
}

/** The N-1 revenue that would make g reach `target`, older years unchanged. */
export function revenueForGrowth(gr: Extract<Growth, { ok: true }>, target: number): Decimal {
  const R2 = dec(gr.r2);
  const onePlus = dec(target).plus(1);
  if (gr.years === 2) return R2.times(onePlus);
  // (R1/R2 + R2/R3)/2 ≥ 1 + t  ⇔  R1 ≥ 2(1 + t)·R2 − R2²/R3
  return onePlus.times(2).times(R2).minus(R2.times(R2).div(dec(gr.r3!)));
}
