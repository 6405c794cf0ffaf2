import type { EvalCtx } from './context.js';
import { creditCriterion, TIER_CREDIT_KINDS } from './credit.js';
import { programResult, type ProgramResult, type RuleSet } from './criteria.js';
import { and, programOutcome } from './outcome.js';
import type { LeaderParams } from './params.js';
import { growthCriterion, ipItemsCriterion, rdIntensityCriterion, regCriterion, revenueCriterion, unknownAs } from './shared-criteria.js';

/**
 * Leading-enterprise candidate (LC-) and leading enterprise (LD-), rules.md §1.4: the same six
 * criteria with different thresholds, so one function parameterised by code prefix.
 */
function evaluateLeaderTier(
  program: 'leader-candidate' | 'leader',
  prefix: 'LC' | 'LD',
  ctx: EvalCtx,
  rs: RuleSet<LeaderParams>,
): ProgramResult {
  const p = rs.params;
  const reg = regCriterion(ctx, rs, `${prefix}-REG`);
  const credit = creditCriterion(ctx, rs, `${prefix}-CREDIT`, TIER_CREDIT_KINDS);
  const rd = rdIntensityCriterion(ctx, rs, `${prefix}-RD`, p.rdIntensityMin, ['rdIntensityMin']);
  const revenue = revenueCriterion(ctx, rs, `${prefix}-REVENUE`, p.revenueMin, ['revenueMin']);
  const growth = growthCriterion(ctx, rs, `${prefix}-GROWTH`, p.growthMin, ['growthMin']);
  const ip = unknownAs(ctx, rs, ['ip'], ipItemsCriterion(ctx, rs, `${prefix}-IP`, p.ipItemsMin, p.ipClassIMin, ['ipItemsMin', 'ipClassIMin']));
  const combined = and(
    and(and(reg.outcome, credit.outcome), and(rd.outcome, revenue.outcome)),
    and(growth.outcome, ip.outcome),
  );
  return programResult(program, rs, programOutcome(combined), [reg, credit, rd, revenue, growth, ip], ctx);
}

export function evaluateLeaderCandidate(ctx: EvalCtx, rs: RuleSet<LeaderParams>): ProgramResult {
  return evaluateLeaderTier('leader-candidate', 'LC', ctx, rs);
}

export function evaluateLeader(ctx: EvalCtx, rs: RuleSet<LeaderParams>): ProgramResult {
  return evaluateLeaderTier('leader', 'LD', ctx, rs);
}
