import type { EvalCtx } from './context.js';
import { criterion, editionOf, programResult, say, type CriterionResult, type ProgramResult, type RuleSet } from './criteria.js';
import { addYears, isIsoDate } from './dates.js';
import { EXCLUDED_ACTIVITY_TYPES, isOneOf, ACTIVITY_TYPES } from './facts.js';
import { negativeListCriterion } from './industry.js';
import { required } from './messages.js';
import { and, programOutcome } from './outcome.js';
import type { SuperDeductionParams } from './params.js';
import { hasCurrent } from './quals.js';
import { superDeductionAmount, type EitChoice } from './sd-amount.js';
import { missingCriterion, taxCriterion } from './shared-criteria.js';

/**
 * R&D expense super-deduction (rules.md §4). The claim year is rdExpenseDetail.year (default N-1);
 * the negative-list test uses that year's figures. The amount is estimated whenever the detail is
 * given and the enterprise is not ineligible — an amount for an enterprise that cannot claim would
 * only mislead.
 */
export function evaluateSuperDeduction(ctx: EvalCtx, rs: RuleSet<SuperDeductionParams>): ProgramResult {
  const p = rs.params;
  const detail = ctx.facts.rdExpenseDetail;
  const year = detail?.year ?? ctx.N - 1;
  const tax = taxCriterion(ctx, rs, 'SD-TAX');
  const industry = negativeListCriterion(ctx, rs, 'SD-INDUSTRY', p.negativeList, year, ['negativeList']);
  const activity = activityCriterion(ctx, rs);
  const ledger = ledgerCriterion(ctx, rs);
  const outcome = programOutcome(and(and(tax.outcome, industry.outcome), and(activity.outcome, ledger.outcome)));
  const result = programResult('super-deduction', rs, outcome, [tax, industry, activity, ledger], ctx);
  if (detail && outcome !== 'ineligible') {
    if (editionOf(rs) < 2) {
      const eitRate = hasCurrent(ctx, 'hnte-certificate') ? p.eitRateHighTech : p.eitRate;
      result.amount = superDeductionAmount(detail, year, eitRate, p);
    } else result.amount = superDeductionAmount(detail, year, claimYearEit(ctx, p, year), p);
  }
  return result;
}

/** An HNTE certificate valid on some day of the claim year (not merely at asOf). */
function hnteValidIn(ctx: EvalCtx, year: number): boolean {
  for (const q of ctx.quals) {
    if (q.kind !== 'hnte-certificate' || !isIsoDate(q.on)) continue;
    const end = isIsoDate(q.validUntil) ? q.validUntil : addYears(q.on, ctx.hnteValidityYears);
    if (q.on <= `${year}-12-31` && end >= `${year}-01-01`) return true;
  }
  return false;
}

/**
 * The EIT rate of the claim year (rules.md §4.4, edition 2): 15% with an HNTE certificate valid in
 * that year; the small low-profit rate when the year's taxable income, employees and assets are all
 * within the limits (in the years the rate exists); otherwise the standard rate — flagged `assumed`
 * when a figure needed for the small low-profit test is missing. A negative taxable income is a loss
 * year: the saving is deferred.
 */
function claimYearEit(ctx: EvalCtx, p: SuperDeductionParams, year: number): EitChoice {
  const fy = ctx.fin.get(year);
  const taxable = fy?.taxableIncome;
  const lossYear = typeof taxable === 'number' && taxable < 0;
  if (hnteValidIn(ctx, year)) return { rate: p.eitRateHighTech, basis: 'high-tech', assumed: false, lossYear };
  const s = p.smallLowProfit;
  if (s && p.eitRateSmallLowProfit !== undefined && year >= s.fromYear && year <= s.toYear) {
    const employees = fy?.employees;
    const assets = fy?.totalAssets;
    if (typeof taxable !== 'number' || typeof employees !== 'number' || typeof assets !== 'number')
      return { rate: p.eitRate, basis: 'standard', assumed: true, lossYear };
    if (taxable <= s.maxTaxableIncome && employees <= s.maxEmployees && assets <= s.maxTotalAssets)
      return { rate: p.eitRateSmallLowProfit, basis: 'small-low-profit', assumed: false, lossYear };
  }
  return { rate: p.eitRate, basis: 'standard', assumed: false, lossYear };
}

/** SD-ACTIVITY: at least one R&D project whose activity type is not excluded (§4.3). */
function activityCriterion(ctx: EvalCtx, rs: RuleSet<SuperDeductionParams>): CriterionResult {
  const projects = ctx.facts.rdExpenseDetail?.projects;
  const req = required(ctx, 'sdActivity', {});
  const threshold = { min: 1, excluded: EXCLUDED_ACTIVITY_TYPES };
  if (!projects) return missingCriterion(ctx, rs, { code: 'SD-ACTIVITY', required: req, threshold }, [{ field: 'rdExpenseDetail.projects' }]);
  let eligible = 0;
  for (const pr of projects)
    if (isOneOf(ACTIVITY_TYPES, pr.activityType) && !isOneOf(EXCLUDED_ACTIVITY_TYPES, pr.activityType)) eligible++;
  const met = eligible > 0;
  return criterion(rs, {
    code: 'SD-ACTIVITY',
    outcome: met ? 'met' : 'unmet',
    actual: { eligibleProjects: eligible, projects: projects.length },
    required: req,
    threshold,
    explanation: say(ctx, met ? 'sdActivity.met' : 'sdActivity.unmet', { eligible, total: projects.length }),
  });
}

/** SD-LEDGER: an R&D auxiliary ledger is kept (as the enterprise declares). */
function ledgerCriterion(ctx: EvalCtx, rs: RuleSet<SuperDeductionParams>): CriterionResult {
  const kept = ctx.ent.rdLedger;
  const req = required(ctx, 'ledger', {});
  const threshold = { rdLedger: true };
  if (kept === undefined) return missingCriterion(ctx, rs, { code: 'SD-LEDGER', required: req, threshold }, [{ field: 'rdLedger' }]);
  return criterion(rs, {
    code: 'SD-LEDGER',
    outcome: kept ? 'met' : 'unmet',
    actual: kept,
    required: req,
    threshold,
    explanation: say(ctx, kept ? 'ledger.met' : 'ledger.unmet', {}),
  });
}
