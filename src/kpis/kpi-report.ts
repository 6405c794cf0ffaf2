import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { changeFrom, GRADES, targetMet, type Grade } from './kpi-grading.js';

/**
 * Transformation KPIs per district and per industry section for a year, against the city targets
 * measured from the baseline year (rules.md §9; api.md GET /api/v1/reports/kpis). Every figure is
 * an SQL aggregate over live files in the caller's scope and filters:
 *
 * - grade counts from the materialised kpi_grade rows of the year;
 * - tax per mu = Σ taxes ÷ Σ land over files with both figures (land > 0) — the area's ratio of
 *   sums, not a mean of ratios; energy per 10,000 yuan of value added likewise; total profit = Σ;
 * - each against the baseline year's same aggregate (all files with figures in each year).
 *   Tax per hectare changes exactly as tax per mu (1 ha = 15 亩), so the tax target is measured on it.
 */
export interface KpiTargets {
  baselineYear: number;
  /** Target changes as shares: 0.5 = +50 %, −0.15 = −15 %. */
  profit: number;
  taxPerHectare: number;
  energy: number;
}

export interface KpiMeasures {
  taxPerMu: number | null;
  energyPer10kValueAdded: number | null;
  totalProfit: number | null;
}

export interface TargetCheck {
  baseline: number | null;
  actual: number | null;
  change: number | null;
  target: number;
  met: boolean | null;
}

export interface KpiArea {
  key: string;
  enterprises: number;
  graded: number;
  grades: Record<Grade, number>;
  measures: KpiMeasures;
  baseline: KpiMeasures;
  vsTarget: { totalProfit: TargetCheck; taxPerHectare: TargetCheck; energy: TargetCheck };
}

export interface KpiReport {
  year: number;
  targets: KpiTargets;
  districts: KpiArea[];
  sections: KpiArea[];
  city: KpiArea;
}

type Area = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string) => SelectQueryBuilder<T>;

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const zeroGrades = (): Record<Grade, number> => Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;

interface Sums {
  files: number;
  taxT: number | null;
  taxL: number | null;
  energyE: number | null;
  energyV: number | null;
  profit: number | null;
}

/** The sums behind the measures, in yuan / 亩 / 吨标准煤 (columns hold fen and hundredths). */
export function measuresOf(s: Sums | undefined): KpiMeasures {
  if (!s) return { taxPerMu: null, energyPer10kValueAdded: null, totalProfit: null };
  return {
    taxPerMu: s.taxL && s.taxL > 0 && s.taxT !== null ? s.taxT / s.taxL : null,
    energyPer10kValueAdded: s.energyV && s.energyV > 0 && s.energyE !== null ? s.energyE / (s.energyV / 10_000) : null,
    totalProfit: s.profit,
  };
}

function check(baseline: number | null, actual: number | null, target: number): TargetCheck {
  const change = changeFrom(baseline, actual);
  return { baseline, actual, change, target, met: targetMet(change, target) };
}

export function areaOf(key: string, year: Sums | undefined, base: Sums | undefined, grades: Record<Grade, number>, t: KpiTargets): KpiArea {
  const measures = measuresOf(year);
  const baseline = measuresOf(base);
  return {
    key, enterprises: year?.files ?? 0, graded: GRADES.filter((g) => g !== 'not-graded').reduce((s, g) => s + grades[g], 0), grades, measures, baseline,
    vsTarget: {
      totalProfit: check(baseline.totalProfit, measures.totalProfit, t.profit),
      taxPerHectare: check(baseline.taxPerMu === null ? null : baseline.taxPerMu * 15, measures.taxPerMu === null ? null : measures.taxPerMu * 15, t.taxPerHectare),
      energy: check(baseline.energyPer10kValueAdded, measures.energyPer10kValueAdded, t.energy),
    },
  };
}

