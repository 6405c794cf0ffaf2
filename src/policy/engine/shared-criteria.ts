import type { EvalCtx } from './context.js';
import { criterion, dedupeMissing, say, type CriterionResult, type Json, type MissingInput, type RuleSet, type Speaker } from './criteria.js';
import { isIsoDate, yearOf } from './dates.js';
import { required } from './messages.js';
import { dec, Ratio } from './num.js';
import { or } from './outcome.js';
import { figure, operatingYears, revenueForGrowth, revenueGrowth, sumOver } from './years.js';

/** Criteria shared by several programmes; each takes its code and thresholds as arguments. */

/** A criterion that could not be decided for lack of inputs. */
export function missingCriterion(
  ctx: Speaker,
  rs: RuleSet<unknown>,
  c: { code: string; required: string; threshold: Json; uses?: readonly string[]; actual?: Json },
  missing: readonly MissingInput[],
): CriterionResult {
  missing = dedupeMissing(missing);
  return criterion(rs, {
    code: c.code,
    outcome: 'missing',
    actual: c.actual ?? null,
    required: c.required,
    threshold: c.threshold,
    explanation: say(ctx, 'missing', { inputs: missing }),
    uses: c.uses,
    missing,
  });
}

/** Facts field named when a subject was not checked. */
const UNKNOWN_FIELD = { ip: 'ipAssets', qualifications: 'qualifications', credit: 'flags' } as const;

/**
 * "Unknown is not none": a criterion that the lists fail is only `missing` when its subject was not
 * checked (what the lists lack may exist). A met result stands: the records found are a lower bound.
 */
export function unknownAs(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  subjects: readonly (keyof EvalCtx['unknown'])[],
  result: CriterionResult,
): CriterionResult {
  if (result.outcome !== 'unmet') return result;
  const open = subjects.filter((s) => ctx.unknown[s]);
  if (open.length === 0) return result;
  const missing = open.map((s) => ({ field: UNKNOWN_FIELD[s] }));
  const out = criterion(rs, {
    code: result.code,
    outcome: 'missing',
    actual: result.actual,
    required: result.required,
    threshold: result.threshold,
    explanation: say(ctx, 'missing', { inputs: missing }),
    missing,
    partOf: result.partOf,
    anyOf: result.anyOf,
  });
  if (result.provisional) out.provisional = true;
  return out;
}

/** *-REG: registered in Tianjin (district code starts with the division prefix, reference data). */
export function regCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string): CriterionResult {
  const d = ctx.ent.districtCode;
  const req = required(ctx, 'tianjin', {});
  const prefix = ctx.reference.divisionPrefix;
  const threshold = { districtCodePrefix: prefix };
  if (typeof d !== 'string' || d === '') return missingCriterion(ctx, rs, { code, required: req, threshold }, [{ field: 'districtCode' }]);
  const met = d.startsWith(prefix);
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: d,
    required: req,
    threshold,
    explanation: say(ctx, met ? 'reg.met' : 'reg.unmet', { districtCode: d }),
  });
}

/** TS-TAX / SD-TAX: taxed on actual accounts. */
export function taxCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string): CriterionResult {
  const mode = ctx.ent.taxMode;
  const req = required(ctx, 'audit', {});
  const threshold = { taxMode: 'audit' };
  if (mode === undefined) return missingCriterion(ctx, rs, { code, required: req, threshold }, [{ field: 'taxMode' }]);
  const met = mode === 'audit';
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: mode,
    required: req,
    threshold,
    explanation: say(ctx, met ? 'tax.met' : 'tax.unmet', {}),
  });
}

/** *-REVENUE: operating revenue of N-1 at least `min`. */
export function revenueCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string, min: number, uses: readonly string[]): CriterionResult {
  const year = ctx.N - 1;
  const req = required(ctx, 'moneyMin', { min });
  const threshold = { min, year };
  const actual = figure(ctx, year, 'operatingRevenue');
  if (actual === undefined)
    return missingCriterion(ctx, rs, { code, required: req, threshold, uses }, [{ field: 'operatingRevenue', year }]);
  const met = actual >= min;
  const short = dec(min).minus(actual).toNumber();
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual,
    required: req,
    threshold,
    explanation: say(ctx, met ? 'revenue.met' : 'revenue.unmet', { year, actual, min, short }),
    uses,
    shortfall: met ? undefined : { amount: short, unit: 'yuan' },
  });
}

