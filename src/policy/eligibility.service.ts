import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { evaluate, type EvaluationResponse } from './engine/evaluate.js';
import { ALL_PROGRAMS, isOneOf, type AnyProgram, type Facts } from './engine/facts.js';
import { ENGINE_VERSION } from './engine/rule-sets.js';
import type { EvaluateRequestDto } from './eligibility.dto.js';
import { Evaluation } from './evaluation.entity.js';
import { compactResult, statusRow, upsertStatus, type CompactResult } from './evaluation-record.js';
import { criterionSources, withSources } from './criterion-sources.js';
import { loadProvenance } from './fact-provenance.js';
import { loadFacts } from './facts-loader.js';
import { RuleSetsService } from './rule-sets/rule-sets.service.js';
import { ruleSetVersions } from './engine/rule-sets.js';
import { LaddersService } from '../ladder/ladders.service.js';

export interface EvaluationSummary {
  id: number;
  enterpriseId: number;
  asOf: string;
  createdAt: Date;
  source: string;
  ruleSets: Record<string, string>;
  /** The engine version that made the evaluation (null for rows recorded before it was stored). */
  engineVersion: string | null;
  highestTier: string | null;
  outcomes: Record<string, string>;
}

/**
 * Eligibility for the stateless calculator and for stored files, and the record of evaluations.
 * The engine is pure; this service supplies the facts (from the request or the file) and the rule
 * sets in effect on asOf.
 */
