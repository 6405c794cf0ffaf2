import type { DataSource } from 'typeorm';
import { todayIso } from '../../common/format.js';

/**
 * Demo provenance (rules.md §0): the demo city's IP assets as read from the IP office and its
 * certificates as verified by an officer on the seed day, and every seeded fact recorded when it was
 * written — so the file's source badges show what a real installation shows, and fast-track offers
 * (§11) have authoritative facts to find. Only rows still carrying the column defaults are touched.
 */
export async function seedDemoProvenance(dataSource: DataSource, now: Date | string = new Date()): Promise<void> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const p = (i: number) => (dataSource.options.type === 'postgres' ? `$${i}` : '?');
  await dataSource.transaction(async (em) => {
    await em.query(`UPDATE ip_asset SET source = 'ip-office', source_as_of = ${p(1)}, recorded_at = updated_at WHERE source = 'import' AND recorded_at IS NULL`, [today]);
    await em.query(`UPDATE qualification SET source = 'officer', source_as_of = ${p(1)}, recorded_at = updated_at WHERE source = 'import' AND recorded_at IS NULL`, [today]);
    await em.query('UPDATE annual_financials SET recorded_at = updated_at WHERE recorded_at IS NULL');
    await em.query(`UPDATE credit_flag SET source_as_of = ${p(1)}, recorded_at = updated_at WHERE recorded_at IS NULL`, [today]);
  });
}
