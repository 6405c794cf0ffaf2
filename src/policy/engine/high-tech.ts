import type { EvalCtx } from './context.js';
import { HT_COMPLIANCE_KINDS, scanFlags } from './credit.js';
import { criterion, dedupeMissing, editionOf, programResult, say, type CriterionResult, type MissingInput, type ProgramResult, type RuleSet } from './criteria.js';
import { addDays, dayNumber } from './dates.js';
import { HIGH_TECH_FIELDS, isOneOf, type Outcome } from './facts.js';
import { highTechScore, highTechScoreOptions, type HtScore } from './ht-score.js';
import { required } from './messages.js';
import { addedToReachShare, dec, Ratio } from './num.js';
import { allOf, programOutcome } from './outcome.js';
import type { HighTechParams } from './params.js';
import { missingCriterion, unknownAs } from './shared-criteria.js';
import { figure, operatingYears, sumOver } from './years.js';

/** National high-tech enterprise certification (rules.md §2): nine criteria, all required. */
export function evaluateHighTech(ctx: EvalCtx, rs: RuleSet<HighTechParams>): ProgramResult {
  const scoreMissing: MissingInput[] = [];
  const score = highTechScore(ctx, rs.params, scoreMissing);
  const criteria = [
    ageCriterion(ctx, rs),
    unknownAs(ctx, rs, ['ip'], ipCriterion(ctx, rs)),
    fieldCriterion(ctx, rs),
    staffCriterion(ctx, rs),
    ...rdCriteria(ctx, rs),
    productShareCriterion(ctx, rs),
    complianceCriterion(ctx, rs),
    scoreCriterion(ctx, rs, score, scoreMissing),
  ];
  const result = programResult('high-tech', rs, programOutcome(allOf(criteria.map((c) => c.outcome))), criteria, ctx);
  result.score = score;
  return result;
}

/** HT-AGE: registered at least 365 days before asOf. */
function ageCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const min = rs.params.minAgeDays;
  const req = required(ctx, 'minDays', { days: min });
  const threshold = { minDays: min };
  const on = ctx.established;
  if (on === undefined) return missingCriterion(ctx, rs, { code: 'HT-AGE', required: req, threshold }, [{ field: 'establishedOn' }]);
  const days = dayNumber(ctx.asOf) - dayNumber(on);
  const met = days >= min;
  return criterion(rs, {
    code: 'HT-AGE',
    outcome: met ? 'met' : 'unmet',
    actual: { establishedOn: on, days },
    required: req,
    threshold,
    explanation: say(ctx, met ? 'htAge.met' : 'htAge.unmet', { on, days, min, earliest: addDays(on, min) }),
    shortfall: met ? undefined : { count: min - days, unit: 'days' },
  });
}

/** HT-IP: a valid Class I item, or a valid Class II item not used in an earlier HNTE application. */
function ipCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const { classI, classIIUnused, classII } = ctx.ip;
  const met = classI + classIIUnused >= 1;
  return criterion(rs, {
    code: 'HT-IP',
    outcome: met ? 'met' : 'unmet',
    actual: { classI, classIIUnused, classIIUsed: classII - classIIUnused },
    required: required(ctx, 'htIp', {}),
    threshold: { min: 1 },
    explanation: say(ctx, met ? 'htIp.met' : 'htIp.unmet', { classI, classIIUnused, classIIUsed: classII - classIIUnused }),
    shortfall: met ? undefined : { count: 1, unit: 'items' },
  });
}

/** HT-FIELD: one of the eight key fields; null means declared as none, absent means unknown. */
function fieldCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const field = ctx.ent.highTechField;
  const req = required(ctx, 'htField', {});
  const threshold = { anyOf: HIGH_TECH_FIELDS };
  if (field === undefined) return missingCriterion(ctx, rs, { code: 'HT-FIELD', required: req, threshold }, [{ field: 'highTechField' }]);
  const met = isOneOf(HIGH_TECH_FIELDS, field);
  return criterion(rs, {
    code: 'HT-FIELD',
    outcome: met ? 'met' : 'unmet',
    actual: field,
    required: req,
    threshold,
    explanation: say(ctx, met ? 'htField.met' : 'htField.unmet', { field: met ? field : null }),
  });
}

