import type { EvalCtx } from './context.js';
import { criterion, programResult, type CriterionResult, type MissingInput, type ProgramResult, type RuleSet } from './criteria.js';
import type { Outcome } from './facts.js';
import { dec, Ratio } from './num.js';
import { and, or, programOutcome } from './outcome.js';
import type { SrdiSmeParams } from './params-srdi.js';
import { missingCriterion, unknownAs } from './shared-criteria.js';
import { equityOver, lastYears, lowerBoundTest, nicheCriterion, recentAwards, recognitionCriterion, srdiOf, directPathCriterion } from './srdi-common.js';
import { requiredSrdi, saySrdi } from './srdi-messages.js';
import { figure, sumOver } from './years.js';

const SCORE_OR_DIRECT = ['SP-SCORE', 'SP-DIRECT'] as const;

/**
 * 专精特新 SME (rules.md §7.2): SP-INNOVATIVE, SP-NICHE, SP-RD, SP-REVENUE, and SP-SCORE or SP-DIRECT
 * (alternatives). The 专精特新 score is an input of the file (assessed outside the engine, with its source).
 */
export function evaluateSrdiSme(ctx: EvalCtx, rs: RuleSet<SrdiSmeParams>): ProgramResult {
  const p = rs.params;
  const innovative = recognitionCriterion(ctx, rs, 'SP-INNOVATIVE', 'innovative-sme');
  const niche = nicheCriterion(ctx, rs, 'SP-NICHE', p.nicheMinYears, ['nicheMinYears']);
  const rd = rdCriterion(ctx, rs);
  const revenue = revenueCriterion(ctx, rs);
  const score = scoreCriterion(ctx, rs);
  const direct = unknownAs(ctx, rs, ['qualifications'], directCriterion(ctx, rs));
  const combined = and(and(and(innovative.outcome, niche.outcome), and(rd.outcome, revenue.outcome)), or(score.outcome, direct.outcome));
  return programResult('srdi-sme', rs, programOutcome(combined), [innovative, niche, rd, revenue, score, direct], ctx);
}

/** SP-RD: R&D of N-1 ≥ rdMin and R&D / operating revenue of N-1 ≥ rdIntensityMin. */
function rdCriterion(ctx: EvalCtx, rs: RuleSet<SrdiSmeParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const rd = figure(ctx, year, 'rdExpense');
  const revenue = figure(ctx, year, 'operatingRevenue');
  const req = requiredSrdi(ctx, 'spRd', { rdMin: p.rdMin, min: p.rdIntensityMin });
  const threshold = { year, rdMin: p.rdMin, intensityMin: p.rdIntensityMin };
  const uses = ['rdMin', 'rdIntensityMin'];
  const missing: MissingInput[] = [];
  if (rd === undefined) missing.push({ field: 'rdExpense', year });
  if (revenue === undefined) missing.push({ field: 'operatingRevenue', year });
  else if (revenue <= 0) missing.push({ field: 'operatingRevenue', year, reason: 'zero' });
  // A known R&D amount below the floor fails whatever the revenue is.
  if (rd !== undefined && rd < p.rdMin && missing.length > 0) {
    return criterion(rs, {
      code: 'SP-RD', outcome: 'unmet', actual: { rd, ratio: null }, required: req, threshold, uses,
      explanation: saySrdi(ctx, 'spRd.result', { year, rd, ratio: 0, rdMin: p.rdMin, min: p.rdIntensityMin, met: false, shortAmount: dec(p.rdMin).minus(rd).toNumber() }),
      shortfall: { amount: dec(p.rdMin).minus(rd).toNumber(), unit: 'yuan' },
    });
  }
  if (rd === undefined || revenue === undefined || revenue <= 0) return missingCriterion(ctx, rs, { code: 'SP-RD', required: req, threshold, uses }, missing);
  const r = new Ratio(dec(rd), dec(revenue));
  const met = rd >= p.rdMin && r.gte(p.rdIntensityMin);
  const need = Math.max(dec(p.rdMin).minus(rd).toNumber(), dec(p.rdIntensityMin).times(revenue).minus(rd).toNumber(), 0);
  return criterion(rs, {
    code: 'SP-RD',
    outcome: met ? 'met' : 'unmet',
    actual: { rd, ratio: r.toNumber() },
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'spRd.result', { year, rd, ratio: r.toNumber(), rdMin: p.rdMin, min: p.rdIntensityMin, met, shortAmount: need }),
    uses,
    shortfall: met ? undefined : { amount: need, unit: 'yuan' },
  });
}

