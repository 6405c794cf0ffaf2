import { lowestEdge } from './bands.js';
import type { EvalCtx } from './context.js';
import { creditCriterion, TS_CREDIT_KINDS } from './credit.js';
import {
  criterion,
  editionOf,
  programResult,
  say,
  type CriterionResult,
  type MissingInput,
  type ProgramResult,
  type RuleSet,
} from './criteria.js';
import type { Outcome } from './facts.js';
import { negativeListCriterion } from './industry.js';
import { required } from './messages.js';
import { addedToReachShare, dec } from './num.js';
import { and, or, programOutcome } from './outcome.js';
import type { TechSmeParams } from './params.js';
import { currentOf, hasCurrent, isNationalOrProvincial, withinLastYears } from './quals.js';
import { missingCriterion, taxCriterion, unknownAs } from './shared-criteria.js';
import { scoreOptions, techSmeScore } from './ts-score.js';
import { usccIsValid } from './uscc.js';
import { figure } from './years.js';

const SCORE_OR_DIRECT = ['TS-SCORE', 'TS-DIRECT'] as const;

/**
 * Tech-based SME (rules.md §1.1). Eligible when TS-REG, TS-SIZE, TS-INDUSTRY and TS-CREDIT are met
 * and at least one of TS-SCORE / TS-DIRECT is met: the two are alternatives, so the pair counts as
 * met when either is met, unmet only when both are unmet, and open otherwise (e.g. the score
 * lacks figures and no direct qualification is recorded).
 * Edition 1 (rule sets 2026.1) had TS-TAX instead of TS-REG and read TS-INDUSTRY as the
 * super-deduction negative list; it is kept so that decisions stored under 2026.1 reproduce.
 */
export function evaluateTechSme(ctx: EvalCtx, rs: RuleSet<TechSmeParams>): ProgramResult {
  const p = rs.params;
  const legacy = editionOf(rs) < 2;
  const size = sizeCriterion(ctx, rs);
  const first = legacy ? taxCriterion(ctx, rs, 'TS-TAX') : regCriterion(ctx, rs);
  const industry = legacy
    ? negativeListCriterion(ctx, rs, 'TS-INDUSTRY', p.negativeList!, ctx.N - 1, ['negativeList'])
    : restrictedCriterion(ctx, rs);
  const credit = creditCriterion(ctx, rs, 'TS-CREDIT', TS_CREDIT_KINDS);
  const { result: score, score: tsScore } = scoreCriterion(ctx, rs);
  const direct = unknownAs(ctx, rs, ['qualifications'], directCriterion(ctx, rs));
  const combined = and(
    and(and(size.outcome, first.outcome), and(industry.outcome, credit.outcome)),
    or(score.outcome, direct.outcome),
  );
  const criteria = legacy ? [size, first, industry, credit, score, direct] : [first, size, industry, credit, score, direct];
  const result = programResult('tech-sme', rs, programOutcome(combined), criteria, ctx);
  result.score = tsScore;
  return result;
}

/** GB/T 2260 province codes outside the mainland: Taiwan 71, Hong Kong 81, Macao 82. */
const NON_MAINLAND = ['71', '81', '82'];

/**
 * TS-REG (edition 2): a resident enterprise registered in mainland China — a valid USCC whose
 * administrative-division code (positions 3–8) is not Hong Kong, Macao or Taiwan.
 */
function regCriterion(ctx: EvalCtx, rs: RuleSet<TechSmeParams>): CriterionResult {
  const uscc = ctx.ent.uscc;
  const req = required(ctx, 'tsReg', {});
  const threshold = { usccValid: true, divisionNotIn: NON_MAINLAND };
  if (typeof uscc !== 'string' || uscc === '') return missingCriterion(ctx, rs, { code: 'TS-REG', required: req, threshold }, [{ field: 'uscc' }]);
  const valid = usccIsValid(uscc);
  const division = uscc.slice(2, 8);
  const mainland = !NON_MAINLAND.some((c) => division.startsWith(c));
  const met = valid && mainland;
  return criterion(rs, {
    code: 'TS-REG',
    outcome: met ? 'met' : 'unmet',
    actual: { uscc, division },
    required: req,
    threshold,
    explanation: say(ctx, met ? 'tsReg.met' : valid ? 'tsReg.outside' : 'tsReg.invalid', { uscc, division }),
  });
}

/**
 * TS-INDUSTRY (edition 2): the products and services are not in the State's prohibited, restricted
 * or eliminated categories — a fact of the file (`restrictedCategory`); unknown → `missing`.
 */