/** HT-STAFF: S&T staff / employees in N-1 ≥ 10%. */
function staffCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const min = rs.params.staffShareMin;
  const year = ctx.N - 1;
  const req = required(ctx, 'ratioMin', { min });
  const threshold = { min, year };
  const uses = ['staffShareMin'];
  const staff = figure(ctx, year, 'stStaff');
  const employees = figure(ctx, year, 'employees');
  const missing: MissingInput[] = [];
  if (staff === undefined) missing.push({ field: 'stStaff', year });
  if (employees === undefined) missing.push({ field: 'employees', year });
  else if (employees === 0) missing.push({ field: 'employees', year, reason: 'zero' });
  if (missing.length > 0) return missingCriterion(ctx, rs, { code: 'HT-STAFF', required: req, threshold, uses }, missing);
  const r = new Ratio(dec(staff!), dec(employees!));
  const met = r.gte(min);
  const persons = met ? 0 : addedToReachShare(staff!, employees!, min).ceil().toNumber();
  return criterion(rs, {
    code: 'HT-STAFF',
    outcome: met ? 'met' : 'unmet',
    actual: r.toNumber(),
    required: req,
    threshold,
    explanation: say(ctx, met ? 'staffShare.met' : 'staffShare.unmet', {
      year,
      staff: staff!,
      employees: employees!,
      ratio: r.toNumber(),
      min,
      persons,
    }),
    uses,
    shortfall: met ? undefined : { ratio: dec(min).minus(r.value()).toNumber(), count: persons, unit: 'persons' },
  });
}

/**
 * HT-RD and HT-RD-DOMESTIC over the years of operation among N-3 … N-1. The HT-RD threshold is
 * the tier set by N-1 sales (≤ 50M → 5%, ≤ 200M → 4%, above → 3%).
 */
