import type { EntityManager } from 'typeorm';
import { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import { KpiFigures, KpiGrade } from './kpi-figures.entity.js';
import { indicatorsOf, INDICATORS, type Grade } from './kpi-grading.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function mapKpiFigures(k: KpiFigures) {
  return {
    id: k.id, enterpriseId: k.enterpriseId, year: k.year,
    landMu: k.landMu, taxesPaid: k.taxesPaid, totalProfit: k.totalProfit, valueAdded: k.valueAdded, energyTce: k.energyTce,
    source: k.source, sourceAsOf: k.sourceAsOf, recordedBy: k.recordedBy, recordedAt: iso(k.recordedAt),
    verified: !!k.verifiedAt, verifiedBy: k.verifiedBy, verifiedAt: iso(k.verifiedAt), version: k.version,
  };
}
export type KpiFiguresView = ReturnType<typeof mapKpiFigures>;

export interface KpiYearView extends KpiFiguresView {
  /** From the yearly financials of the same year (not duplicated here). */
  operatingRevenue: number | null;
  employees: number | null;
  rdExpense: number | null;
  indicators: ReturnType<typeof indicatorsOf>;
  /** null until the grading batch ran for the year. */
  grade: Grade | null;
  score: number | null;
  percentiles: Record<string, number | null> | null;
  section: string | null;
  sectionSize: number | null;
  gradedAt: string | null;
  /** Against the previous year with figures: its grade and the change of score in points. */
  trend: { previousYear: number; previousGrade: Grade | null; scoreChange: number | null } | null;
}

/** Read the KPI years of one file: figures, the financials they take revenue/employees/R&D from, the materialised grade. */
export async function kpiYears(em: EntityManager, enterpriseId: number): Promise<KpiYearView[]> {
  const [figures, financials, grades] = await Promise.all([
    em.getRepository(KpiFigures).find({ where: { enterpriseId }, order: { year: 'ASC' } }),
    em.getRepository(AnnualFinancials).find({ where: { enterpriseId }, select: { year: true, operatingRevenue: true, employees: true, rdExpense: true } }),
    em.getRepository(KpiGrade).find({ where: { enterpriseId } }),
  ]);
  const fin = new Map(financials.map((f) => [f.year, f]));
  const grade = new Map(grades.map((g) => [g.year, g]));
  const out: KpiYearView[] = [];
  for (const k of figures) {
    const f = fin.get(k.year);
    const g = grade.get(k.year);
    const base = { operatingRevenue: f?.operatingRevenue ?? null, employees: f?.employees ?? null, rdExpense: f?.rdExpense ?? null };
    const prev = out[out.length - 1];
    const score = g?.scoreTenths === null || g?.scoreTenths === undefined ? null : g.scoreTenths / 10;
    out.push({
      ...mapKpiFigures(k), ...base,
      indicators: indicatorsOf({ ...k, ...base }),
      grade: (g?.grade as Grade | undefined) ?? null, score,
      percentiles: g ? Object.fromEntries(INDICATORS.map((i) => [i, g.percentiles[i] ?? null])) : null,
      section: g?.section ?? null, sectionSize: g?.sectionSize ?? null, gradedAt: iso(g?.computedAt),
      trend: prev ? { previousYear: prev.year, previousGrade: prev.grade, scoreChange: prev.score !== null && score !== null ? Math.round((score - prev.score) * 10) / 10 : null } : null,
    });
  }
  return out;
}

