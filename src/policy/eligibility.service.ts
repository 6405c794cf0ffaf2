import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import { CreditFlag } from '../enterprises/credit-flag.entity.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { evaluate, type EvaluationResponse } from './engine/evaluate.js';
import type { Facts, Program } from './engine/facts.js';
import { DEFAULT_RULE_SETS } from './engine/rule-sets.js';
import type { EvaluateRequestDto } from './eligibility.dto.js';
import { factsFromFile } from './facts-from-file.js';

/**
 * Eligibility for the stateless calculator and for stored files. The engine is pure; this service
 * supplies the facts (from the request or the file) and the rule sets. Rule sets are the defaults of
 * rules.md until versioned rule sets are stored (issue 4).
 */
@Injectable()
export class EligibilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enterprises: EnterprisesService,
  ) {}

  private checkAsOf(asOf: string): void {
    const year = Number(asOf.slice(0, 4));
    if (year < 2000 || year > Number(todayIso().slice(0, 4)) + 1) throw new InvalidInputError('asOf out of range', [{ field: 'asOf', message: 'must be between 2000 and next year' }]);
  }

  evaluateFacts(actor: Actor, dto: EvaluateRequestDto): EvaluationResponse {
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
    return evaluate({ asOf, programs: programs as Program[] | undefined, facts: facts as unknown as Facts }, DEFAULT_RULE_SETS, { locale: actor.locale });
  }

  async evaluateEnterprise(actor: Actor, enterpriseId: number, asOf = todayIso()): Promise<EvaluationResponse> {
    this.checkAsOf(asOf);
    const enterprise = await this.enterprises.get(actor, enterpriseId);
    const where = { enterpriseId };
    const [financials, ipAssets, qualifications, creditFlags] = await Promise.all([
      this.dataSource.getRepository(AnnualFinancials).find({ where, order: { year: 'ASC' } }),
      this.dataSource.getRepository(IpAsset).find({ where }),
      this.dataSource.getRepository(Qualification).find({ where }),
      this.dataSource.getRepository(CreditFlag).find({ where }),
    ]);
    const n = Number(asOf.slice(0, 4));
    const facts = factsFromFile({ enterprise, financials: financials.filter((f) => f.year < n), ipAssets, qualifications, creditFlags });
    return evaluate({ asOf, facts }, DEFAULT_RULE_SETS, { locale: actor.locale });
  }
}
