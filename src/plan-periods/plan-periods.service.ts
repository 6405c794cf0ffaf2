import { RefreshingCache } from '../database/refreshing-cache.js';
import { Injectable } from '@nestjs/common';
import { decideEditReference } from '../settings/reference.policy.js';
import { enforce } from '../common/policy.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, NotFoundError, StaleVersionError, type FieldMessage } from '../common/errors.js';
import { translate } from '../i18n/i18n.js';
import { Target, type TargetMetric } from '../reports/target.entity.js';
import { PlanPeriod } from './plan-period.entity.js';
import { periodOfYear, spanProblems, yearlyGrowth, type YearValue } from './plan-periods.js';

/** Several processes may share a database: a change made by another one is seen within this long. */
const CACHE_MS = 5_000;

export interface PlanPeriodInput {
  code: string;
  nameZh: string;
  nameEn: string;
  baseYear: number;
  firstYear: number;
  lastYear: number;
  document?: string | null;
  /** Present when editing: the id and the version the client read. */
  id?: number;
  version?: number;
}

export interface PlanPeriodView {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  baseYear: number;
  firstYear: number;
  lastYear: number;
  document: string | null;
  version: number;
  updatedAt: Date;
}

/** A period's HNTE stock from its baseline to its goal (city-wide), as the cultivation page quotes it. */
export interface PlanStock {
  period: PlanPeriodView;
  /** null when the period has no city HNTE baseline and goal entered yet. */
  from: YearValue | null;
  to: YearValue | null;
  yearlyGrowth: number | null;
}

export const toPlanPeriodView = (p: PlanPeriod): PlanPeriodView => ({
  id: p.id, code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, baseYear: p.baseYear, firstYear: p.firstYear, lastYear: p.lastYear, document: p.document, version: p.version, updatedAt: p.updatedAt,
});
const snapshot = (p: PlanPeriod) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, baseYear: p.baseYear, firstYear: p.firstYear, lastYear: p.lastYear, document: p.document });

/**
 * Plan periods: the 14th and 15th Five-Year plans and whatever follows. Reports, the targets
 * editor and the cultivation arithmetic ask here which period a year belongs to; administrators
 * add and edit periods (audited, optimistic on `version`).
 */
/** A field problem with its catalogue key, so forms and the JSON face word it in their own language. */
function periodProblem(actor: Actor, field: string, key: string, params: Record<string, unknown> = {}): FieldMessage {
  return { field, message: translate(actor.locale, key, params), key, params };
}