/** LC-RD / LD-RD: R&D / operating revenue in N-1. */
export function rdIntensityCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string, min: number, uses: readonly string[]): CriterionResult {
  const year = ctx.N - 1;
  const req = required(ctx, 'ratioMin', { min });
  const threshold = { min, year };
  const rd = figure(ctx, year, 'rdExpense');
  const revenue = figure(ctx, year, 'operatingRevenue');
  const missing: MissingInput[] = [];
  if (rd === undefined) missing.push({ field: 'rdExpense', year });
  if (revenue === undefined) missing.push({ field: 'operatingRevenue', year });
  else if (revenue === 0) missing.push({ field: 'operatingRevenue', year, reason: 'zero' });
  if (missing.length > 0 || rd === undefined || revenue === undefined)
    return missingCriterion(ctx, rs, { code, required: req, threshold, uses }, missing);
  return intensityResult(ctx, rs, code, req, threshold, uses, rd, revenue, min, year, year);
}

/** GZ-RD: Σ R&D / Σ operating revenue over the years present in N-span … N-1, at least `minYears` of them. */
export function averageRdIntensityCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  p: { min: number; span: number; minYears: number },
  uses: readonly string[],
): CriterionResult {
  const years = operatingYears(ctx, p.span);
  const from = years[years.length - 1]!;
  const to = ctx.N - 1;
  const req = required(ctx, 'ratioMinYears', { min: p.min, from: ctx.N - p.span, to });
  const threshold = { min: p.min, fromYear: ctx.N - p.span, toYear: to, minYears: p.minYears };
  const missing: MissingInput[] = [];
  if (years.length < p.minYears)
    missing.push({ field: 'operatingRevenue', year: ctx.N - years.length - 1, reason: 'too-few-years', need: p.minYears, have: years.length });
  const rd = sumOver(ctx, years, 'rdExpense', missing);
  const revenue = sumOver(ctx, years, 'operatingRevenue', missing);
  if (missing.length === 0 && revenue.isZero()) missing.push({ field: 'operatingRevenue', year: to, reason: 'zero' });
  if (missing.length > 0) return missingCriterion(ctx, rs, { code, required: req, threshold, uses }, missing);
  return intensityResult(ctx, rs, code, req, threshold, uses, rd.toNumber(), revenue.toNumber(), p.min, from, to);
}

function intensityResult(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  req: string,
  threshold: CriterionResult['threshold'],
  uses: readonly string[],
  rd: number,
  revenue: number,
  min: number,
  from: number,
  to: number,
): CriterionResult {
  const r = new Ratio(dec(rd), dec(revenue));
  const met = r.gte(min);
  const ratio = r.toNumber();
  const vars = { from, to, rd, revenue, ratio, min, gap: 0, amount: 0 };
  if (!met) {
    vars.gap = dec(min).minus(r.value()).toNumber();
    vars.amount = dec(min).times(revenue).minus(rd).toNumber();
  }
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: ratio,
    required: req,
    threshold,
    explanation: say(ctx, met ? 'rdIntensity.met' : 'rdIntensity.unmet', vars),
    uses,
    shortfall: met ? undefined : { ratio: vars.gap, amount: vars.amount, unit: 'yuan' },
  });
}

export interface VentureAlternative {
  min: number;
  /** Counted when made in N − windowYears … N-1. */
  windowYears: number;
  uses: readonly string[];
}

/**
 * *-GROWTH: g (rules.md §1.3) ≥ min; for the gazelle also met by a single venture investment of at
 * least `venture.min` made in the window.
 */