function restrictedCriterion(ctx: EvalCtx, rs: RuleSet<TechSmeParams>): CriterionResult {
  const restricted = ctx.ent.restrictedCategory;
  const req = required(ctx, 'notRestricted', {});
  const threshold = { restrictedCategory: false };
  if (typeof restricted !== 'boolean')
    return missingCriterion(ctx, rs, { code: 'TS-INDUSTRY', required: req, threshold }, [{ field: 'restrictedCategory' }]);
  return criterion(rs, {
    code: 'TS-INDUSTRY',
    outcome: restricted ? 'unmet' : 'met',
    actual: restricted,
    required: req,
    threshold,
    explanation: say(ctx, restricted ? 'restricted.unmet' : 'restricted.met', {}),
  });
}

/** TS-SIZE: employees, sales revenue and total assets of N-1 within the limits. */
function sizeCriterion(ctx: EvalCtx, rs: RuleSet<TechSmeParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const employees = figure(ctx, year, 'employees');
  const sales = figure(ctx, year, 'salesRevenue');
  const assets = figure(ctx, year, 'totalAssets');
  const missing: MissingInput[] = [];
  const excess: Record<string, number> = {};
  const check = (field: 'employees' | 'salesRevenue' | 'totalAssets', v: number | undefined, max: number): Outcome => {
    if (v === undefined) {
      missing.push({ field, year });
      return 'missing';
    }
    if (v <= max) return 'met';
    excess[field] = dec(v).minus(max).toNumber();
    return 'unmet';
  };
  const outcome = and(
    and(check('employees', employees, p.maxEmployees), check('salesRevenue', sales, p.maxSalesRevenue)),
    check('totalAssets', assets, p.maxTotalAssets),
  );
  const req = required(ctx, 'size', { maxEmployees: p.maxEmployees, maxSales: p.maxSalesRevenue, maxAssets: p.maxTotalAssets });
  const threshold = { year, maxEmployees: p.maxEmployees, maxSalesRevenue: p.maxSalesRevenue, maxTotalAssets: p.maxTotalAssets };
  const actual = { employees: employees ?? null, salesRevenue: sales ?? null, totalAssets: assets ?? null };
  const uses = ['maxEmployees', 'maxSalesRevenue', 'maxTotalAssets'];
  if (outcome === 'missing') return missingCriterion(ctx, rs, { code: 'TS-SIZE', required: req, threshold, uses, actual }, missing);
  return criterion(rs, {
    code: 'TS-SIZE',
    outcome,
    actual,
    required: req,
    threshold,
    explanation:
      outcome === 'met'
        ? say(ctx, 'size.met', { year, employees: employees!, sales: sales!, assets: assets! })
        : say(ctx, 'size.unmet', { year, excess }),
    uses,
    shortfall: outcome === 'unmet' ? { excess, direction: 'decrease' } : undefined,
  });
}

function scoreCriterion(ctx: EvalCtx, rs: RuleSet<TechSmeParams>) {
  const p = rs.params;
  const missing: MissingInput[] = [];
  const score = techSmeScore(ctx, p, missing);
  const staffZero = score.parts.stStaff === 0;
  let outcome: Outcome;
  if (score.parts.stStaff !== null && score.parts.stStaff > 0 && score.min >= p.scorePassMark) outcome = 'met';
  else if (staffZero || score.max < p.scorePassMark) outcome = 'unmet';
  else outcome = 'missing';
  const req = required(ctx, 'tsScore', { passMark: p.scorePassMark });
  const threshold = { min: p.scorePassMark, stStaffPointsAbove: 0 };
  const actual = { total: score.total, min: score.min, max: score.max, stStaff: score.parts.stStaff };
  const uses = ['scorePassMark', 'staffBands', 'rdSalesBands', 'rdCostBands', 'ipClassIMin', 'ipClassIPoints', 'ipClassIIBands'];
  if (outcome === 'missing') {
    const result = missingCriterion(ctx, rs, { code: 'TS-SCORE', required: req, threshold, uses, actual }, missing);
    result.anyOf = SCORE_OR_DIRECT;
    return { result, score };
  }
  const vars = {
    total: score.total,
    min: score.min,
    max: score.max,
    staff: score.parts.stStaff,
    rd: score.parts.rd,
    ip: score.parts.ip,
    passMark: p.scorePassMark,
    shortPoints: Math.max(0, p.scorePassMark - score.max),
    staffZero,
    staffRatio: score.ratios.stStaff,
    staffMin: lowestEdge(p.staffBands),
    needPersons: 0,
  };
  if (staffZero) {
    // S&T staff to hire (hiring grows the workforce too) for the ratio to reach the lowest scoring band.
    const employees = figure(ctx, ctx.N - 1, 'employees')!;
    const staff = figure(ctx, ctx.N - 1, 'stStaff')!;
    vars.needPersons = Math.max(1, addedToReachShare(staff, employees, vars.staffMin).ceil().toNumber());
  }
  // Edition 2: a points shortfall names the cheapest indicator moves that close it.
  const options = outcome === 'unmet' && !staffZero && editionOf(rs) >= 2 ? scoreOptions(ctx, p, score, vars.shortPoints) : [];
  const result = criterion(rs, {
    code: 'TS-SCORE',
    outcome,
    actual,
    required: req,
    threshold,
    explanation: options.length
      ? say(ctx, 'tsScore.options', { ...vars, options })
      : say(ctx, outcome === 'met' ? 'tsScore.met' : 'tsScore.unmet', vars),
    uses,
    shortfall:
      outcome === 'met'
        ? undefined
        : staffZero
          ? { count: vars.needPersons, unit: 'persons' }
          : options.length
            ? { count: vars.shortPoints, unit: 'points', options }
            : { count: vars.shortPoints, unit: 'points' },
    anyOf: SCORE_OR_DIRECT,
  });
  return { result, score };
}