@Injectable()
export class PlanPeriodsService {
  private readonly cache = new RefreshingCache(
    async () => (await this.dataSource.getRepository(PlanPeriod).find({ order: { firstYear: 'ASC' } })).map(toPlanPeriodView),
    CACHE_MS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Read at start, not inside a request (refreshing-cache.ts). */
  onApplicationBootstrap(): Promise<void> {
    return this.cache.warm();
  }

  /** Every period, oldest first. */
  periods(): Promise<PlanPeriodView[]> {
    return this.cache.get();
  }

  /** The period a year belongs to (see plan-periods.ts), or null. */
  async ofYear(year: number): Promise<PlanPeriodView | null> {
    return periodOfYear(await this.periods(), year);
  }

  /** The city-wide targets of one metric in a period, by year. */
  async cityTargets(periodId: number, metric: TargetMetric): Promise<YearValue[]> {
    const rows = await this.dataSource.getRepository(Target).find({ where: { planPeriodId: periodId, metric, districtCode: '' }, order: { year: 'ASC' } });
    return rows.map((r) => ({ year: r.year, value: r.value }));
  }

  /** The HNTE stock the plan of `year` sets for the city: baseline, goal and the average yearly growth. */
  async hnteStock(year: number): Promise<PlanStock | null> {
    const period = await this.ofYear(year);
    if (!period) return null;
    const set = await this.cityTargets(period.id, 'hnte');
    const from = set.find((r) => r.year === period.baseYear) ?? null;
    const to = set.find((r) => r.year === period.lastYear) ?? null;
    return { period, from, to, yearlyGrowth: yearlyGrowth(period, set) };
  }

  /** Every target of a period (city and districts), for its admin page. */
  async targetsOf(periodId: number): Promise<Target[]> {
    return this.dataSource.getRepository(Target).find({ where: { planPeriodId: periodId }, order: { metric: 'ASC', districtCode: 'ASC', year: 'ASC' } });
  }

  private assertAdmin(actor: Actor): void {
    enforce(decideEditReference(actor));
  }

  async get(actor: Actor, id: number): Promise<PlanPeriodView> {
    this.assertAdmin(actor);
    const row = Number.isSafeInteger(id) ? await this.dataSource.getRepository(PlanPeriod).findOneBy({ id }) : null;
    if (!row) throw new NotFoundError('Plan period');
    return toPlanPeriodView(row);
  }

  private async validate(actor: Actor, input: PlanPeriodInput): Promise<FieldMessage[]> {
    const problem = (field: string, reason: string): FieldMessage => periodProblem(actor, field, `planPeriods.validation.${reason}`);
    const details: FieldMessage[] = [];
    if (typeof input.code !== 'string' || !/^[0-9A-Za-z-]{1,16}$/.test(input.code)) details.push(problem('code', 'code'));
    for (const f of ['nameZh', 'nameEn'] as const) {
      const v = input[f];
      if (typeof v !== 'string' || !v.trim() || v.length > 60) details.push(problem(f, 'name'));
    }
    for (const f of ['baseYear', 'firstYear', 'lastYear'] as const) {
      const v = input[f];
      if (!Number.isInteger(v) || v < 2000 || v > 2100) details.push(problem(f, 'year'));
    }
    if (input.document !== undefined && input.document !== null && (typeof input.document !== 'string' || input.document.length > 200)) details.push(problem('document', 'document'));
    if (details.length) return details;
    const others = (await this.periods()).filter((p) => p.id !== input.id);
    for (const p of spanProblems(input, others)) details.push(problem(p.field, p.reason));
    if (others.some((p) => p.code === input.code)) details.push(problem('code', 'codeTaken'));
    return details;
  }

  /** Adds a period (no id) or changes one (id + the version read). Targets outside the new years refuse the change. */
  async save(actor: Actor, input: PlanPeriodInput): Promise<{ period: PlanPeriodView; created: boolean }> {
    this.assertAdmin(actor);
    const details = await this.validate(actor, input);
    if (details.length) throw new InvalidInputError(`Invalid plan period: ${details[0]!.field} ${details[0]!.message}`, details);
    const fields = {
      code: input.code, nameZh: input.nameZh.trim(), nameEn: input.nameEn.trim(), baseYear: input.baseYear, firstYear: input.firstYear, lastYear: input.lastYear,
      document: input.document?.trim() || null,
    };
    const result = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(PlanPeriod);
      if (input.id === undefined) {
        const saved = await repo.save(repo.create({ ...fields, updatedBy: actor.userId || null }));
        await this.audit.record(em, actor, { action: 'plan-period.create', entity: 'plan_period', entityId: saved.id, before: null, after: snapshot(saved) });
        return { period: toPlanPeriodView(saved), created: true };
      }
      const existing = await repo.findOneBy({ id: input.id });
      if (!existing) throw new NotFoundError('Plan period');
      if (input.version === undefined || input.version !== existing.version) throw new StaleVersionError('Plan period', existing.version);
      const outside = await em.getRepository(Target).createQueryBuilder('t')
        .where('t.plan_period_id = :id AND (t.year < :from OR t.year > :to)', { id: existing.id, from: fields.baseYear, to: fields.lastYear }).getCount();
      if (outside) throw new InvalidInputError('Targets of this period fall outside the new years', [periodProblem(actor, 'lastYear', 'planPeriods.validation.targetsOutside', { count: outside })]);
      const before = snapshot(existing);
      const updated = await repo.createQueryBuilder().update(PlanPeriod)
        .set({ ...fields, updatedBy: actor.userId || null })
        .where('id = :id AND version = :version', { id: existing.id, version: existing.version })
        .execute();
      if (!updated.affected) throw new StaleVersionError('Plan period', existing.version + 1);
      const saved = await repo.findOneByOrFail({ id: existing.id });
      await this.audit.record(em, actor, { action: 'plan-period.update', entity: 'plan_period', entityId: saved.id, before, after: snapshot(saved) });
      return { period: toPlanPeriodView(saved), created: false };
    });
    await this.cache.refresh();
    return result;
  }
}
