import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { PlanPeriodsService, type PlanStock } from '../plan-periods/plan-periods.service.js';
import { ReferenceService } from '../reference/reference.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { CultivationTarget } from './cultivation.entity.js';
import { CLOSED_STATUSES } from './membership-machine.js';
import { targetFigures, type TargetFigures } from './targets-arithmetic.js';
import { lookupTable } from '../common/own-key.js';
import { enforce } from '../common/policy.js';
import { decideCultivation } from './cultivation.policy.js';

export const CITY_AREA = 'city';


export interface PoolCounts {
  proposed: number;
  admitted: number;
  certified: number;
  notYet: number;
  withdrawn: number;
  rolledOver: number;
  /** Admitted this year, whatever became of them since (admitted + closed after admission). */
  poolSize: number;
}

export interface AreaFigures {
  area: string;
  year: number;
  targetVersion: number | null;
  counts: PoolCounts;
  history: { closed: number; certified: number };
  figures: TargetFigures;
}

export interface PoolFigures {
  year: number;
  /** 'city' for city-wide readers, the district code for an officer or a district filter. */
  area: string;
  total: AreaFigures;
  districts: AreaFigures[];
}

export interface TargetInput {
  year: number;
  area: string;
  newCertifications: number;
  assumedRatePct?: number | null;
  version?: number;
}

const emptyCounts = (): PoolCounts => ({ proposed: 0, admitted: 0, certified: 0, notYet: 0, withdrawn: 0, rolledOver: 0, poolSize: 0 });
const COUNT_KEY: Record<string, keyof PoolCounts> = lookupTable<Record<string, keyof PoolCounts>>({ proposed: 'proposed', admitted: 'admitted', certified: 'certified', 'not-yet': 'notYet', withdrawn: 'withdrawn', 'rolled-over': 'rolledOver' });

/**
 * Yearly targets for new HNTE certifications (city and per district) and the pool figures against
 * them: pool size, the historical pool-to-certificate conversion, and how many more candidates
 * the target needs at that rate (targets-arithmetic.ts).
 *
 * The manager dashboard's hook: `poolFigures(actor, { year?, districtCode? })` (exported by
 * CultivationModule), scoped like every enterprise query. These targets count *new* certifications
 * per year (the pool's instrument); the reports module's `target` table holds the HNTE *stock*.
 */
