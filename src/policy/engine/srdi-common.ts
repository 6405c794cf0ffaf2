import type { EvalCtx } from './context.js';
import { criterion, type CriterionResult, type Json, type MissingInput, type RuleSet } from './criteria.js';
import { addYears, dayNumber, isIsoDate } from './dates.js';
import type { SrdiFacts, SrdiProgram } from './facts.js';
import { isClassI, isIpValid } from './ip.js';
import { dec, Ratio } from './num.js';
import type { Outcome } from './facts.js';
import { isCurrent } from './quals.js';
import { missingCriterion } from './shared-criteria.js';
import { requiredSrdi, saySrdi } from './srdi-messages.js';
import { figure } from './years.js';

/**
 * Criteria and look-ups the three SRDI programmes share (rules.md §7). "Over the last k years" is
 * the completed fiscal years N-k … N-1; "in the last k years" for dated records (awards) is the k
 * years before asOf, as for TS-DIRECT.
 */

export const srdiOf = (ctx: EvalCtx): SrdiFacts => ctx.facts.srdi ?? {};

/** N-k … N-1, newest first. */
export const lastYears = (ctx: EvalCtx, k: number): number[] => Array.from({ length: Math.max(0, k) }, (_, i) => ctx.N - 1 - i);

/**
 * Σ paid-in equity financing over the years. A year without a recorded figure is unknown: the
 * known sum is a lower bound (enough to meet a threshold, never enough to fail one).
 */
export function equityOver(ctx: EvalCtx, years: readonly number[]): { sum: number; unknown: number[] } {
  const byYear = new Map<number, number>();
  for (const y of srdiOf(ctx).years ?? []) if (typeof y.equityFinancing === 'number' && Number.isFinite(y.equityFinancing)) byYear.set(y.year, y.equityFinancing);
  let sum = dec(0);
  const unknown: number[] = [];
  for (const y of years) {
    const v = byYear.get(y);
    if (v === undefined) unknown.push(y);
    else sum = sum.plus(v);
  }
  return { sum: sum.toNumber(), unknown };
}

/** A threshold test on a lower-bound sum: met once reached, unmet only when every year is known. */
export function lowerBoundTest(sum: number, unknown: readonly number[], min: number): Outcome {
  if (sum >= min) return 'met';
  return unknown.length > 0 ? 'missing' : 'unmet';
}

export function rdStaffOf(ctx: EvalCtx, year: number): number | undefined {
  for (const y of srdiOf(ctx).years ?? []) if (y.year === year && typeof y.rdStaff === 'number' && Number.isFinite(y.rdStaff)) return y.rdStaff;
  return undefined;
}

/** Valid Class I items related to the main products: all, and those self-developed. */
export function relatedClassI(ctx: EvalCtx): { all: number; own: number } {
  let all = 0;
  let own = 0;
  for (const a of ctx.facts.ipAssets ?? []) {
    if (!isClassI(a.kind) || a.relatedToMainProducts !== true || !isIpValid(a, ctx.asOf)) continue;
    all++;
    if (a.acquisition === 'own') own++;
  }
  return { all, own };
}

/** A ratio of two N-1 figures (or of a given year), with the missing inputs named. */
export function yearRatio(
  ctx: EvalCtx,
  year: number,
  num: 'mainBusinessRevenue' | 'totalLiabilities' | 'rdExpense',
  den: 'operatingRevenue' | 'totalAssets',
  missing: MissingInput[],
): Ratio | undefined {
  const n = figure(ctx, year, num);
  const d = figure(ctx, year, den);
  if (n === undefined) missing.push({ field: num, year });
  if (d === undefined) missing.push({ field: den, year });
  else if (d <= 0) missing.push({ field: den, year, reason: 'zero' });
  if (n === undefined || d === undefined || d <= 0) return undefined;
  return new Ratio(dec(n), dec(d));
}

/**
 * Average main-business revenue growth over the last two years: ((M1/M2 − 1) + (M2/M3 − 1)) / 2 with
 * M1 of N-1, M2 of N-2, M3 of N-3, kept as one exact fraction. Every figure is needed.
 */
export function mainGrowth(ctx: EvalCtx, missing: MissingInput[]): Ratio | undefined {
  const [y1, y2, y3] = [ctx.N - 1, ctx.N - 2, ctx.N - 3];
  const m1 = figure(ctx, y1, 'mainBusinessRevenue');
  const m2 = figure(ctx, y2, 'mainBusinessRevenue');
  const m3 = figure(ctx, y3, 'mainBusinessRevenue');
  if (m1 === undefined) missing.push({ field: 'mainBusinessRevenue', year: y1 });
  if (m2 === undefined) missing.push({ field: 'mainBusinessRevenue', year: y2 });
  else if (m2 <= 0) missing.push({ field: 'mainBusinessRevenue', year: y2, reason: 'zero' });
  if (m3 === undefined) missing.push({ field: 'mainBusinessRevenue', year: y3 });
  else if (m3 <= 0) missing.push({ field: 'mainBusinessRevenue', year: y3, reason: 'zero' });
  if (m1 === undefined || m2 === undefined || m3 === undefined || m2 <= 0 || m3 <= 0) return undefined;
  const M1 = dec(m1);
  const M2 = dec(m2);
  const M3 = dec(m3);
  // (M1/M2 + M2/M3)/2 − 1 = (M1·M3 + M2² − 2·M2·M3) / (2·M2·M3)
  const den = M2.times(M3).times(2);
  return new Ratio(M1.times(M3).plus(M2.times(M2)).minus(den), den);
}