function rdCriteria(ctx: EvalCtx, rs: RuleSet<HighTechParams>): [CriterionResult, CriterionResult] {
  const p = rs.params;
  const years = operatingYears(ctx, p.rdWindowYears);
  const from = years[years.length - 1]!;
  const to = ctx.N - 1;
  const rdMissing: MissingInput[] = [];
  const rd = sumOver(ctx, years, 'rdExpense', rdMissing);

  // HT-RD
  const salesMissing: MissingInput[] = [...rdMissing];
  const sales = sumOver(ctx, years, 'salesRevenue', salesMissing);
  const salesN1 = figure(ctx, to, 'salesRevenue');
  const tier = salesN1 === undefined ? undefined : p.rdTiers.find((t) => t.maxSales === null || salesN1 <= t.maxSales);
  const rdThreshold = { tiers: p.rdTiers, fromYear: from, toYear: to, min: tier?.min ?? null };
  const rdReq = tier ? required(ctx, 'htRdTier', { min: tier.min, maxSales: tier.maxSales, above: previousMax(p.rdTiers, tier) }) : required(ctx, 'htRdTiers', { tiers: p.rdTiers });
  if (salesMissing.length === 0 && sales.isZero()) salesMissing.push({ field: 'salesRevenue', year: to, reason: 'zero' });
  let rdResult: CriterionResult;
  if (salesMissing.length > 0 || !tier) {
    rdResult = missingCriterion(ctx, rs, { code: 'HT-RD', required: rdReq, threshold: rdThreshold, uses: ['rdTiers', 'rdWindowYears'] }, salesMissing);
  } else {
    const r = new Ratio(rd, sales);
    const met = r.gte(tier.min);
    const gap = met ? 0 : dec(tier.min).minus(r.value()).toNumber();
    const amount = met ? 0 : dec(tier.min).times(sales).minus(rd).toNumber();
    rdResult = criterion(rs, {
      code: 'HT-RD',
      outcome: met ? 'met' : 'unmet',
      actual: r.toNumber(),
      required: rdReq,
      threshold: rdThreshold,
      explanation: say(ctx, met ? 'htRd.met' : 'htRd.unmet', {
        from,
        to,
        rd: rd.toNumber(),
        sales: sales.toNumber(),
        ratio: r.toNumber(),
        min: tier.min,
        salesN1: salesN1!,
        gap,
        amount,
      }),
      uses: ['rdTiers', 'rdWindowYears'],
      shortfall: met ? undefined : { ratio: gap, amount, unit: 'yuan' },
    });
  }

  // HT-RD-DOMESTIC
  const min = p.rdDomesticShareMin;
  const domMissing: MissingInput[] = [...rdMissing];
  const domestic = sumOver(ctx, years, 'rdExpenseDomestic', domMissing);
  if (domMissing.length === 0 && rd.isZero()) domMissing.push({ field: 'rdExpense', year: to, reason: 'zero' });
  const domReq = required(ctx, 'ratioMin', { min });
  const domThreshold = { min, fromYear: from, toYear: to };
  let domResult: CriterionResult;
  if (domMissing.length > 0) {
    domResult = missingCriterion(ctx, rs, { code: 'HT-RD-DOMESTIC', required: domReq, threshold: domThreshold, uses: ['rdDomesticShareMin'] }, domMissing);
  } else {
    const r = new Ratio(domestic, rd);
    const met = r.gte(min);
    const amount = met ? 0 : addedToReachShare(domestic, rd, min).toNumber();
    domResult = criterion(rs, {
      code: 'HT-RD-DOMESTIC',
      outcome: met ? 'met' : 'unmet',
      actual: r.toNumber(),
      required: domReq,
      threshold: domThreshold,
      explanation: say(ctx, met ? 'htRdDomestic.met' : 'htRdDomestic.unmet', {
        from,
        to,
        domestic: domestic.toNumber(),
        rd: rd.toNumber(),
        ratio: r.toNumber(),
        min,
        amount,
      }),
      uses: ['rdDomesticShareMin'],
      shortfall: met ? undefined : { ratio: dec(min).minus(r.value()).toNumber(), amount, unit: 'yuan' },
    });
  }
  return [rdResult, domResult];
}

function previousMax(tiers: HighTechParams['rdTiers'], tier: HighTechParams['rdTiers'][number]): number | null {
  const i = tiers.indexOf(tier);
  return i > 0 ? tiers[i - 1]!.maxSales : null;
}

/** HT-PS: high-tech product/service revenue ≥ 60% of (total income − non-taxable income) in N-1. */
function productShareCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const min = rs.params.productShareMin;
  const year = ctx.N - 1;
  const req = required(ctx, 'ratioMin', { min });
  const threshold = { min, year };
  const uses = ['productShareMin'];
  const ht = figure(ctx, year, 'highTechRevenue');
  const total = figure(ctx, year, 'totalIncome');
  const nonTaxable = figure(ctx, year, 'nonTaxableIncome');
  const missing: MissingInput[] = [];
  if (ht === undefined) missing.push({ field: 'highTechRevenue', year });
  if (total === undefined) missing.push({ field: 'totalIncome', year });
  if (nonTaxable === undefined) missing.push({ field: 'nonTaxableIncome', year });
  const den = missing.length === 0 ? dec(total!).minus(nonTaxable!) : undefined;
  if (den && den.lte(0)) missing.push({ field: 'totalIncome', year, reason: 'zero' });
  if (missing.length > 0 || !den) return missingCriterion(ctx, rs, { code: 'HT-PS', required: req, threshold, uses }, missing);
  const r = new Ratio(dec(ht!), den);
  const met = r.gte(min);
  const amount = met ? 0 : addedToReachShare(ht!, den, min).toNumber();
  return criterion(rs, {
    code: 'HT-PS',
    outcome: met ? 'met' : 'unmet',
    actual: r.toNumber(),
    required: req,
    threshold,
    explanation: say(ctx, met ? 'htPs.met' : 'htPs.unmet', { year, ht: ht!, total: den.toNumber(), ratio: r.toNumber(), min, amount }),
    uses,
    shortfall: met ? undefined : { ratio: dec(min).minus(r.value()).toNumber(), amount, unit: 'yuan' },
  });
}

