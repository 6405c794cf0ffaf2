import { isPercentMetric } from './target.entity.js';

/**
 * Target values as people type and read them: counts as whole numbers, ratios as percentages with
 * up to two decimals (stored as whole hundredths of a percent, so sums stay exact). Pure.
 */
export function storedTargetValue(metric: string, typed: number): number | null {
  if (!Number.isFinite(typed) || typed < 0) return null;
  if (!isPercentMetric(metric)) return Number.isInteger(typed) ? typed : null;
  const hundredths = Math.round(typed * 100);
  return Math.abs(hundredths - typed * 100) < 1e-6 && hundredths <= 10_000 ? hundredths : null;
}

/** The value as the API and forms show it: the count, or the percentage (3.3 for 330). */
export function shownTargetValue(metric: string, stored: number): number {
  return isPercentMetric(metric) ? stored / 100 : stored;
}

/** The value for a page: "11,600" or "3.30%". */
export function formatTargetValue(metric: string, stored: number | null): string {
  if (stored === null) return '';
  return isPercentMetric(metric) ? `${(stored / 100).toFixed(2)}%` : stored.toLocaleString('en-US');
}
