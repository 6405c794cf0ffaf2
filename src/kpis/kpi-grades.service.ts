import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { now } from '../common/clock.js';
import { SettingsService } from '../settings/settings.service.js';
import { KpiGrade } from './kpi-figures.entity.js';
import { gradeYear, sectionOf, type GradingParams, type GradingSubject } from './kpi-grading.js';

const CHUNK = 400;
/** The PostgreSQL advisory lock that serialises the rewriting of one year's grades (any constant: "kpig"). */
export const KPI_GRADES_LOCK = 0x6b706967;
const num = (v: unknown, scale = 100): number | null => (v === null || v === undefined ? null : Number(v) / scale);

/**
 * Grades one year (optionally one district) inside the caller's transaction and rewrites its
 * kpi_grade rows; returns the number of files graded or not-graded. Also used by the demo seed and
 * the bulk generator, which grade with the default parameters (equal to the seeded settings).
 */
export async function gradeYearInDb(em: EntityManager, year: number, params: GradingParams, districtCode?: string, section?: string): Promise<number> {
  // Two writes in one section grade it at once: each deletes the section's rows and inserts its own.
  // On PostgreSQL the second's DELETE does not see the first's new rows and its INSERT then hits the
  // unique (enterprise, year) key — a 500 the fuzz suite found with 12 concurrent PUTs. Held to commit;
  // SQLite's write transactions are already one at a time.
  if (em.connection.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1, $2)', [KPI_GRADES_LOCK, year]);
  const qb = em.createQueryBuilder().from('kpi_figures', 'k')
    .innerJoin('enterprise', 'e', 'e.id = k.enterprise_id AND e.deleted_at IS NULL')
    .leftJoin('annual_financials', 'f', 'f.enterprise_id = k.enterprise_id AND f.year = k.year')
    .select(['k.enterprise_id AS id', 'e.district_code AS district', 'e.industry_code AS industry', 'k.land_mu AS land', 'k.taxes_paid AS taxes',
      'k.total_profit AS profit', 'k.value_added AS va', 'k.energy_tce AS energy', 'f.operating_revenue AS revenue', 'f.employees AS employees', 'f.rd_expense AS rd'])
    .where('k.year = :year', { year });
  if (districtCode) qb.andWhere('e.district_code = :d', { d: districtCode });
  const rows = await qb.getRawMany<Record<string, unknown>>();
  const district = new Map<number, string>();
  const all: GradingSubject[] = rows.map((r) => {
    const id = Number(r.id);
    district.set(id, String(r.district));
    return {
      enterpriseId: id, section: sectionOf(String(r.district), r.industry as string | null),
      inputs: {
        landMu: num(r.land), taxesPaid: num(r.taxes), totalProfit: num(r.profit), valueAdded: num(r.va), energyTce: num(r.energy),
        operatingRevenue: num(r.revenue), employees: num(r.employees, 1), rdExpense: num(r.rd),
      },
    };
  });
  // One section is a peer group of its own: after a write only the writer's section needs regrading.
  const subjects = section ? all.filter((x) => x.section === section) : all;
  const results = gradeYear(subjects, params);
  // Replace the year's rows of the district or section (and of files that moved into it) in one transaction.
  if (districtCode) {
    const stale = em.createQueryBuilder().delete().from(KpiGrade).where('year = :year AND district_code = :d', { year, d: districtCode });
    if (section) stale.andWhere('section = :s', { s: section });
    await stale.execute();
    const ids = subjects.map((s) => s.enterpriseId);
    for (let i = 0; i < ids.length; i += CHUNK) {
      await em.createQueryBuilder().delete().from(KpiGrade).where('year = :year AND enterprise_id IN (:...ids)', { year, ids: ids.slice(i, i + CHUNK) }).execute();
    }
  } else {
    await em.createQueryBuilder().delete().from(KpiGrade).where('year = :year', { year }).execute();
  }
  const at = now();
  for (let i = 0; i < results.length; i += CHUNK) {
    await em.createQueryBuilder().insert().into(KpiGrade).values(results.slice(i, i + CHUNK).map((r) => ({
      enterpriseId: r.enterpriseId, year, districtCode: district.get(r.enterpriseId)!, section: r.section, grade: r.grade,
      scoreTenths: r.score === null ? null : Math.round(r.score * 10), sectionSize: r.sectionSize,
      indicators: r.indicators as unknown as Record<string, number | null>, percentiles: r.percentiles, computedAt: at,
    }))).updateEntity(false).execute();
  }
  return results.length;
}

/**
 * The grading batch: reads the year's KPI figures with the yearly financials (revenue, employees,
 * R&D) of live files, grades them per section (kpi-grading.ts) and rewrites the materialised
 * kpi_grade rows, so the file and the reports read a grade instead of ranking every file per
 * request. Run for one district after a write there (a write moves its peers' percentiles), for a
 * whole year after an import, and for every year from the CLI or when parameters change.
 */
@Injectable()
export class KpiGradesService {
  private readonly logger = new Logger(KpiGradesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** Weights and cut-offs in force today (reference settings kpi.*, provisional). */
  async params(): Promise<GradingParams> {
    const i = (k: Parameters<SettingsService['int']>[0]) => this.settings.int(k);
    return {
      weights: {
        taxPerMu: await i('kpi.weight.taxPerMu'), revenuePerMu: await i('kpi.weight.revenuePerMu'), valueAddedPerEnergy: await i('kpi.weight.valueAddedPerEnergy'),
        labourProductivity: await i('kpi.weight.labourProductivity'), rdIntensity: await i('kpi.weight.rdIntensity'),
      },
      cutoffs: { a: await i('kpi.grade.a'), b: await i('kpi.grade.b'), c: await i('kpi.grade.c') },
    };
  }

  /**
   * Grades one year (optionally one district, or one section of it); returns the number of files
   * graded or not-graded. Inside a caller's transaction (`manager`), pass `params` read before that
   * transaction opened: reading the settings inside it would take a second pooled connection while
   * this one holds the grades lock — with the pool busy, a stall (and on SQLite a wait on itself).
   */
  async grade(year: number, options: { districtCode?: string; section?: string; manager?: EntityManager; params?: GradingParams } = {}): Promise<number> {
    const { districtCode, section, manager } = options;
    if (manager && !options.params) throw new Error('KpiGradesService.grade: inside a transaction, pass the params read before it');
    const started = Date.now();
    const params = options.params ?? (await this.params());
    const run = (em: EntityManager) => gradeYearInDb(em, year, params, districtCode, section);
    const n = manager ? await run(manager) : await this.dataSource.transaction(run);
    this.logger.log(`KPI grades ${year}${districtCode ? ` ${section ?? districtCode}` : ''}: ${n} files in ${Date.now() - started} ms`);
    return n;
  }

  /** Every year that has figures (CLI, after a parameter change, the bulk generator). */
  async gradeAll(): Promise<number> {
    const years = await this.dataSource.query('SELECT DISTINCT year FROM kpi_figures ORDER BY year');
    const params = await this.params();
    let n = 0;
    for (const { year } of years as { year: number | string }[]) n += await this.grade(Number(year), { params });
    return n;
  }
}