/** HT-COMPLIANCE: no major accident or serious environmental violation in the 365 days before asOf. */
function complianceCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>): CriterionResult {
  const days = rs.params.complianceLookbackDays;
  const from = addDays(ctx.asOf, -days);
  const scan = scanFlags(ctx, HT_COMPLIANCE_KINDS, from);
  // Accidents and violations are on the credit record: not checked means a clean record is unknown.
  const outcome: Outcome = scan.hits.length > 0 ? 'unmet' : scan.undated > 0 || ctx.unknown.credit ? 'missing' : 'met';
  const hits = scan.hits.map((f) => ({ kind: f.kind, on: f.on }));
  const req = required(ctx, 'noFlags', { kinds: HT_COMPLIANCE_KINDS, from, to: ctx.asOf });
  const threshold = { noneOf: HT_COMPLIANCE_KINDS, from, to: ctx.asOf };
  if (outcome === 'missing')
    return missingCriterion(ctx, rs, { code: 'HT-COMPLIANCE', required: req, threshold, uses: ['complianceLookbackDays'], actual: hits }, [{ field: scan.undated > 0 ? 'flags.on' : 'flags' }]);
  return criterion(rs, {
    code: 'HT-COMPLIANCE',
    outcome,
    actual: hits,
    required: req,
    threshold,
    explanation: outcome === 'met' ? say(ctx, 'flags.met', { from, to: ctx.asOf }) : say(ctx, 'flags.unmet', { flags: hits }),
    uses: ['complianceLookbackDays'],
  });
}

/**
 * HT-SCORE: met when the minimum reaches the pass mark (71), unmet when even the maximum falls
 * short of it, uncertain in between. (With whole-point scores "max < 71" is the rule's "max ≤ 70".)
 */
function scoreCriterion(ctx: EvalCtx, rs: RuleSet<HighTechParams>, score: HtScore, pending: MissingInput[]): CriterionResult {
  const { min, max } = score;
  const open = dedupeMissing(pending);
  const pass = rs.params.scorePassMark;
  const outcome: Outcome = min >= pass ? 'met' : max < pass ? 'unmet' : 'uncertain';
  // Edition 2: a shortfall names the cheapest moves of the items the enterprise controls.
  const options = outcome === 'unmet' && editionOf(rs) >= 2 ? highTechScoreOptions(ctx, rs.params, score, pass - max) : [];
  if (options.length)
    return criterion(rs, {
      code: 'HT-SCORE',
      outcome,
      actual: { min, max },
      required: required(ctx, 'scoreMin', { min: pass }),
      threshold: { min: pass },
      explanation: say(ctx, 'htScore.options', { min, max, pass, short: pass - max, open, options }),
      uses: ['scorePassMark', 'score'],
      shortfall: { count: pass - max, unit: 'points', options },
    });
  return criterion(rs, {
    code: 'HT-SCORE',
    outcome,
    actual: { min, max },
    required: required(ctx, 'scoreMin', { min: pass }),
    threshold: { min: pass },
    explanation: say(ctx, outcome === 'met' ? 'htScore.met' : outcome === 'unmet' ? 'htScore.unmet' : 'htScore.uncertain', {
      min,
      max,
      pass,
      short: pass - max,
      open,
    }),
    uses: ['scorePassMark', 'score'],
    shortfall: outcome === 'unmet' ? { count: pass - max, unit: 'points' } : undefined,
    missing: outcome === 'uncertain' ? open : undefined,
  });
}
