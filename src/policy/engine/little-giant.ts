import type { EvalCtx } from './context.js';
import { criterion, programResult, type CriterionResult, type MissingInput, type ProgramResult, type RuleSet } from './criteria.js';
import type { Outcome } from './facts.js';
import { dec, Ratio } from './num.js';
import { allOf, programOutcome } from './outcome.js';
import type { LittleGiantParams } from './params-srdi.js';
import { missingCriterion } from './shared-criteria.js';
import { equityOver, lastYears, lowerBoundTest, mainGrowth, nicheCriterion, rdStaffOf, recognitionCriterion, relatedClassI, srdiOf, yearRatio } from './srdi-common.js';
import { requiredSrdi, saySrdi } from './srdi-messages.js';
import { figure, sumOver } from './years.js';

/** Little giant (rules.md §7.3): every criterion is required. */
export function evaluateLittleGiant(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): ProgramResult {
  const p = rs.params;
  const criteria = [
    recognitionCriterion(ctx, rs, 'LG-SRDI', 'srdi-sme'),
    nicheCriterion(ctx, rs, 'LG-NICHE', p.nicheMinYears, ['nicheMinYears']),
    mainCriterion(ctx, rs),
    growthCriterion(ctx, rs),
    debtCriterion(ctx, rs),
    rdCriterion(ctx, rs),
    institutionCriterion(ctx, rs),
    ipCriterion(ctx, rs),
    chainCriterion(ctx, rs),
  ];
  return programResult('little-giant', rs, programOutcome(allOf(criteria.map((c) => c.outcome))), criteria, ctx);
}

/** LG-MAIN: main-business revenue / operating revenue of N-1 ≥ mainShareMin. */
function mainCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const missing: MissingInput[] = [];
  const r = yearRatio(ctx, year, 'mainBusinessRevenue', 'operatingRevenue', missing);
  const req = requiredSrdi(ctx, 'shareMin', { min: p.mainShareMin });
  const threshold = { year, min: p.mainShareMin };
  const uses = ['mainShareMin'];
  if (!r) return missingCriterion(ctx, rs, { code: 'LG-MAIN', required: req, threshold, uses }, missing);
  const met = r.gte(p.mainShareMin);
  const revenue = figure(ctx, year, 'operatingRevenue')!;
  const main = figure(ctx, year, 'mainBusinessRevenue')!;
  return criterion(rs, {
    code: 'LG-MAIN',
    outcome: met ? 'met' : 'unmet',
    actual: r.toNumber(),
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'share.result', { year, ratio: r.toNumber(), min: p.mainShareMin, met }),
    uses,
    shortfall: met ? undefined : { ratio: dec(p.mainShareMin).minus(r.value()).toNumber(), amount: dec(p.mainShareMin).times(revenue).minus(main).toNumber(), unit: 'yuan' },
  });
}

/** LG-GROWTH: average main-business revenue growth over the last two years ≥ growthMin. */
function growthCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const p = rs.params;
  const missing: MissingInput[] = [];
  const g = mainGrowth(ctx, missing);
  const req = requiredSrdi(ctx, 'growthMin', { min: p.growthMin });
  const threshold = { min: p.growthMin, fromYear: ctx.N - 3, toYear: ctx.N - 1 };
  const uses = ['growthMin'];
  if (!g) return missingCriterion(ctx, rs, { code: 'LG-GROWTH', required: req, threshold, uses }, missing);
  const met = g.gte(p.growthMin);
  return criterion(rs, {
    code: 'LG-GROWTH',
    outcome: met ? 'met' : 'unmet',
    actual: g.toNumber(),
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'mainGrowth.result', { from: ctx.N - 3, to: ctx.N - 1, g: g.toNumber(), min: p.growthMin, met }),
    uses,
    shortfall: met ? undefined : { ratio: dec(p.growthMin).minus(g.value()).toNumber() },
  });
}

