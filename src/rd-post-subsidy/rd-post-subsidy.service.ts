import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { defineHistory, HistoryService } from '../audit/history.service.js';
import type { Actor } from '../auth/actor.js';
import { businessToday, businessYear, now } from '../common/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, StaleVersionError } from '../common/errors.js';
import { enforce } from '../common/policy.js';
import { isSdAmount, type RpAmount } from '../policy/engine/criteria.js';
import { evaluate } from '../policy/engine/evaluate.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { proRata, toFen } from './pro-rata.js';
import { Application } from '../applications/application.entity.js';
import { RdPostSubsidyClaim, RdPostSubsidyRound } from './rd-post-subsidy.entities.js';
import { claimSight, decideReadClaims, decideRound, decideRunRounds, roundOptions } from './rd-post-subsidy.policy.js';

/** Rounds and claims keep their history in the audit log. */
const ROUND_HISTORY = defineHistory({ entity: 'rd_post_subsidy_round' });
const CLAIM_HISTORY = defineHistory({ entity: 'rd_post_subsidy_claim' });
const CHUNK = 2000;
const yuan = (fen: number | null) => (fen === null ? null : fen / 100);

export interface RoundView {
  id: number;
  year: number;
  budget: number;
  status: string;
  totalRequested: number | null;
  totalGranted: number | null;
  scaled: boolean;
  factor: string | null;
  asOf: string | null;
  publishedAt: Date | null;
  version: number;
  actions: { action: string; allowed: boolean; reasonKey: string | null }[];
}

/**
 * The R&D post-subsidy's yearly rounds (rules.md §8): a manager opens a round with its budget,
 * calculates it (every file evaluated for rd-post-subsidy at the round's date; the eligible files'
 * amounts are the claims, scaled pro rata when they exceed the budget), publishes the list, and
 * records each payment. Status changes through the round machine; history in the audit log.
 */
