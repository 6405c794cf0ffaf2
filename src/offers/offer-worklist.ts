import type { DataSource } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { addDays } from '../common/clock.js';
import { subjectsOf } from '../policy/criterion-sources.js';
import { Offer } from './offer.entity.js';

/** Open offers not opened after this many days appear on the district officer's worklist. */
export const UNOPENED_DAYS = 14;

/** Which outcome column holds the next rung's outcome (the ladder gap is the next rung's). */
const NEXT_TIER_OUTCOME = `CASE s.next_tier WHEN 'tech-sme' THEN s.tech_sme WHEN 'young-eagle' THEN s.young_eagle WHEN 'gazelle' THEN s.gazelle
  WHEN 'leader-candidate' THEN s.leader_candidate WHEN 'leader' THEN s.leader END`;

const offersOf = (dataSource: DataSource, actor: Actor) =>
  applyScope(dataSource.getRepository(Offer).createQueryBuilder('o').innerJoin('enterprise', 'e', 'e.id = o.enterprise_id AND e.deleted_at IS NULL'), 'e', scopeOf(actor))
    .andWhere("o.status = 'open'");

/** The enterprise's open offers (its home lists them first). */
export function countOpenOffers(dataSource: DataSource, actor: Actor): Promise<number> {
  return offersOf(dataSource, actor).getCount();
}

/** Open offers of the officer's area that nobody at the enterprise opened within UNOPENED_DAYS. */
export function countUnopened(dataSource: DataSource, actor: Actor, today: string): Promise<number> {
  return offersOf(dataSource, actor).andWhere('o.opened_at IS NULL AND o.created_at < :cutoff', { cutoff: addDays(today, -UNOPENED_DAYS) }).getCount();
}

export interface MissingOne {
  enterpriseId: number;
  name: string;
  districtCode: string;
  programme: string;
  code: string;
  /** The fact subject to collect (financials, ip-assets …; profile for the registration). */
  fact: string;
}

/**
 * Enterprises one criterion away from a programme because a fact is missing (rules.md §11): the
 * next rung with a single gap criterion and the outcome `incomplete`, or HNTE with a single
 * criterion not met and the outcome `incomplete` — read from the latest batch results (SQL).
 */
export async function missingOne(dataSource: DataSource, actor: Actor, limit = 200): Promise<{ total: number; items: MissingOne[] }> {
  const base = (alias: string) => applyScope(
    dataSource.createQueryBuilder().from('eligibility_status', 's').innerJoin('enterprise', alias, `${alias}.id = s.enterprise_id AND ${alias}.deleted_at IS NULL`), alias, scopeOf(actor),
  );
  const ladder = () => base('e').andWhere(`s.gap_count = 1 AND (${NEXT_TIER_OUTCOME}) = 'incomplete'`);
  const hnte = () => base('e').andWhere("s.ht_unmet_count = 1 AND s.high_tech = 'incomplete'");
  const count = async (qb: ReturnType<typeof ladder>) => Number((await qb.select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n ?? 0);
  const [nLadder, nHnte] = await Promise.all([count(ladder()), count(hnte())]);
  if (limit <= 0) return { total: nLadder + nHnte, items: [] };
  const pick = "e.id AS id, e.name AS name, e.district_code AS district";
  const [a, b] = await Promise.all([
    ladder().select(pick).addSelect('s.next_tier', 'programme').addSelect('s.gap_codes', 'code').orderBy('e.id').limit(limit).getRawMany<Record<string, unknown>>(),
    hnte().select(pick).addSelect("'high-tech'", 'programme').addSelect('s.ht_unmet_codes', 'code').orderBy('e.id').limit(limit).getRawMany<Record<string, unknown>>(),
  ]);
  const items = [...a, ...b].slice(0, limit).map((r) => {
    const code = String(r.code ?? '');
    return { enterpriseId: Number(r.id), name: String(r.name ?? ''), districtCode: String(r.district ?? ''), programme: String(r.programme ?? ''), code, fact: subjectsOf(code)[0] ?? 'profile' };
  });
  return { total: nLadder + nHnte, items };
}

export async function countMissingOne(dataSource: DataSource, actor: Actor): Promise<number> {
  return (await missingOne(dataSource, actor, 0)).total;
}
