/**
 * Which plan period a year belongs to, and a period's target for a year. Pure: no framework imports.
 *
 * A year belongs to the period whose first..last years contain it; a year before every such
 * period may still be the base year of one (2020 for the 14th plan), whose baseline figures then
 * show. Targets never cross periods: a year of the 15th plan does not interpolate towards the
 * 14th plan's goal, and a period without targets for a metric is "not entered".
 */
export interface PeriodSpan {
  id: number;
  code: string;
  baseYear: number;
  firstYear: number;
  lastYear: number;
}

export interface YearValue {
  year: number;
  value: number;
}

export type TargetKind = 'set' | 'interpolated' | 'not-entered';

export interface PlanTarget {
  target: number | null;
  targetKind: TargetKind | null;
  /** The plan period's code, null when no period covers the year. */
  planPeriod: string | null;
}

export function periodOfYear<P extends PeriodSpan>(periods: readonly P[], year: number): P | null {
  return periods.find((p) => p.firstYear <= year && year <= p.lastYear) ?? periods.find((p) => p.baseYear === year) ?? null;
}

/** The target of a year: set for it, or interpolated linearly between the nearest set years around it. */
export function targetFor(set: readonly YearValue[], year: number): { target: number | null; targetKind: 'set' | 'interpolated' | null } {
  const exact = set.find((r) => r.year === year);
  if (exact) return { target: exact.value, targetKind: 'set' };
  const before = set.filter((r) => r.year < year).sort((a, b) => b.year - a.year)[0];
  const after = set.filter((r) => r.year > year).sort((a, b) => a.year - b.year)[0];
  if (!before || !after) return { target: null, targetKind: null };
  return { target: Math.round(before.value + ((after.value - before.value) * (year - before.year)) / (after.year - before.year)), targetKind: 'interpolated' };
}

/** The year's target within its plan period, from the period's targets of one metric and area. */
export function planTargetFor(period: PeriodSpan | null, set: readonly YearValue[], year: number): PlanTarget {
  if (!period) return { target: null, targetKind: null, planPeriod: null };
  const own = set.filter((r) => r.year >= period.baseYear && r.year <= period.lastYear);
  if (!own.length) return { target: null, targetKind: 'not-entered', planPeriod: period.code };
  return { ...targetFor(own, year), planPeriod: period.code };
}

/** Average yearly change from the base year's figure to the goal (last year's), rounded; null without both. */
export function yearlyGrowth(period: PeriodSpan, set: readonly YearValue[]): number | null {
  const from = set.find((r) => r.year === period.baseYear);
  const to = set.find((r) => r.year === period.lastYear);
  if (!from || !to || period.lastYear === period.baseYear) return null;
  return Math.round((to.value - from.value) / (period.lastYear - period.baseYear));
}

/** Field problems of a period's years (catalogue key suffixes), given the other periods. */
export function spanProblems(span: Omit<PeriodSpan, 'id' | 'code'>, others: readonly PeriodSpan[]): { field: 'baseYear' | 'firstYear' | 'lastYear'; reason: string }[] {
  const out: { field: 'baseYear' | 'firstYear' | 'lastYear'; reason: string }[] = [];
  if (span.baseYear >= span.firstYear) out.push({ field: 'baseYear', reason: 'baseBeforeFirst' });
  if (span.lastYear < span.firstYear) out.push({ field: 'lastYear', reason: 'lastAfterFirst' });
  else if (others.some((o) => o.firstYear <= span.lastYear && span.firstYear <= o.lastYear)) out.push({ field: 'firstYear', reason: 'overlap' });
  return out;
}