export function growthCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  min: number,
  uses: readonly string[],
  venture?: VentureAlternative,
): CriterionResult {
  const gr = revenueGrowth(ctx);
  const to = ctx.N - 1;
  let gOutcome: 'met' | 'unmet' | 'missing' = 'missing';
  if (gr.ok) gOutcome = gr.g.gte(min) ? 'met' : 'unmet';

  // The venture-investment alternative.
  let vcOutcome: 'met' | 'unmet' | 'missing' = 'unmet';
  let vcBest: { amount: number; on: string } | null = null;
  const vcMissing: MissingInput[] = [];
  const vcFrom = venture ? ctx.N - venture.windowYears : 0;
  if (venture) {
    for (const q of ctx.quals) {
      if (q.kind !== 'venture-investment') continue;
      if (!isIsoDate(q.on)) {
        vcMissing.push({ field: 'qualifications.on' });
        continue;
      }
      const y = yearOf(q.on);
      if (y < vcFrom || y > to) continue;
      if (typeof q.amount !== 'number') {
        vcMissing.push({ field: 'qualifications.amount', year: y });
        continue;
      }
      if (vcBest === null || q.amount > vcBest.amount) vcBest = { amount: q.amount, on: q.on };
    }
    vcOutcome = vcBest !== null && vcBest.amount >= venture.min ? 'met' : vcMissing.length > 0 ? 'missing' : 'unmet';
  }
  const outcome = venture ? or(gOutcome, vcOutcome) : gOutcome;
  const allUses = venture ? [...uses, ...venture.uses] : uses;
  const req = venture
    ? required(ctx, 'growthOrVenture', { min, ventureMin: venture.min, from: vcFrom, to })
    : required(ctx, 'growthMin', { min });
  const threshold = venture ? { min, ventureMin: venture.min, ventureFromYear: vcFrom, ventureToYear: to } : { min };
  const g = gr.ok ? gr.g.toNumber() : null;
  const actual = venture ? { g, ventureInvestment: vcBest?.amount ?? null } : g;

  if (outcome === 'missing') {
    const missing = [...(gr.ok ? [] : gr.missing), ...(gOutcome === 'missing' || vcOutcome === 'missing' ? vcMissing : [])];
    return missingCriterion(ctx, rs, { code, required: req, threshold, uses: allUses, actual }, missing);
  }
  if (outcome === 'met') {
    const byVenture = gOutcome !== 'met';
    return criterion(rs, {
      code,
      outcome,
      actual,
      required: req,
      threshold,
      explanation: byVenture
        ? say(ctx, 'growth.venture', { amount: vcBest!.amount, on: vcBest!.on, min: venture!.min })
        : say(ctx, 'growth.met', { g: g!, min, from: gr.ok ? gr.from : to, to, years: gr.ok ? gr.years : 2 }),
      uses: allUses,
    });
  }
  // unmet: g is known and short, and there is no qualifying investment.
  const ok = gr as Extract<typeof gr, { ok: true }>;
  const needed = revenueForGrowth(ok, min);
  const gap = dec(min).minus(ok.g.value()).toNumber();
  const amount = needed.minus(ok.r1).toNumber();
  return criterion(rs, {
    code,
    outcome,
    actual,
    required: req,
    threshold,
    explanation: say(ctx, 'growth.unmet', {
      g: g!,
      min,
      from: ok.from,
      to,
      years: ok.years,
      gap,
      amount,
      ventureMin: venture?.min,
    }),
    uses: allUses,
    shortfall: { ratio: gap, amount, unit: 'yuan' },
  });
}

/** LC-IP / LD-IP: valid Class I + Class II items ≥ itemsMin, or Class I ≥ classIMin. */
export function ipItemsCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  code: string,
  itemsMin: number,
  classIMin: number,
  uses: readonly string[],
): CriterionResult {
  const { classI, classII } = ctx.ip;
  const total = classI + classII;
  const met = total >= itemsMin || classI >= classIMin;
  const shortItems = Math.max(0, itemsMin - total);
  const shortClassI = Math.max(0, classIMin - classI);
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: { items: total, classI, classII },
    required: required(ctx, 'ipItems', { itemsMin, classIMin }),
    threshold: { itemsMin, classIMin },
    explanation: say(ctx, met ? 'ipItems.met' : 'ipItems.unmet', { total, classI, itemsMin, classIMin, shortItems, shortClassI }),
    uses,
    // Either more items of any class or fewer Class I items close the gap; report the smaller count.
    shortfall: met
      ? undefined
      : shortClassI < shortItems
        ? { count: shortClassI, unit: 'class-i-items' }
        : { count: shortItems, unit: 'items' },
  });
}
