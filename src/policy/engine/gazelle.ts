import type { EvalCtx } from './context.js';
import { creditCriterion, TIER_CREDIT_KINDS } from './credit.js';
import { programResult, type ProgramResult, type RuleSet } from './criteria.js';
import { and, programOutcome } from './outcome.js';
import type { GazelleParams } from './params.js';
import { averageRdIntensityCriterion, growthCriterion, regCriterion, revenueCriterion, unknownAs } from './shared-criteria.js';

/** Gazelle (rules.md §1.3); every number is provisional, so RD, REVENUE and GROWTH carry the flag. */
export function evaluateGazelle(ctx: EvalCtx, rs: RuleSet<GazelleParams>): ProgramResult {
  const p = rs.params;
  const reg = regCriterion(ctx, rs, 'GZ-REG');
  const credit = creditCriterion(ctx, rs, 'GZ-CREDIT', TIER_CREDIT_KINDS);
  const rd = averageRdIntensityCriterion(
    ctx,
    rs,
    'GZ-RD',
    { min: p.rdIntensityMin, span: p.rdWindowYears, minYears: p.rdMinYears },
    ['rdIntensityMin', 'rdWindowYears', 'rdMinYears'],
  );
  const revenue = revenueCriterion(ctx, rs, 'GZ-REVENUE', p.revenueMin, ['revenueMin']);
  // The venture-investment alternative is a qualification: unknown while qualifications were not checked.
  const growth = unknownAs(ctx, rs, ['qualifications'], growthCriterion(ctx, rs, 'GZ-GROWTH', p.growthMin, ['growthMin'], {
    min: p.ventureMin,
    windowYears: p.ventureWindowYears,
    uses: ['ventureMin', 'ventureWindowYears'],
  }));
  const combined = and(and(reg.outcome, credit.outcome), and(and(rd.outcome, revenue.outcome), growth.outcome));
  return programResult('gazelle', rs, programOutcome(combined), [reg, credit, rd, revenue, growth], ctx);
}