@Injectable()
export class EligibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly ruleSets: RuleSetsService,
    private readonly audit: AuditService,
    private readonly ladders: LaddersService,
  ) {}

  private checkAsOf(asOf: string): void {
    const year = Number(asOf.slice(0, 4));
    if (year < 2000 || year > Number(todayIso().slice(0, 4)) + 1) throw new InvalidInputError('asOf out of range', [{ field: 'asOf', message: 'must be between 2000 and next year' }]);
  }

  async evaluateFacts(actor: Pick<Actor, 'locale'>, dto: EvaluateRequestDto): Promise<EvaluationResponse> {
    const asOf = dto.asOf ?? todayIso();
    this.checkAsOf(asOf);
    const n = Number(asOf.slice(0, 4));
    const future = (dto.financials ?? []).findIndex((f) => f.year >= n);
    if (future >= 0) {
      throw new InvalidInputError('financials contain a year that has not ended before asOf', [{ field: `financials[${future}].year`, message: `must be before ${n} (a completed fiscal year)` }]);
    }
    const years = (dto.financials ?? []).map((f) => f.year);
    const dupe = years.findIndex((y, i) => years.indexOf(y) !== i);
    if (dupe >= 0) throw new InvalidInputError('financials repeat a year', [{ field: `financials[${dupe}].year`, message: 'each fiscal year may appear once' }]);
    const { asOf: _a, programs, ...facts } = dto;
    return evaluate({ asOf, programs: programs as AnyProgram[] | undefined, facts: facts as unknown as Facts }, await this.ruleSets.resolve(asOf), { locale: actor.locale, ladders: await this.ladders.all() });
  }

  /**
   * The facts of one visible file as of a date (fiscal years from N on are not used). Inside a
   * transaction, pass its manager: the facts are read there, with the transaction's own writes.
   */
  async factsOf(actor: Actor, enterpriseId: number, asOf: string, manager?: EntityManager): Promise<Facts> {
    await this.enterprises.get(actor, enterpriseId, { manager });
    const facts = (await loadFacts(manager ?? this.dataSource, [enterpriseId], Number(asOf.slice(0, 4)), asOf)).get(enterpriseId);
    if (!facts) throw new NotFoundError('Enterprise');
    return facts;
  }

  async evaluateEnterprise(actor: Actor, enterpriseId: number, asOfOrToday?: string | null, programs: readonly AnyProgram[] = ALL_PROGRAMS): Promise<EvaluationResponse> {
    // null (sent explicitly in JSON) means the same as absent: today.
    const asOf = asOfOrToday ?? todayIso();
    this.checkAsOf(asOf);
    const facts = await this.factsOf(actor, enterpriseId, asOf);
    // A stored file is evaluated for every programme, the SRDI ladder's included, unless the caller needs fewer.
    return evaluate({ asOf, programs, facts }, await this.ruleSets.resolve(asOf), { locale: actor.locale, ladders: await this.ladders.all() });
  }

  /**
   * Evaluates a file and records it (rule-set versions, asOf, input snapshot, outcomes), updating
   * the enterprise's latest eligibility. Used on demand, when figures change, and at submission.
   */
  async recordEvaluation(actor: Actor, enterpriseId: number, source: 'manual' | 'submission' | 'change', asOfOrToday?: string | null): Promise<{ evaluationId: number; response: EvaluationResponse }> {
    const asOf = asOfOrToday ?? todayIso();
    this.checkAsOf(asOf);
    const facts = await this.factsOf(actor, enterpriseId, asOf);
    const ruleSets = await this.ruleSets.resolve(asOf);
    const response = evaluate({ asOf, programs: ALL_PROGRAMS, facts }, ruleSets, { locale: actor.locale, ladders: await this.ladders.all() });
    const versions = ruleSetVersions(ruleSets);
    const sources = criterionSources(response, await loadProvenance(this.dataSource, enterpriseId, Number(asOf.slice(0, 4)), asOf));
    const evaluationId = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(em.create(Evaluation, {
        enterpriseId, asOf, ruleSets: versions, engineVersion: ENGINE_VERSION, facts: facts as unknown as Record<string, unknown>, result: compactResult(response) as unknown as Record<string, unknown>,
        highestTier: response.ladder.highestEligibleTier, source, batchId: null, createdBy: actor.userId || null, sources,
      }));
      await upsertStatus(em, [statusRow(enterpriseId, response, saved.id)]);
      await this.audit.record(em, actor, {
        action: 'evaluate', entity: 'evaluation', entityId: saved.id, enterpriseId,
        after: { asOf, source, highestTier: response.ladder.highestEligibleTier, ruleSets: JSON.stringify(versions) },
      });
      return saved.id;
    });
    return { evaluationId, response: withSources(response, sources) };
  }

  async history(actor: Actor, enterpriseId: number, limit = 50): Promise<EvaluationSummary[]> {
    await this.enterprises.get(actor, enterpriseId);
    const rows = await this.dataSource.getRepository(Evaluation).find({
      // Ids grow with time on every backend (timestamps written by SQL and by the app differ in precision).
      where: { enterpriseId }, order: { id: 'DESC' }, take: Math.min(limit, 200),
      select: { id: true, asOf: true, createdAt: true, source: true, ruleSets: true, engineVersion: true, highestTier: true, result: true },
    });
    return rows.map((r) => ({
      id: r.id, enterpriseId, asOf: r.asOf, createdAt: r.createdAt, source: r.source, ruleSets: r.ruleSets, engineVersion: r.engineVersion ?? null, highestTier: r.highestTier,
      outcomes: Object.fromEntries(Object.entries((r.result as CompactResult).programs).map(([p, v]) => [p, v.outcome])),
    }));
  }

  /**
   * A past evaluation exactly as it was made: the stored facts run again through the stored rule-set
   * versions (published rule sets never change), with explanations in the reader's language.
   * `reproduced` says whether today's engine gives the same outcomes as recorded.
   */
  async showEvaluation(actor: Actor, evaluationId: number): Promise<{ evaluation: EvaluationSummary; response: EvaluationResponse; reproduced: boolean }> {
    const row = Number.isSafeInteger(evaluationId) ? await this.dataSource.getRepository(Evaluation).findOneBy({ id: evaluationId }) : null;
    if (!row) throw new NotFoundError('Evaluation');
    await this.enterprises.get(actor, row.enterpriseId);
    const ruleSets = await this.ruleSets.byVersions(row.ruleSets, row.asOf);
    const stored = row.result as CompactResult;
    // The programmes it reported, in today's order: one recorded before the SRDI programmes reproduces without them.
    const programs = ALL_PROGRAMS.filter((p) => isOneOf(ALL_PROGRAMS, p) && p in stored.programs);
    const response = evaluate({ asOf: row.asOf, programs, facts: row.facts as unknown as Facts }, ruleSets, { locale: actor.locale });
    const reproduced = JSON.stringify(compactResult(response)) === JSON.stringify(stored);
    // api.md: stored evaluations carry, per criterion, the `sources` of the facts it used ([] when none recorded).
    if (row.sources) withSources(response, row.sources);
    return {
      evaluation: {
        id: row.id, enterpriseId: row.enterpriseId, asOf: row.asOf, createdAt: row.createdAt, source: row.source, ruleSets: row.ruleSets, engineVersion: row.engineVersion ?? null, highestTier: row.highestTier,
        outcomes: Object.fromEntries(Object.entries(stored.programs).map(([p, v]) => [p, v.outcome])),
      },
      response,
      reproduced,
    };
  }
}
