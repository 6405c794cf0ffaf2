/**
 * The plan cockpit (issue 17): every quantitative target of the plan the data can measure, target
 * against actual by year, with the trend (change from the year before) and the gap (target − actual).
 * Pure: the service passes the targets of the period and the actuals it measured.
 *
 * Units: `count` (enterprises) and `percent` (a percentage, 3.3 = 3.3 %; a change from the baseline
 * year for the transformation KPIs, +50 = +50 %). Targets of the `target` table are the plan's
 * (set or interpolated within the period); the transformation targets are the reference settings
 * kpi.target.* and apply to the period's last year.
 */
export type CockpitUnit = 'count' | 'percent';

export interface CockpitPoint {
  year: number;
  target: number | null;
  targetKind: 'set' | 'interpolated' | 'not-entered' | null;
  actual: number | null;
  /** target − actual (for a cut target, the remaining cut: actual − target); null without both. */
  gap: number | null;
  /** actual − the previous year's actual. */
  trend: number | null;
}

export interface CockpitRow {
  indicator: string;
  unit: CockpitUnit;
  /** A cut target (energy per value added): lower actuals are better. */
  lowerIsBetter?: boolean;
  source: string | null;
  /** The list behind the actual. */
  link: string | null;
  points: CockpitPoint[];
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function cockpitPoints(
  years: readonly number[],
  target: (year: number) => { target: number | null; targetKind: CockpitPoint['targetKind'] },
  actual: (year: number) => number | null,
  opts: { lowerIsBetter?: boolean; digits?: number } = {},
): CockpitPoint[] {
  const digits = opts.digits ?? 2;
  let previous: number | null = null;
  return years.map((year) => {
    const t = target(year);
    const a = actual(year);
    const gap = t.target === null || a === null ? null : round(opts.lowerIsBetter ? a - t.target : t.target - a, digits);
    const trend = a === null || previous === null ? null : round(a - previous, digits);
    previous = a;
    return { year, target: t.target, targetKind: t.targetKind, actual: a === null ? null : round(a, digits), gap, trend };
  });
}