/** LG-DEBT: total liabilities / total assets of N-1 ≤ debtRatioMax. */
function debtCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const missing: MissingInput[] = [];
  const r = yearRatio(ctx, year, 'totalLiabilities', 'totalAssets', missing);
  const req = requiredSrdi(ctx, 'debtMax', { max: p.debtRatioMax });
  const threshold = { year, max: p.debtRatioMax };
  const uses = ['debtRatioMax'];
  if (!r) return missingCriterion(ctx, rs, { code: 'LG-DEBT', required: req, threshold, uses }, missing);
  const met = !r.gt(p.debtRatioMax);
  const assets = figure(ctx, year, 'totalAssets')!;
  const liabilities = figure(ctx, year, 'totalLiabilities')!;
  return criterion(rs, {
    code: 'LG-DEBT',
    outcome: met ? 'met' : 'unmet',
    actual: r.toNumber(),
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'debt.result', { year, ratio: r.toNumber(), max: p.debtRatioMax, met }),
    uses,
    shortfall: met ? undefined : { ratio: r.value().minus(p.debtRatioMax).toNumber(), amount: dec(liabilities).minus(dec(p.debtRatioMax).times(assets)).toNumber(), unit: 'yuan', direction: 'decrease' },
  });
}

/**
 * LG-RD by operating revenue of N-1: ≥ largeRevenueMin → R&D / revenue ≥ largeIntensityMin in each of
 * the last rdYears years; ≥ midRevenueMin → ≥ midIntensityMin in each; below → equity financing ≥
 * smallEquityMin and Σ R&D ≥ smallRdSumMin over the years, and R&D staff / employees of N-1 ≥ smallRdStaffShareMin.
 */
function rdCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const revenue = figure(ctx, year, 'operatingRevenue');
  const req = requiredSrdi(ctx, 'lgRd', {
    large: p.largeRevenueMin, largeMin: p.largeIntensityMin, mid: p.midRevenueMin, midMin: p.midIntensityMin,
    equityMin: p.smallEquityMin, rdSumMin: p.smallRdSumMin, staffMin: p.smallRdStaffShareMin,
  });
  const uses = ['largeRevenueMin', 'largeIntensityMin', 'midRevenueMin', 'midIntensityMin', 'smallEquityMin', 'smallRdSumMin', 'smallRdStaffShareMin', 'rdYears'];
  const years = lastYears(ctx, p.rdYears);
  const from = years[years.length - 1] ?? year;
  if (revenue === undefined) return missingCriterion(ctx, rs, { code: 'LG-RD', required: req, threshold: { year }, uses }, [{ field: 'operatingRevenue', year }]);

  if (revenue >= p.midRevenueMin) {
    const large = revenue >= p.largeRevenueMin;
    const min = large ? p.largeIntensityMin : p.midIntensityMin;
    const threshold = { band: large ? 'large' : 'mid', revenue, intensityMin: min, fromYear: from, toYear: year };
    const missing: MissingInput[] = [];
    const ratios: number[] = [];
    let outcome: Outcome = 'met';
    let shortAmount = dec(0);
    for (const y of [...years].reverse()) {
      const r = yearRatio(ctx, y, 'rdExpense', 'operatingRevenue', missing);
      if (!r) {
        if (outcome === 'met') outcome = 'missing';
        continue;
      }
      ratios.push(r.toNumber());
      if (!r.gte(min)) {
        outcome = 'unmet';
        if (y === year) shortAmount = dec(min).times(revenue).minus(figure(ctx, y, 'rdExpense')!);
      }
    }
    if (outcome === 'missing') return missingCriterion(ctx, rs, { code: 'LG-RD', required: req, threshold, uses, actual: ratios }, missing);
    const met = outcome === 'met';
    return criterion(rs, {
      code: 'LG-RD',
      outcome,
      actual: ratios,
      required: req,
      threshold,
      explanation: saySrdi(ctx, 'lgRd.intensity', { revenue, from, to: year, ratios, min, met }),
      uses,
      shortfall: met || !shortAmount.gt(0) ? undefined : { amount: shortAmount.toNumber(), unit: 'yuan' },
    });
  }

  // Below the bands: equity, R&D total and R&D staff share, all needed.
  const threshold = { band: 'small', revenue, equityMin: p.smallEquityMin, rdSumMin: p.smallRdSumMin, rdStaffShareMin: p.smallRdStaffShareMin, fromYear: from, toYear: year };
  const missing: MissingInput[] = [];
  const equity = equityOver(ctx, years);
  const eq = lowerBoundTest(equity.sum, equity.unknown, p.smallEquityMin);
  if (eq === 'missing') for (const y of equity.unknown) missing.push({ field: 'srdi.equityFinancing', year: y });
  const rdMissing: MissingInput[] = [];
  const rdSum = sumOver(ctx, years, 'rdExpense', rdMissing);
  const rdOk: Outcome = rdSum.gte(p.smallRdSumMin) ? 'met' : rdMissing.length > 0 ? 'missing' : 'unmet';
  if (rdOk === 'missing') missing.push(...rdMissing);
  const staff = rdStaffOf(ctx, year);
  const employees = figure(ctx, year, 'employees');
  let staffShare: Ratio | undefined;
  if (staff === undefined) missing.push({ field: 'srdi.rdStaff', year });
  if (employees === undefined) missing.push({ field: 'employees', year });
  else if (employees <= 0) missing.push({ field: 'employees', year, reason: 'zero' });
  if (staff !== undefined && employees !== undefined && employees > 0) staffShare = new Ratio(dec(staff), dec(employees));
  const staffOk: Outcome = staffShare === undefined ? 'missing' : staffShare.gte(p.smallRdStaffShareMin) ? 'met' : 'unmet';
  const outcome = allOf([eq, rdOk, staffOk]);
  const actual = { equityFinancing: equity.sum, rdTotal: rdSum.toNumber(), rdStaffShare: staffShare?.toNumber() ?? null };
  if (outcome === 'missing') return missingCriterion(ctx, rs, { code: 'LG-RD', required: req, threshold, uses, actual }, missing);
  const met = outcome === 'met';
  return criterion(rs, {
    code: 'LG-RD',
    outcome,
    actual,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'lgRd.small', {
      revenue, equity: equity.sum, equityMin: p.smallEquityMin, rdSum: rdSum.toNumber(), rdSumMin: p.smallRdSumMin,
      staffShare: staffShare?.toNumber() ?? 0, staffMin: p.smallRdStaffShareMin, met,
    }),
    uses,
    shortfall: met ? undefined : rdOk === 'unmet' ? { amount: dec(p.smallRdSumMin).minus(rdSum).toNumber(), unit: 'yuan' } : eq === 'unmet' ? { amount: dec(p.smallEquityMin).minus(equity.sum).toNumber(), unit: 'yuan' } : undefined,
  });
}

