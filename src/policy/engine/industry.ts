import type { EvalCtx } from './context.js';
import { criterion, say, type CriterionResult, type MissingInput, type RuleSet } from './criteria.js';
import { required } from './messages.js';
import { dec, Ratio } from './num.js';
import type { NegativeListParams } from './params.js';
import { missingCriterion } from './shared-criteria.js';
import { figure } from './years.js';

/**
 * The negative-list prefix an industry code falls under, or undefined. Codes are GB/T 4754
 * ("F5123"); a code written without its section letter ("5123") is matched on the division, which
 * is unique across sections.
 */
export function negativeListPrefix(industryCode: string, prefixes: readonly string[]): string | undefined {
  const code = industryCode.trim().toUpperCase();
  const hasLetter = code.length > 0 && code[0]! >= 'A' && code[0]! <= 'Z';
  for (const p of prefixes) {
    if (hasLetter ? code.startsWith(p) : code.startsWith(p.slice(1))) return p;
  }
  return undefined;
}

/**
 * TS-INDUSTRY / SD-INDUSTRY (rules.md §4.2): on the list when the main business is in a listed
 * industry AND main-business revenue is more than 50% of (total income − non-taxable income −
 * investment income) for the year. A listed industry with figures missing is `missing`.
 */
export function negativeListCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  p: NegativeListParams,
  year: number,
  uses: readonly string[],
): CriterionResult {
  const req = required(ctx, 'notNegativeList', { share: p.mainBusinessShareAbove });
  const threshold = { prefixes: p.prefixes, mainBusinessShareAbove: p.mainBusinessShareAbove, year };
  const industryCode = ctx.ent.industryCode;
  if (typeof industryCode !== 'string' || industryCode.trim() === '')
    return missingCriterion(ctx, rs, { code, required: req, threshold, uses }, [{ field: 'industryCode' }]);
  const prefix = negativeListPrefix(industryCode, p.prefixes);
  if (prefix === undefined) {
    return criterion(rs, {
      code,
      outcome: 'met',
      actual: { industryCode },
      required: req,
      threshold,
      explanation: say(ctx, 'industry.notListed', { industryCode }),
      uses,
    });
  }
  const main = figure(ctx, year, 'mainBusinessRevenue');
  const total = figure(ctx, year, 'totalIncome');
  const nonTaxable = figure(ctx, year, 'nonTaxableIncome');
  const investment = figure(ctx, year, 'investmentIncome');
  const missing: MissingInput[] = [];
  if (main === undefined) missing.push({ field: 'mainBusinessRevenue', year });
  if (total === undefined) missing.push({ field: 'totalIncome', year });
  if (nonTaxable === undefined) missing.push({ field: 'nonTaxableIncome', year });
  if (investment === undefined) missing.push({ field: 'investmentIncome', year });
  let den = dec(0);
  if (missing.length === 0) {
    den = dec(total!).minus(nonTaxable!).minus(investment!);
    if (den.lte(0)) missing.push({ field: 'totalIncome', year, reason: 'zero' });
  }
  if (missing.length > 0)
    return missingCriterion(ctx, rs, { code, required: req, threshold, uses, actual: { industryCode, prefix } }, missing);
  const share = new Ratio(dec(main!), den);
  const listed = share.gt(p.mainBusinessShareAbove);
  const vars = { industryCode, prefix, share: share.toNumber(), limit: p.mainBusinessShareAbove, year };
  return criterion(rs, {
    code,
    outcome: listed ? 'unmet' : 'met',
    actual: { industryCode, prefix, mainBusinessShare: vars.share },
    required: req,
    threshold,
    explanation: say(ctx, listed ? 'industry.listed' : 'industry.minorShare', vars),
    uses,
  });
}
