import type { DataSource } from 'typeorm';
import { businessDate } from '../../common/clock.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { Recognition } from '../../ladder/recognition.entity.js';

/**
 * Demo data for ladders as configuration (rules.md §7): one Binhai enterprise on a Tianjin rung also
 * stands on the SRDI ladder (innovative SME two years ago, 专精特新 SME last year, each valid 3 years),
 * so its file shows both ladders with the gap to each next rung. Idempotent per enterprise.
 */
export async function seedDemoLadders(dataSource: DataSource, today: Date): Promise<number | null> {
  const year = Number(businessDate(today).slice(0, 4));
  const enterprise = await dataSource.getRepository(Enterprise).createQueryBuilder('e')
    .where('e.district_code = :d AND e.current_tier IS NOT NULL', { d: '120116' })
    .orderBy('e.id', 'ASC').getOne();
  if (!enterprise) return null;
  const repo = dataSource.getRepository(Recognition);
  if (await repo.existsBy({ enterpriseId: enterprise.id, tier: 'innovative-sme' })) return enterprise.id;
  const rung = (tier: string, y: number) => ({
    enterpriseId: enterprise.id, tier, year: y, batch: `${y}-第1批`, certificateNumber: null,
    validFrom: `${y}-08-01`, validUntil: `${y + 3}-07-31`, source: 'import', applicationId: null,
  });
  await repo.insert([rung('innovative-sme', year - 2), rung('srdi-sme', year - 1)]);
  return enterprise.id;
}