/** SP-REVENUE: operating revenue of N-1 ≥ revenueMin, or equity financing over the last equityYears ≥ equityMin. */
function revenueCriterion(ctx: EvalCtx, rs: RuleSet<SrdiSmeParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const revenue = figure(ctx, year, 'operatingRevenue');
  const years = lastYears(ctx, p.equityYears);
  const equity = equityOver(ctx, years);
  const rOk: Outcome = revenue === undefined ? 'missing' : revenue >= p.revenueMin ? 'met' : 'unmet';
  const eOk = lowerBoundTest(equity.sum, equity.unknown, p.equityMin);
  const outcome = or(rOk, eOk);
  const from = years[years.length - 1] ?? year;
  const req = requiredSrdi(ctx, 'spRevenue', { min: p.revenueMin, equityMin: p.equityMin, years: p.equityYears });
  const threshold = { year, revenueMin: p.revenueMin, equityMin: p.equityMin, equityFromYear: from, equityToYear: year };
  const uses = ['revenueMin', 'equityMin', 'equityYears'];
  const actual = { operatingRevenue: revenue ?? null, equityFinancing: equity.unknown.length === years.length ? null : equity.sum };
  if (outcome === 'missing') {
    const missing: MissingInput[] = [];
    if (revenue === undefined) missing.push({ field: 'operatingRevenue', year });
    for (const y of equity.unknown) missing.push({ field: 'srdi.equityFinancing', year: y });
    return missingCriterion(ctx, rs, { code: 'SP-REVENUE', required: req, threshold, uses, actual }, missing);
  }
  const met = outcome === 'met';
  return criterion(rs, {
    code: 'SP-REVENUE',
    outcome,
    actual,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'spRevenue.result', { year, revenue: revenue ?? null, min: p.revenueMin, equity: actual.equityFinancing, equityMin: p.equityMin, from, to: year, met }),
    uses,
    shortfall: met ? undefined : { amount: dec(p.revenueMin).minus(revenue ?? 0).toNumber(), unit: 'yuan' },
  });
}

/** SP-SCORE: the 专精特新 score of the file ≥ scorePassMark. */
function scoreCriterion(ctx: EvalCtx, rs: RuleSet<SrdiSmeParams>): CriterionResult {
  const p = rs.params;
  const score = srdiOf(ctx).srdiScore;
  const req = requiredSrdi(ctx, 'score', { passMark: p.scorePassMark });
  const threshold = { min: p.scorePassMark };
  const uses = ['scorePassMark'];
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    const r = missingCriterion(ctx, rs, { code: 'SP-SCORE', required: req, threshold, uses }, [{ field: 'srdi.srdiScore' }]);
    r.anyOf = SCORE_OR_DIRECT;
    return r;
  }
  const met = score >= p.scorePassMark;
  return criterion(rs, {
    code: 'SP-SCORE',
    outcome: met ? 'met' : 'unmet',
    actual: score,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'srdiScore.result', { score, passMark: p.scorePassMark, met }),
    uses,
    shortfall: met ? undefined : { count: dec(p.scorePassMark).minus(score).toNumber(), unit: 'points' },
    anyOf: SCORE_OR_DIRECT,
  });
}

/**
 * SP-DIRECT (any one): a provincial S&T award in the last 3 years ranked among the first 3 units, or
 * a national S&T award (in the same window); average R&D over the last 2 years ≥ 10,000,000; equity
 * financing over the last 2 years ≥ 60,000,000; the 创客中国 national top 500 in the last 3 years.
 */
function directCriterion(ctx: EvalCtx, rs: RuleSet<SrdiSmeParams>): CriterionResult {
  const p = rs.params;
  const routes: string[] = [];
  const open: MissingInput[] = [];

  const awards = recentAwards(ctx, p.directAwardLookbackYears);
  const provincialOk = awards.provincial.some((a) => a.unitRank !== undefined && a.unitRank <= p.directProvincialAwardMaxUnitRank);
  if (awards.national > 0 || provincialOk) routes.push('st-award');
  else {
    open.push(...awards.open);
    if (awards.provincial.some((a) => a.unitRank === undefined)) open.push({ field: 'qualifications.unitRank' });
  }

  const rdYears = lastYears(ctx, p.directAvgRdYears);
  const rdMissing: MissingInput[] = [];
  const rdSum = sumOver(ctx, rdYears, 'rdExpense', rdMissing);
  // R&D is never negative, so the known years' sum is a lower bound.
  if (rdYears.length > 0 && rdSum.gte(dec(p.directAvgRdMin).times(rdYears.length))) routes.push('avg-rd');
  else open.push(...rdMissing);

  const eqYears = lastYears(ctx, p.directEquityYears);
  const equity = equityOver(ctx, eqYears);
  const eq = lowerBoundTest(equity.sum, equity.unknown, p.directEquityMin);
  if (eq === 'met') routes.push('equity');
  else if (eq === 'missing') for (const y of equity.unknown) open.push({ field: 'srdi.equityFinancing', year: y });

  const maker = srdiOf(ctx).makerChinaTop500Year;
  if (typeof maker === 'number' && maker >= ctx.N - p.directMakerLookbackYears && maker <= ctx.N) routes.push('maker-china');
  else if (maker === undefined) open.push({ field: 'srdi.makerChinaTop500Year' });

  const req = requiredSrdi(ctx, 'spDirect', { years: p.directAwardLookbackYears, rank: p.directProvincialAwardMaxUnitRank, avgRdMin: p.directAvgRdMin, equityMin: p.directEquityMin });
  const threshold = {
    awardLookbackYears: p.directAwardLookbackYears,
    provincialAwardMaxUnitRank: p.directProvincialAwardMaxUnitRank,
    avgRdMin: p.directAvgRdMin,
    avgRdYears: p.directAvgRdYears,
    equityMin: p.directEquityMin,
    equityYears: p.directEquityYears,
    makerLookbackYears: p.directMakerLookbackYears,
  };
  const uses = ['directAwardLookbackYears', 'directProvincialAwardMaxUnitRank', 'directAvgRdMin', 'directAvgRdYears', 'directEquityMin', 'directEquityYears', 'directMakerLookbackYears'];
  const actual = { routes };
  return directPathCriterion(ctx, rs, { code: 'SP-DIRECT', routes, open, required: req, threshold, uses, actual, anyOf: SCORE_OR_DIRECT });
}