/** One-year growth of main-business revenue N-1 over N-2 (the innovative-SME score). */
export function mainGrowthOneYear(ctx: EvalCtx, missing: MissingInput[]): Ratio | undefined {
  const [y1, y2] = [ctx.N - 1, ctx.N - 2];
  const m1 = figure(ctx, y1, 'mainBusinessRevenue');
  const m2 = figure(ctx, y2, 'mainBusinessRevenue');
  if (m1 === undefined) missing.push({ field: 'mainBusinessRevenue', year: y1 });
  if (m2 === undefined) missing.push({ field: 'mainBusinessRevenue', year: y2 });
  else if (m2 <= 0) missing.push({ field: 'mainBusinessRevenue', year: y2, reason: 'zero' });
  if (m1 === undefined || m2 === undefined || m2 <= 0) return undefined;
  return new Ratio(dec(m1).minus(m2), dec(m2));
}

/** S&T awards by level obtained within the last `years` years before asOf (undated ones are open). */
export function recentAwards(ctx: EvalCtx, years: number): { national: number; provincial: { unitRank?: number }[]; open: MissingInput[] } {
  const out = { national: 0, provincial: [] as { unitRank?: number }[], open: [] as MissingInput[] };
  const from = addYears(ctx.asOf, -years);
  for (const q of ctx.quals) {
    if (q.kind !== 'st-award') continue;
    if (!isIsoDate(q.on)) {
      out.open.push({ field: 'qualifications.on' });
      continue;
    }
    if (q.on < from) continue;
    if (q.level === 'national') out.national++;
    else if (q.level === 'provincial') out.provincial.push({ unitRank: q.unitRank });
    else if (q.level === undefined) out.open.push({ field: 'qualifications.level' });
  }
  return out;
}

/** A provincial-or-higher R&D institution among the current qualifications. */
export function hasHighRdInstitution(ctx: EvalCtx): boolean {
  return ctx.quals.some((q) => q.kind === 'rd-institution' && (q.level === 'national' || q.level === 'provincial') && isCurrent(ctx, q));
}

/** SP-INNOVATIVE / LG-SRDI: a recognition of the rung below, valid on asOf. */
export function recognitionCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string, program: SrdiProgram): CriterionResult {
  const list = srdiOf(ctx).recognitions;
  const req = requiredSrdi(ctx, 'recognition', { program });
  const threshold = { program, validOn: ctx.asOf };
  if (list === undefined) return missingCriterion(ctx, rs, { code, required: req, threshold }, [{ field: 'srdi.recognitions' }]);
  let best: string | undefined;
  for (const r of list) {
    if (r.program !== program) continue;
    if (isIsoDate(r.validFrom) && r.validFrom > ctx.asOf) continue;
    if (isIsoDate(r.validUntil) && r.validUntil < ctx.asOf) continue;
    const until = isIsoDate(r.validUntil) ? r.validUntil : '';
    if (best === undefined || until > best) best = until;
  }
  const met = best !== undefined;
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: met ? { validUntil: best || null } : null,
    required: req,
    threshold,
    explanation: met ? saySrdi(ctx, 'recognition.met', { program, validUntil: best || '—' }) : saySrdi(ctx, 'recognition.unmet', { program }),
  });
}

/** SP-NICHE / LG-NICHE: in the niche market for at least `min` years on asOf. */
export function nicheCriterion(ctx: EvalCtx, rs: RuleSet<unknown>, code: string, min: number, uses: readonly string[]): CriterionResult {
  const s = srdiOf(ctx);
  const req = requiredSrdi(ctx, 'niche', { min });
  const threshold = { minYears: min };
  if (!isIsoDate(s.nicheSince)) return missingCriterion(ctx, rs, { code, required: req, threshold, uses }, [{ field: 'srdi.nicheSince' }]);
  const reachOn = addYears(s.nicheSince, min);
  const met = reachOn <= ctx.asOf;
  const market = s.nicheMarket ?? '';
  return criterion(rs, {
    code,
    outcome: met ? 'met' : 'unmet',
    actual: { nicheMarket: market || null, since: s.nicheSince },
    required: req,
    threshold,
    explanation: met ? saySrdi(ctx, 'niche.met', { market, since: s.nicheSince, min }) : saySrdi(ctx, 'niche.unmet', { market, since: s.nicheSince, min, reachOn }),
    uses,
    shortfall: met ? undefined : { count: dayNumber(reachOn) - dayNumber(ctx.asOf), unit: 'days' },
  });
}

/**
 * A "direct path" criterion (IN-DIRECT, SP-DIRECT): met by any one route, missing while a route's
 * facts are unknown and none is met, else unmet — an alternative to the score (`anyOf`).
 */
export function directPathCriterion(
  ctx: EvalCtx,
  rs: RuleSet<unknown>,
  c: { code: string; routes: readonly string[]; open: readonly MissingInput[]; required: string; threshold: Json; uses: readonly string[]; actual: Json; anyOf: readonly string[] },
): CriterionResult {
  const outcome: Outcome = c.routes.length > 0 ? 'met' : c.open.length > 0 ? 'missing' : 'unmet';
  if (outcome === 'missing') {
    const r = missingCriterion(ctx, rs, { code: c.code, required: c.required, threshold: c.threshold, uses: c.uses, actual: c.actual }, c.open);
    r.anyOf = c.anyOf;
    return r;
  }
  return criterion(rs, {
    code: c.code,
    outcome,
    actual: c.actual,
    required: c.required,
    threshold: c.threshold,
    explanation: outcome === 'met' ? saySrdi(ctx, 'direct.met', { routes: [...c.routes] }) : saySrdi(ctx, 'direct.unmet', {}),
    uses: c.uses,
    anyOf: c.anyOf,
  });
}
