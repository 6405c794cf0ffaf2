import type { EntityManager } from 'typeorm';

/** Ladder order, lowest first; the current tier is the highest rung with a recognition in force. */
export const LADDER = ['tech-sme', 'young-eagle', 'gazelle', 'leader-candidate', 'leader', 'unicorn'] as const;

/**
 * Re-derives enterprise.current_tier from the recognitions in force on `today` (all enterprises,
 * or the given ones) in one UPDATE: the column is a denormalised copy for list filters and reports.
 */
export async function deriveCurrentTiers(manager: EntityManager, today: string, enterpriseIds?: number[]): Promise<void> {
  const pg = manager.dataSource.options.type === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  const rank = `CASE r.tier ${LADDER.map((t, i) => `WHEN '${t}' THEN ${i + 1}`).join(' ')} ELSE 0 END`;
  const best = `(SELECT r.tier FROM recognition r WHERE r.enterprise_id = enterprise.id AND r.valid_from <= ${p(1)} AND r.valid_until >= ${p(2)} AND (${rank}) > 0 ORDER BY ${rank} DESC LIMIT 1)`;
  const params: unknown[] = [today, today];
  let where = '';
  if (enterpriseIds?.length) {
    where = ` WHERE id IN (${enterpriseIds.map((_, i) => p(i + 3)).join(',')})`;
    params.push(...enterpriseIds);
  }
  await manager.query(`UPDATE enterprise SET current_tier = ${best}${where}`, params);
}
