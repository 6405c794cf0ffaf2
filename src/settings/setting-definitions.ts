/**
 * Which reference settings exist and what a valid value of each is. The values themselves are
 * data (`reference_setting`, dated records edited on /admin/reference/settings); this file only
 * says how to read and check them. Pure: no framework imports.
 *
 * `fallback` is used only when the table holds no row for the key at all (a fresh database before
 * its migration seed, or a unit test without a database) and equals the migration's seed.
 */
export type SettingKind = 'int' | 'digits';

export interface SettingDefinition {
  key: string;
  kind: SettingKind;
  /** int: inclusive bounds; digits: length bounds. */
  min: number;
  max: number;
  /** Catalogue key of the unit shown beside the value (months, days, years, working days, …). */
  unit: 'months' | 'days' | 'years' | 'workingDays' | 'year' | 'prefix' | 'points' | 'percent';
  fallback: string;
}

export const SETTING_DEFINITIONS = [
  { key: 'radar.hnteLeadMonths', kind: 'int', min: 1, max: 24, unit: 'months', fallback: '6' },
  { key: 'radar.recognitionLeadDays', kind: 'int', min: 1, max: 365, unit: 'days', fallback: '60' },
  { key: 'radar.hnteTaskDueMonths', kind: 'int', min: 0, max: 12, unit: 'months', fallback: '3' },
  { key: 'radar.recognitionTaskDueDays', kind: 'int', min: 0, max: 180, unit: 'days', fallback: '14' },
  { key: 'credit.lookbackYears', kind: 'int', min: 0, max: 5, unit: 'years', fallback: '1' },
  { key: 'region.divisionPrefix', kind: 'digits', min: 2, max: 6, unit: 'prefix', fallback: '12' },
  { key: 'reminders.dueSoonWorkingDays', kind: 'int', min: 0, max: 20, unit: 'workingDays', fallback: '2' },
  { key: 'notice.workingDays', kind: 'int', min: 5, max: 30, unit: 'workingDays', fallback: '10' },
  { key: 'renewals.months', kind: 'int', min: 1, max: 36, unit: 'months', fallback: '12' },
  { key: 'reports.visitDays', kind: 'int', min: 7, max: 366, unit: 'days', fallback: '90' },
  { key: 'cultivation.firstYear', kind: 'int', min: 2000, max: 2100, unit: 'year', fallback: '2020' },
  // Transformation KPIs (rules.md §9, provisional): grading weights and cut-offs, city targets from the baseline year.
  { key: 'kpi.weight.taxPerMu', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '40' },
  { key: 'kpi.weight.revenuePerMu', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '20' },
  { key: 'kpi.weight.valueAddedPerEnergy', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '20' },
  { key: 'kpi.weight.labourProductivity', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '10' },
  { key: 'kpi.weight.rdIntensity', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '10' },
  { key: 'kpi.grade.a', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '80' },
  { key: 'kpi.grade.b', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '60' },
  { key: 'kpi.grade.c', kind: 'int', min: 0, max: 100, unit: 'points', fallback: '40' },
  { key: 'kpi.baselineYear', kind: 'int', min: 2000, max: 2100, unit: 'year', fallback: '2020' },
  { key: 'kpi.target.profitPct', kind: 'int', min: -100, max: 1000, unit: 'percent', fallback: '50' },
  { key: 'kpi.target.taxPerHectarePct', kind: 'int', min: -100, max: 1000, unit: 'percent', fallback: '50' },
  { key: 'kpi.target.energyPct', kind: 'int', min: -100, max: 1000, unit: 'percent', fallback: '-15' },
] as const satisfies readonly SettingDefinition[];

export type SettingKey = (typeof SETTING_DEFINITIONS)[number]['key'];
export const SETTING_KEYS: readonly SettingKey[] = SETTING_DEFINITIONS.map((d) => d.key);

export function definitionOf(key: string): SettingDefinition | undefined {
  return (SETTING_DEFINITIONS as readonly SettingDefinition[]).find((d) => d.key === key);
}

/** A reason code (catalogue key suffix) when the text is not a valid value of the setting, else null. */
export function invalidValue(def: SettingDefinition, text: string): 'int' | 'range' | 'digits' | null {
  const v = text.trim();
  if (def.kind === 'digits') return /^\d+$/.test(v) && v.length >= def.min && v.length <= def.max ? null : 'digits';
  if (!/^-?\d+$/.test(v)) return 'int';
  const n = Number(v);
  return n < def.min || n > def.max ? 'range' : null;
}

export interface DatedValue {
  effectiveFrom: string;
  value: string;
}

/**
 * The value in effect on `date`: the latest record effective on or before it; before every record,
 * the earliest one (a date older than the data still gets an answer, the oldest known).
 */
export function valueOn(rows: readonly DatedValue[], date: string): string | undefined {
  let best: DatedValue | undefined;
  let earliest: DatedValue | undefined;
  for (const r of rows) {
    if (!earliest || r.effectiveFrom < earliest.effectiveFrom) earliest = r;
    if (r.effectiveFrom <= date && (!best || r.effectiveFrom > best.effectiveFrom)) best = r;
  }
  return (best ?? earliest)?.value;
}