/**
 * TS-DIRECT: a valid HNTE certificate; a national S&T award in the last 5 years with the enterprise
 * among the top 3 units; a provincial-or-higher R&D institution; or led the drafting of an
 * international, national or industry standard in the last 5 years (top 5 drafters). A record
 * lacking the level, rank or date needed to decide leaves the route open (`missing`).
 */
function directCriterion(ctx: EvalCtx, rs: RuleSet<TechSmeParams>): CriterionResult {
  const p = rs.params;
  const routes: string[] = [];
  const missing: MissingInput[] = [];
  if (hasCurrent(ctx, 'hnte-certificate')) routes.push('hnte-certificate');

  let award: Outcome = 'unmet';
  for (const q of currentOf(ctx, 'st-award')) {
    if (q.level !== undefined && q.level !== 'national') continue;
    const recent = withinLastYears(ctx, q, p.directLookbackYears);
    if (recent === false) continue;
    if (q.unitRank !== undefined && q.unitRank > p.directAwardMaxUnitRank) continue;
    if (q.level !== undefined && q.unitRank !== undefined && recent === true) {
      award = 'met';
      continue;
    }
    award = or(award, 'missing');
    if (q.level === undefined) missing.push({ field: 'qualifications.level' });
    if (q.unitRank === undefined) missing.push({ field: 'qualifications.unitRank' });
    if (recent === undefined) missing.push({ field: 'qualifications.on' });
  }
  if (award === 'met') routes.push('st-award');

  let institution: Outcome = 'unmet';
  for (const q of currentOf(ctx, 'rd-institution')) {
    if (isNationalOrProvincial(q.level)) institution = 'met';
    else if (q.level === undefined) {
      institution = or(institution, 'missing');
      missing.push({ field: 'qualifications.level' });
    }
  }
  if (institution === 'met') routes.push('rd-institution');

  let standard: Outcome = 'unmet';
  for (const q of currentOf(ctx, 'standard-drafting')) {
    if (q.level !== undefined && q.level !== 'international' && q.level !== 'national' && q.level !== 'industry') continue;
    const recent = withinLastYears(ctx, q, p.directLookbackYears);
    if (recent === false) continue;
    if (q.drafterRank !== undefined && q.drafterRank > p.directStandardMaxDrafterRank) continue;
    if (q.level !== undefined && q.drafterRank !== undefined && recent === true) {
      standard = 'met';
      continue;
    }
    standard = or(standard, 'missing');
    if (q.level === undefined) missing.push({ field: 'qualifications.level' });
    if (q.drafterRank === undefined) missing.push({ field: 'qualifications.drafterRank' });
    if (recent === undefined) missing.push({ field: 'qualifications.on' });
  }
  if (standard === 'met') routes.push('standard-drafting');

  const outcome: Outcome = routes.length > 0 ? 'met' : or(or(award, institution), standard);
  const req = required(ctx, 'tsDirect', {
    years: p.directLookbackYears,
    unitRank: p.directAwardMaxUnitRank,
    drafterRank: p.directStandardMaxDrafterRank,
  });
  const threshold = {
    lookbackYears: p.directLookbackYears,
    awardMaxUnitRank: p.directAwardMaxUnitRank,
    standardMaxDrafterRank: p.directStandardMaxDrafterRank,
  };
  const uses = ['directLookbackYears', 'directAwardMaxUnitRank', 'directStandardMaxDrafterRank'];
  if (outcome === 'missing') {
    const r = missingCriterion(ctx, rs, { code: 'TS-DIRECT', required: req, threshold, uses, actual: routes }, missing);
    r.anyOf = SCORE_OR_DIRECT;
    return r;
  }
  return criterion(rs, {
    code: 'TS-DIRECT',
    outcome,
    actual: routes,
    required: req,
    threshold,
    explanation: say(ctx, outcome === 'met' ? 'tsDirect.met' : 'tsDirect.unmet', { routes }),
    uses,
    anyOf: SCORE_OR_DIRECT,
  });
}