@Injectable()
export class PoolTargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly periods: PlanPeriodsService,
    private readonly settings: SettingsService,
  ) {}

  /**
   * The HNTE stock the plan period of `year` sets for the city (baseline → goal, and the average
   * yearly net growth offered as a starting figure for a city target): 2021–2025 read the 14th
   * plan (7,420 → 11,600, 836 a year), 2026– the 15th, null figures while not entered.
   */
  planStock(year: number): Promise<PlanStock | null> {
    return this.periods.hnteStock(year);
  }

  private scoped(actor: Actor, qb: SelectQueryBuilder<any>, districtCode?: string): SelectQueryBuilder<any> {
    applyScope(qb, 'e', scopeOf(actor));
    if (districtCode) qb.andWhere('e.district_code = :district', { district: districtCode });
    return qb;
  }

  /** First-time HNTE certificates dated in `year`, per district (no certificate in force the day before). */
  private async certifiedByDistrict(actor: Actor, year: number, districtCode?: string): Promise<Map<string, number>> {
    const qb = this.dataSource.createQueryBuilder().from('qualification', 'q')
      .innerJoin('enterprise', 'e', 'e.id = q.enterprise_id AND e.deleted_at IS NULL')
      .select('e.district_code', 'district').addSelect('COUNT(DISTINCT q.enterprise_id)', 'n')
      .where("q.kind = 'hnte-certificate' AND q.obtained_on >= :from AND q.obtained_on <= :to", { from: `${year}-01-01`, to: `${year}-12-31` })
      .andWhere("NOT EXISTS (SELECT 1 FROM qualification p WHERE p.enterprise_id = q.enterprise_id AND p.kind = 'hnte-certificate' AND p.obtained_on < q.obtained_on AND (p.valid_until IS NULL OR p.valid_until >= q.obtained_on))")
      .groupBy('e.district_code');
    const rows = await this.scoped(actor, qb, districtCode).getRawMany<{ district: string; n: string | number }>();
    return new Map(rows.map((r) => [String(r.district), Number(r.n)]));
  }

  private async countsByDistrict(actor: Actor, year: number, districtCode?: string): Promise<Map<string, PoolCounts>> {
    const qb = this.dataSource.createQueryBuilder().from('cultivation_membership', 'm')
      .innerJoin('enterprise', 'e', 'e.id = m.enterprise_id AND e.deleted_at IS NULL')
      .select('e.district_code', 'district').addSelect('m.status', 'status').addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN m.admitted_at IS NOT NULL THEN 1 ELSE 0 END)', 'admittedEver')
      .where('m.year = :year', { year })
      .groupBy('e.district_code').addGroupBy('m.status');
    const rows = await this.scoped(actor, qb, districtCode).getRawMany<{ district: string; status: string; n: string | number; admittedEver: string | number }>();
    const out = new Map<string, PoolCounts>();
    for (const r of rows) {
      const c = out.get(String(r.district)) ?? emptyCounts();
      const key = COUNT_KEY[r.status];
      if (key) c[key] += Number(r.n);
      c.poolSize += Number(r.admittedEver);
      out.set(String(r.district), c);
    }
    return out;
  }

  /** Members of earlier pool years that were admitted and are closed, and of those certified. */
  private async historyByDistrict(actor: Actor, year: number, districtCode?: string): Promise<Map<string, { closed: number; certified: number }>> {
    const qb = this.dataSource.createQueryBuilder().from('cultivation_membership', 'm')
      .innerJoin('enterprise', 'e', 'e.id = m.enterprise_id AND e.deleted_at IS NULL')
      .select('e.district_code', 'district').addSelect('COUNT(*)', 'closed')
      .addSelect("SUM(CASE WHEN m.status = 'certified' THEN 1 ELSE 0 END)", 'certified')
      .where('m.year < :year AND m.admitted_at IS NOT NULL AND m.status IN (:...closed)', { year, closed: CLOSED_STATUSES })
      .groupBy('e.district_code');
    const rows = await this.scoped(actor, qb, districtCode).getRawMany<{ district: string; closed: string | number; certified: string | number }>();
    return new Map(rows.map((r) => [String(r.district), { closed: Number(r.closed), certified: Number(r.certified ?? 0) }]));
  }

  async targets(year: number): Promise<CultivationTarget[]> {
    return this.dataSource.getRepository(CultivationTarget).find({ where: { year }, order: { area: 'ASC' } });
  }

  /**
   * The pool figures of a year for the actor's area: the total (city-wide for managers and admins,
   * the officer's district otherwise, or the district asked for) and a row per district.
   */
  async poolFigures(actor: Actor, options: { year?: number; districtCode?: string } = {}): Promise<PoolFigures> {
    enforce(decideCultivation(actor, 'readFigures'));
    const year = options.year ?? Number(todayIso().slice(0, 4));
    const scope = scopeOf(actor);
    const districtCode = options.districtCode ?? (scope.kind === 'area' && scope.districtCodes.length === 1 && !scope.zoneCodes.length ? scope.districtCodes[0] : undefined);
    const area = districtCode ?? (scope.kind === 'all' ? CITY_AREA : (actor.districtCode ?? actor.zoneCode ?? CITY_AREA));
    const [certified, counts, history, targets] = await Promise.all([
      this.certifiedByDistrict(actor, year, districtCode),
      this.countsByDistrict(actor, year, districtCode),
      this.historyByDistrict(actor, year, districtCode),
      this.targets(year),
    ]);
    const targetOf = new Map(targets.map((t) => [t.area, t]));
    const known = new Set([...certified.keys(), ...counts.keys(), ...history.keys(), ...(scope.kind === 'all' && !districtCode ? targets.map((t) => t.area).filter((a) => a !== CITY_AREA) : [])]);
    const areaFigures = (code: string, c: PoolCounts, h: { closed: number; certified: number }, certifiedSoFar: number): AreaFigures => {
      const t = targetOf.get(code) ?? null;
      return {
        area: code, year, targetVersion: t?.version ?? null, counts: c, history: h,
        figures: targetFigures({ target: t?.newCertifications ?? null, certifiedSoFar, openMembers: c.admitted, history: h, assumedRatePct: t?.assumedRatePct ?? null }),
      };
    };
    const districts = [...known].sort().map((code) => areaFigures(code, counts.get(code) ?? emptyCounts(), history.get(code) ?? { closed: 0, certified: 0 }, certified.get(code) ?? 0));
    const sum = emptyCounts();
    const hist = { closed: 0, certified: 0 };
    let certifiedTotal = 0;
    for (const d of districts) {
      for (const k of Object.keys(sum) as (keyof PoolCounts)[]) sum[k] += d.counts[k];
      hist.closed += d.history.closed;
      hist.certified += d.history.certified;
      certifiedTotal += d.figures.certifiedSoFar;
    }
    return { year, area, total: areaFigures(area, sum, hist, certifiedTotal), districts };
  }

  /** Sets a year's target for the city or a district (managers and admins), optimistic on `version`. */
  async setTarget(actor: Actor, input: TargetInput): Promise<CultivationTarget> {
    enforce(decideCultivation(actor, 'setTargets'));
    const details = [];
    const thisYear = Number(todayIso().slice(0, 4));
    const firstYear = await this.settings.int('cultivation.firstYear');
    if (!Number.isInteger(input.year) || input.year < firstYear || input.year > thisYear + 5) details.push({ field: 'year', message: `must be between ${firstYear} and ${thisYear + 5}` });
    if (input.area !== CITY_AREA && !(await this.reference.district(input.area))) details.push({ field: 'area', message: 'must be "city" or a district code' });
    if (!Number.isInteger(input.newCertifications) || input.newCertifications < 0 || input.newCertifications > 100_000) details.push({ field: 'newCertifications', message: 'must be a whole number from 0 to 100000' });
    if (input.assumedRatePct !== undefined && input.assumedRatePct !== null && (!Number.isInteger(input.assumedRatePct) || input.assumedRatePct < 0 || input.assumedRatePct > 100)) {
      details.push({ field: 'assumedRatePct', message: 'must be a whole percentage from 0 to 100' });
    }
    if (details.length) throw new InvalidInputError(`Invalid target: ${details[0]!.field} ${details[0]!.message}`, details);
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(CultivationTarget);
      const existing = await repo.findOneBy({ year: input.year, area: input.area });
      if (existing && input.version !== undefined && existing.version !== input.version) throw new StaleVersionError('Target', existing.version);
      const before = existing ? { newCertifications: existing.newCertifications, assumedRatePct: existing.assumedRatePct } : null;
      const assumed = input.assumedRatePct === undefined ? (existing?.assumedRatePct ?? null) : input.assumedRatePct;
      let saved: CultivationTarget;
      if (existing) {
        const result = await em.createQueryBuilder().update(CultivationTarget)
          .set({ newCertifications: input.newCertifications, assumedRatePct: assumed, updatedBy: actor.userId || null, version: () => 'version + 1', updatedAt: () => 'CURRENT_TIMESTAMP' } as never)
          .where('id = :id AND version = :version', { id: existing.id, version: existing.version }).execute();
        if (!result.affected) throw new StaleVersionError('Target', existing.version + 1);
        saved = await repo.findOneByOrFail({ id: existing.id });
      } else {
        try {
          saved = await repo.save(repo.create({ year: input.year, area: input.area, newCertifications: input.newCertifications, assumedRatePct: assumed, updatedBy: actor.userId || null }));
        } catch (err) {
          if (/unique|duplicate/i.test(String((err as Error).message))) throw new StaleVersionError('Target', 1);
          throw err;
        }
      }
      await this.audit.record(em, actor, {
        action: existing ? 'update' : 'create', entity: 'cultivation_target', entityId: `${input.year}/${input.area}`, enterpriseId: null,
        before, after: { newCertifications: saved.newCertifications, assumedRatePct: saved.assumedRatePct },
      });
      return saved;
    });
  }

}