@Injectable()
export class RdPostSubsidyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly ruleSets: RuleSetsService,
  ) {}

  private get rounds() {
    return this.dataSource.getRepository(RdPostSubsidyRound);
  }

  async listRounds(actor: Actor): Promise<RoundView[]> {
    enforce(decideReadClaims(actor));
    const rows = await this.rounds.find({ order: { year: 'DESC' } });
    return Promise.all(rows.map((r) => this.view(actor, r)));
  }

  async getRound(actor: Actor, id: number): Promise<RoundView> {
    enforce(decideReadClaims(actor));
    return this.view(actor, await this.load(id));
  }

  async view(actor: Actor, r: RdPostSubsidyRound): Promise<RoundView> {
    const claims = await this.dataSource.getRepository(RdPostSubsidyClaim).countBy({ roundId: r.id });
    return {
      id: r.id, year: r.year, budget: r.budget / 100, status: r.status, totalRequested: yuan(r.totalRequested), totalGranted: yuan(r.totalGranted),
      scaled: r.factor !== null && r.factor !== '1', factor: r.factor, asOf: r.asOf, publishedAt: r.publishedAt, version: r.version,
      actions: roundOptions(actor, r, { claims }),
    };
  }

  private async load(id: number, em: EntityManager = this.dataSource.manager): Promise<RdPostSubsidyRound> {
    const r = Number.isSafeInteger(id) ? await em.findOneBy(RdPostSubsidyRound, { id }) : null;
    if (!r) throw new NotFoundError('Round');
    return r;
  }

  /** A round per completed fiscal year (the year whose R&D growth is rewarded), budget in yuan. */
  async create(actor: Actor, dto: { year: number; budget: number }): Promise<RoundView> {
    enforce(decideRunRounds(actor));
    if (dto.year >= businessYear()) throw new InvalidInputError('The year must have ended', [{ field: 'year', message: `must be before ${businessYear()}`, key: 'rdps.validation.yearEnded' }]);
    const round = await this.dataSource.transaction(async (em) => {
      if (await em.findOneBy(RdPostSubsidyRound, { year: dto.year })) throw new ConflictError(`A round for ${dto.year} exists`, [{ field: 'year', message: 'exists', key: 'rdps.validation.yearExists' }], 'rdps.validation.yearExists');
      const r = await em.save(RdPostSubsidyRound, em.create(RdPostSubsidyRound, { year: dto.year, budget: Number(toFen(dto.budget)), status: 'open', createdBy: actor.userId || null, totalRequested: null, totalGranted: null, factor: null, asOf: null, calculatedAt: null, publishedAt: null }));
      await this.history.record(em, { subject: { table: ROUND_HISTORY, id: r.id }, actor, action: 'rdps.round.create', from: null, to: 'open', audit: { after: { year: r.year, budget: dto.budget, status: 'open' } } });
      return r;
    });
    return this.view(actor, round);
  }

  /** The evaluation date of a round: the end of the year after it, or today when earlier. */
  static asOfFor(year: number, today: string): string {
    const end = `${year + 1}-12-31`;
    return today < end ? today : end;
  }

  /**
   * Collects the claims: every stored file evaluated for rd-post-subsidy (facts loaded set-based in
   * id chunks), the eligible ones' amounts in fen; then scaled to the budget when oversubscribed.
   */
  async calculate(actor: Actor, id: number, dto: { version: number }): Promise<RoundView> {
    const round = await this.load(id);
    enforce(decideRound(actor, round, 'calculate', { claims: 0 }));
    const asOf = RdPostSubsidyService.asOfFor(round.year, businessToday());
    const ruleSets = await this.ruleSets.resolve(asOf);
    const claims: { enterpriseId: number; requested: bigint }[] = [];
    // A round with approved applications claims exactly those (the amount each approval froze);
    // a round nobody applied to keeps the older way: every file evaluated, the eligible ones claim.
    const approved = await this.approvedApplications(round.year);
    if (approved.length) claims.push(...approved);
    else if (ruleSets['rd-post-subsidy']) {
      const ids = ((await this.dataSource.query('SELECT id FROM enterprise WHERE deleted_at IS NULL ORDER BY id')) as { id: unknown }[]).map((r) => Number(r.id));
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const facts = await loadFacts(this.dataSource, chunk, round.year + 1, asOf);
        for (const [enterpriseId, f] of facts) {
          const r = evaluate({ asOf, programs: ['rd-post-subsidy'], facts: f }, ruleSets, { explanations: false }).results[0];
          const a = r?.amount as RpAmount | undefined;
          if (r?.outcome === 'eligible' && a && !isSdAmount(a) && a.subsidy > 0) claims.push({ enterpriseId, requested: toFen(a.subsidy) });
        }
      }
    }
    const split = proRata(BigInt(round.budget), claims.map((c) => c.requested));
    await this.dataSource.transaction(async (em) => {
      const res = await em.createQueryBuilder().update(RdPostSubsidyRound)
        .set({ status: 'calculated', totalRequested: Number(split.totalRequested), totalGranted: Number(split.totalGranted), factor: split.factor, asOf, calculatedAt: now(), version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version AND status = :status', { id, version: dto.version, status: round.status }).execute();
      if (!res.affected) throw new StaleVersionError('Round', round.version);
      await em.delete(RdPostSubsidyClaim, { roundId: id });
      const rows = claims.map((c, i) => ({ roundId: id, enterpriseId: c.enterpriseId, requested: Number(c.requested), granted: Number(split.granted[i]!), status: 'granted' as const, paidOn: null, paymentReference: null, paidBy: null }));
      for (let i = 0; i < rows.length; i += 200) await em.insert(RdPostSubsidyClaim, rows.slice(i, i + 200));
      await this.history.record(em, {
        subject: { table: ROUND_HISTORY, id }, actor, action: 'rdps.round.calculate', from: round.status, to: 'calculated',
        data: { claims: rows.length, totalRequested: Number(split.totalRequested) / 100, totalGranted: Number(split.totalGranted) / 100, factor: split.factor, asOf },
      });
    });
    return this.getRound(actor, id);
  }

  /** The approved post-subsidy applications of a round's year with the amounts their approval recorded (fen). */
  private async approvedApplications(year: number): Promise<{ enterpriseId: number; requested: bigint }[]> {
    const rows = await this.dataSource.getRepository(Application).find({ where: { type: 'rd-post-subsidy', year, status: 'approved' }, order: { id: 'ASC' } });
    return rows.map((a) => ({ enterpriseId: a.enterpriseId, requested: toFen(Number((a.decision as { requested?: unknown } | null)?.requested ?? 0)) })).filter((c) => c.requested > 0n);
  }

  async publish(actor: Actor, id: number, dto: { version: number }): Promise<RoundView> {
    await this.dataSource.transaction(async (em) => {
      const round = await this.load(id, em);
      const claims = await em.countBy(RdPostSubsidyClaim, { roundId: id });
      enforce(decideRound(actor, round, 'publish', { claims }));
      const res = await em.createQueryBuilder().update(RdPostSubsidyRound).set({ status: 'published', publishedAt: now(), version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id, version: dto.version }).execute();
      if (!res.affected) throw new StaleVersionError('Round', round.version);
      await this.history.record(em, { subject: { table: ROUND_HISTORY, id }, actor, action: 'rdps.round.publish', from: round.status, to: 'published', data: { claims } });
    });
    return this.getRound(actor, id);
  }

  /** The round's claims within the actor's sight, paginated (officers: their districts; an enterprise: its own). */
  async claims(actor: Actor, id: number, q: { page?: number; pageSize?: number }) {
    enforce(decideReadClaims(actor));
    const round = await this.load(id);
    const sight = claimSight(actor);
    const page = Math.max(1, q.page ?? 1);
    const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
    const qb = this.dataSource.createQueryBuilder(RdPostSubsidyClaim, 'c').innerJoin('enterprise', 'e', 'e.id = c.enterprise_id').where('c.round_id = :id', { id });
    if (sight.kind === 'districts') qb.andWhere(sight.districtCodes.length ? 'e.district_code IN (:...d)' : '1 = 0', { d: sight.districtCodes });
    else if (sight.kind === 'enterprise') qb.andWhere('c.enterprise_id = :eid', { eid: sight.enterpriseId });
    else if (sight.kind === 'none') qb.andWhere('1 = 0');
    const total = await qb.getCount();
    const rows = (await qb.clone().select(['c.id AS id', 'c.enterprise_id AS "enterpriseId"', 'e.name AS name', 'e.district_code AS "districtCode"', 'c.requested AS requested', 'c.granted AS granted', 'c.status AS status', 'c.paid_on AS "paidOn"', 'c.payment_reference AS "paymentReference"', 'c.version AS version'])
      .orderBy('c.granted', 'DESC').addOrderBy('c.id', 'ASC').offset((page - 1) * pageSize).limit(pageSize).getRawMany()) as Record<string, unknown>[];
    return {
      round: { id: round.id, year: round.year, status: round.status, factor: round.factor, scaled: round.factor !== null && round.factor !== '1' },
      items: rows.map((r) => ({
        id: Number(r.id), enterpriseId: Number(r.enterpriseId), enterpriseName: String(r.name), districtCode: String(r.districtCode),
        requested: Number(r.requested) / 100, granted: Number(r.granted) / 100, status: String(r.status),
        paidOn: (r.paidOn as string | null) ?? null, paymentReference: (r.paymentReference as string | null) ?? null, version: Number(r.version),
      })),
      total, page, pageSize,
    };
  }

  /** The payment of one claim (a published round's), by a manager or admin. */
  async pay(actor: Actor, claimId: number, dto: { paidOn: string; reference: string; version: number }) {
    return this.dataSource.transaction(async (em) => {
      const claim = Number.isSafeInteger(claimId) ? await em.findOneBy(RdPostSubsidyClaim, { id: claimId }) : null;
      if (!claim) throw new NotFoundError('Claim');
      const round = await this.load(claim.roundId, em);
      enforce(decideRound(actor, round, 'pay', { claims: 1 }));
      if (dto.paidOn > businessToday()) throw new InvalidInputError('paidOn is in the future', [{ field: 'paidOn', message: 'must not be in the future', key: 'rdps.validation.paidOnFuture' }]);
      const res = await em.createQueryBuilder().update(RdPostSubsidyClaim)
        .set({ status: 'paid', paidOn: dto.paidOn, paymentReference: dto.reference, paidBy: actor.userId || null, version: () => 'version + 1' } as never)
        .where('id = :id AND version = :version', { id: claimId, version: dto.version }).execute();
      if (!res.affected) throw new StaleVersionError('Claim', claim.version);
      await this.history.record(em, {
        subject: { table: CLAIM_HISTORY, id: claimId, enterpriseId: claim.enterpriseId }, actor, action: 'rdps.claim.pay', from: claim.status, to: 'paid',
        data: { paidOn: dto.paidOn, reference: dto.reference, granted: claim.granted / 100 },
      });
      const after = await em.findOneByOrFail(RdPostSubsidyClaim, { id: claimId });
      return { id: after.id, roundId: after.roundId, enterpriseId: after.enterpriseId, requested: after.requested / 100, granted: after.granted / 100, status: after.status, paidOn: after.paidOn, paymentReference: after.paymentReference, version: after.version };
    });
  }

  /** The published list of a year (public, like the other lists): enterprise and granted amount. */
  async publishedList(year: number) {
    const round = await this.rounds.findOneBy({ year, status: 'published' });
    if (!round) throw new NotFoundError('List');
    const rows = (await this.dataSource.createQueryBuilder(RdPostSubsidyClaim, 'c').innerJoin('enterprise', 'e', 'e.id = c.enterprise_id')
      .select(['e.name AS name', 'e.uscc AS uscc', 'e.district_code AS "districtCode"', 'c.granted AS granted']).where('c.round_id = :id', { id: round.id })
      .orderBy('e.name', 'ASC').getRawMany()) as Record<string, unknown>[];
    return { year, factor: round.factor, scaled: round.factor !== null && round.factor !== '1', publishedAt: round.publishedAt, items: rows.map((r) => ({ name: String(r.name), uscc: String(r.uscc), districtCode: String(r.districtCode), granted: Number(r.granted) / 100 })) };
  }
}
