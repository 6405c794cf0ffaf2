import '../i18n/all-catalogues.js'; // every module's catalogue, before anything translates
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { businessToday } from '../common/clock.js';
import { ConfigError, configFromProcess } from '../config/app-config.js';
import { typeormOptions } from '../database/typeorm-options.js';
import { gradeYearInDb } from '../kpis/kpi-grades.service.js';
import type { GradingParams } from '../kpis/kpi-grading.js';
import { definitionOf, valueOn, type DatedValue } from '../settings/setting-definitions.js';

/**
 * `node dist/cli/kpi-grade.js [--year 2025]`: rewrites the materialised transformation-KPI grades
 * (kpi_grade) of every year with figures, or of one year, on the configured database (DATABASE_URL),
 * with the weights and cut-offs in force today (reference settings kpi.*). Run after changing those
 * settings or after bulk changes of districts, industry codes or yearly financials. Exit 0 when done,
 * 2 when it could not run.
 */
async function main(): Promise<number> {
  const at = process.argv.indexOf('--year');
  const only = at > 0 ? Number(process.argv[at + 1]) : null;
  if (only !== null && !Number.isInteger(only)) {
    process.stderr.write('kpi-grade: --year must be a whole number\n');
    return 2;
  }
  let dataSource: DataSource | null = null;
  try {
    dataSource = new DataSource(typeormOptions(configFromProcess().database));
    await dataSource.initialize();
    const rows = (await dataSource.query("SELECT setting_key AS k, effective_from AS f, value AS v FROM reference_setting WHERE setting_key LIKE 'kpi.%'")) as { k: string; f: string; v: string }[];
    const today = businessToday();
    const int = (key: string) => {
      const dated: DatedValue[] = rows.filter((r) => r.k === key).map((r) => ({ effectiveFrom: r.f, value: r.v }));
      return Number(valueOn(dated, today) ?? definitionOf(key)!.fallback);
    };
    const params: GradingParams = {
      weights: {
        taxPerMu: int('kpi.weight.taxPerMu'), revenuePerMu: int('kpi.weight.revenuePerMu'), valueAddedPerEnergy: int('kpi.weight.valueAddedPerEnergy'),
        labourProductivity: int('kpi.weight.labourProductivity'), rdIntensity: int('kpi.weight.rdIntensity'),
      },
      cutoffs: { a: int('kpi.grade.a'), b: int('kpi.grade.b'), c: int('kpi.grade.c') },
    };
    const years = only !== null ? [only] : ((await dataSource.query('SELECT DISTINCT year FROM kpi_figures ORDER BY year')) as { year: number | string }[]).map((r) => Number(r.year));
    for (const year of years) {
      const started = Date.now();
      const n = await dataSource.transaction((em) => gradeYearInDb(em, year, params));
      process.stdout.write(`KPI grades ${year}: ${n} files in ${Date.now() - started} ms\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`kpi-grade could not run: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().then((code) => process.exit(code));
}