/** LG-INSTITUTION: an own or joint R&D institution (the file's answer, or an R&D institution on record). */
function institutionCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const kind = srdiOf(ctx).rdInstitution;
  const onRecord = ctx.quals.some((q) => q.kind === 'rd-institution');
  const req = requiredSrdi(ctx, 'institution', {});
  const threshold = { rdInstitution: ['own', 'joint'] };
  const effective = kind === 'own' || kind === 'joint' ? kind : onRecord ? 'own' : kind;
  if (effective === undefined) return missingCriterion(ctx, rs, { code: 'LG-INSTITUTION', required: req, threshold }, [{ field: 'srdi.rdInstitution' }]);
  const met = effective !== 'none';
  return criterion(rs, {
    code: 'LG-INSTITUTION',
    outcome: met ? 'met' : 'unmet',
    actual: effective,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'institution.result', { kind: effective, met }),
  });
}

/** LG-IP: valid Class I items related to the main products ≥ ipClassIMin (IP not checked: a lower bound). */
function ipCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const p = rs.params;
  const { all } = relatedClassI(ctx);
  const req = requiredSrdi(ctx, 'classI', { min: p.ipClassIMin });
  const threshold = { classIRelatedMin: p.ipClassIMin };
  const uses = ['ipClassIMin'];
  const met = all >= p.ipClassIMin;
  if (!met && ctx.unknown.ip) return missingCriterion(ctx, rs, { code: 'LG-IP', required: req, threshold, uses, actual: all }, [{ field: 'ipAssets' }]);
  return criterion(rs, {
    code: 'LG-IP',
    outcome: met ? 'met' : 'unmet',
    actual: all,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'classI.result', { count: all, min: p.ipClassIMin, met }),
    uses,
    shortfall: met ? undefined : { count: p.ipClassIMin - all, unit: 'class-i-items' },
  });
}

/** LG-CHAIN: main product in a key link of an industrial chain — an officer-verified fact. */
function chainCriterion(ctx: EvalCtx, rs: RuleSet<LittleGiantParams>): CriterionResult {
  const v = srdiOf(ctx).keyChainLink;
  const req = requiredSrdi(ctx, 'chain', {});
  const threshold = { keyChainLink: true, verifiedBy: 'officer' };
  if (typeof v !== 'boolean') return missingCriterion(ctx, rs, { code: 'LG-CHAIN', required: req, threshold }, [{ field: 'srdi.keyChainLink' }]);
  return criterion(rs, {
    code: 'LG-CHAIN',
    outcome: v ? 'met' : 'unmet',
    actual: v,
    required: req,
    threshold,
    explanation: saySrdi(ctx, 'chain.result', { met: v }),
  });
}
