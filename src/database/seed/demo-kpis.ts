import type { DataSource } from 'typeorm';
import { todayIso } from '../../common/format.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { KpiFigures } from '../../kpis/kpi-figures.entity.js';
import { gradeYearInDb } from '../../kpis/kpi-grades.service.js';
import { DEFAULT_GRADING } from '../../kpis/kpi-grading.js';

/** The baseline year of the city targets as seeded (reference setting kpi.baselineYear). */
const BASELINE_YEAR = 2020;

/**
 * Demo transformation-KPI figures (rules.md §9): for every demo file the baseline year and the last
 * two fiscal years, from the tax and statistics bureaus, growing a little each year so the
 * dashboard shows changes against the city targets. Every sixth file has no land figure (its
 * grades are `not-graded`), so the demo shows that state too. Then the years are graded.
 * Deterministic: the figures follow from the file's position.
 */
export async function seedDemoKpis(dataSource: DataSource, now: Date | string = new Date()): Promise<number> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const last = Number(today.slice(0, 4)) - 1;
  const years = [...new Set([BASELINE_YEAR, last - 1, last])].filter((y) => y <= last).sort();
  const files = await dataSource.getRepository(Enterprise).find({ select: { id: true }, order: { id: 'ASC' } });
  let written = 0;
  await dataSource.transaction(async (em) => {
    for (const [i, e] of files.entries()) {
      const noLand = i % 6 === 5;
      const scale = 1 + (i % 7) * 0.6;
      for (const year of years) {
        const growth = 1 + 0.12 * (year - BASELINE_YEAR) * (1 + (i % 3) * 0.3);
        const land = 20 + (i % 9) * 7.5;
        await em.insert(KpiFigures, {
          enterpriseId: e.id, year,
          landMu: noLand ? null : land,
          taxesPaid: Math.round(800_000 * scale * growth),
          totalProfit: Math.round(1_500_000 * scale * growth * (i % 11 === 4 ? -0.2 : 1)),
          valueAdded: Math.round(6_000_000 * scale * growth),
          energyTce: Math.round(900 * scale * (1 - 0.03 * (year - BASELINE_YEAR)) * (1 + (i % 4) * 0.25) * 100) / 100,
          source: year === BASELINE_YEAR ? 'statistics' : 'tax', sourceAsOf: `${year + 1}-05-31`, recordedBy: null, verifiedBy: null, verifiedAt: null,
        });
        written++;
      }
    }
    for (const year of years) await gradeYearInDb(em, year, DEFAULT_GRADING);
  });
  return written;
}