/** `group` is the SQL grouping expression over the enterprise alias `e` (its district, its industry section); null = the whole area. */
async function sums(dataSource: DataSource, area: Area, years: number[], group: string | null): Promise<Map<string, Sums>> {
  const qb = dataSource.createQueryBuilder().from('kpi_figures', 'k').innerJoin('enterprise', 'e', 'e.id = k.enterprise_id AND e.deleted_at IS NULL')
    .select(group ?? "'all'", 'g').addSelect('k.year', 'year').addSelect('COUNT(*)', 'files')
    .addSelect('SUM(CASE WHEN k.land_mu > 0 AND k.taxes_paid IS NOT NULL THEN k.taxes_paid END)', 'tax_t')
    .addSelect('SUM(CASE WHEN k.land_mu > 0 AND k.taxes_paid IS NOT NULL THEN k.land_mu END)', 'tax_l')
    .addSelect('SUM(CASE WHEN k.value_added > 0 AND k.energy_tce IS NOT NULL THEN k.energy_tce END)', 'energy_e')
    .addSelect('SUM(CASE WHEN k.value_added > 0 AND k.energy_tce IS NOT NULL THEN k.value_added END)', 'energy_v')
    .addSelect('SUM(k.total_profit)', 'profit')
    .where('k.year IN (:...years)', { years })
    .groupBy('k.year');
  if (group) qb.addGroupBy(group);
  const rows = await area(qb, 'e').getRawMany<Record<string, unknown>>();
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const cents = (v: unknown) => (num(v) === null ? null : num(v)! / 100);
    out.set(`${String(r.g)}|${Number(r.year)}`, { files: Number(r.files), taxT: cents(r.tax_t), taxL: cents(r.tax_l), energyE: cents(r.energy_e), energyV: cents(r.energy_v), profit: cents(r.profit) });
  }
  return out;
}

async function gradeCounts(dataSource: DataSource, area: Area, year: number, group: string | null): Promise<Map<string, Record<Grade, number>>> {
  const qb = dataSource.createQueryBuilder().from('kpi_grade', 'g').innerJoin('enterprise', 'e', 'e.id = g.enterprise_id AND e.deleted_at IS NULL')
    .select(group ?? "'all'", 'k').addSelect('g.grade', 'grade').addSelect('COUNT(*)', 'n')
    .where('g.year = :year', { year }).groupBy('g.grade');
  if (group) qb.addGroupBy(group);
  const rows = await area(qb, 'e').getRawMany<Record<string, unknown>>();
  const out = new Map<string, Record<Grade, number>>();
  for (const r of rows) {
    const key = String(r.k);
    const counts = out.get(key) ?? zeroGrades();
    if ((GRADES as readonly string[]).includes(String(r.grade))) counts[r.grade as Grade] += Number(r.n);
    out.set(key, counts);
  }
  return out;
}

/** The industry section of `e` as SQL: the GB/T 4754 letter, `?` when unknown (as kpi-grading.ts sectionOf). */
export const SECTION_SQL = "(CASE WHEN e.industry_code IS NULL OR e.industry_code = '' THEN '?' ELSE UPPER(SUBSTR(e.industry_code, 1, 1)) END)";

export async function kpiReport(dataSource: DataSource, area: Area, year: number, districtCodes: string[], targets: KpiTargets): Promise<KpiReport> {
  const years = [...new Set([year, targets.baselineYear])];
  const [byDistrict, bySection, gradesD, gradesS, city, cityGrades] = await Promise.all([
    sums(dataSource, area, years, 'e.district_code'),
    sums(dataSource, area, years, SECTION_SQL),
    gradeCounts(dataSource, area, year, 'e.district_code'),
    gradeCounts(dataSource, area, year, SECTION_SQL),
    sums(dataSource, area, years, null),
    gradeCounts(dataSource, area, year, null),
  ]);
  const sectionKeys = [...new Set([...bySection.keys()].filter((k) => k.endsWith(`|${year}`)).map((k) => k.split('|')[0]!))].sort();
  return {
    year, targets,
    districts: districtCodes.map((d) => areaOf(d, byDistrict.get(`${d}|${year}`), byDistrict.get(`${d}|${targets.baselineYear}`), gradesD.get(d) ?? zeroGrades(), targets)),
    sections: sectionKeys.map((s) => areaOf(s, bySection.get(`${s}|${year}`), bySection.get(`${s}|${targets.baselineYear}`), gradesS.get(s) ?? zeroGrades(), targets)),
    city: areaOf('all', city.get(`all|${year}`), city.get(`all|${targets.baselineYear}`), cityGrades.get('all') ?? zeroGrades(), targets),
  };
}

/** GET /api/v1/reports/kpis (api.md): per district the graded count, grades, measures and each against the city target. */
export function kpiReportJson(r: KpiReport) {
  const area = (a: KpiArea) => ({
    enterprises: a.enterprises, graded: a.graded, grades: a.grades,
    taxPerMu: a.measures.taxPerMu, energyPer10kValueAdded: a.measures.energyPer10kValueAdded, totalProfit: a.measures.totalProfit,
    baseline: a.baseline, vsTarget: a.vsTarget,
  });
  return {
    year: r.year, baselineYear: r.targets.baselineYear,
    targets: { totalProfit: r.targets.profit, taxPerHectare: r.targets.taxPerHectare, energyPer10kValueAdded: r.targets.energy },
    items: r.districts.map((d) => ({ districtCode: d.key, ...area(d) })),
    byIndustry: r.sections.map((s) => ({ industrySection: s.key, ...area(s) })),
    city: area(r.city),
  };
}
