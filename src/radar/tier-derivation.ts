import type { EntityManager } from 'typeorm';
import { LADDER } from '../ladder/tiers.js';

/**
 * Re-derives enterprise.current_tier from the recognitions in force on `today` (all enterprises,
 * or the given ones) in one UPDATE: the column is a denormalised copy for list filters and reports.
 * Only rows whose tier actually changes are written, so the daily run touches a handful of files,
 * not the whole city. (RecognitionsService.refreshCurrentTier is the audited one-file version.)
 */
export async function deriveCurrentTiers(manager: EntityManager, today: string, enterpriseIds?: number[]): Promise<void> {
  const pg = manager.dataSource.options.type === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  const rank = `CASE r.tier ${LADDER.map((t, i) => `WHEN '${t}' THEN ${i + 1}`).join(' ')} ELSE 0 END`;
  // The best tier in force, as a subquery over the parameters at positions a and b (today twice).
  const best = (a: number, b: number) =>
    `(SELECT r.tier FROM recognition r WHERE r.enterprise_id = enterprise.id AND r.valid_from <= ${p(a)} AND r.valid_until >= ${p(b)} AND (${rank}) > 0 ORDER BY ${rank} DESC LIMIT 1)`;
  const params: unknown[] = [today, today, today, today];
  let where = ` WHERE current_tier IS DISTINCT FROM ${best(3, 4)}`;
  if (enterpriseIds?.length) {
    where += ` AND id IN (${enterpriseIds.map((_, i) => p(i + 5)).join(',')})`;
    params.push(...enterpriseIds);
  }
  await manager.query(`UPDATE enterprise SET current_tier = ${best(1, 2)}${where}`, params);
}
