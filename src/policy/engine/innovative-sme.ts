import { ratioBand } from './bands.js';
import type { EvalCtx } from './context.js';
import { creditCriterion, TIER_CREDIT_KINDS } from './credit.js';
import { criterion, programResult, type CriterionResult, type MissingInput, type ProgramResult, type RuleSet, type ScoreOption } from './criteria.js';
import type { Outcome } from './facts.js';
import { fmtMoney } from './format.js';
import { dec, type Ratio } from './num.js';
import { and, or, programOutcome } from './outcome.js';
import type { InnovativeSmeParams, UpperBand } from './params-srdi.js';
import { hasCurrent } from './quals.js';
import { cheapestOptions, relativeEffort, type Candidate } from './score-options.js';
import { missingCriterion, unknownAs } from './shared-criteria.js';
import { equityOver, hasHighRdInstitution, lastYears, lowerBoundTest, mainGrowthOneYear, recentAwards, relatedClassI, srdiOf, yearRatio, directPathCriterion } from './srdi-common.js';
import { requiredSrdi, saySrdi } from './srdi-messages.js';
import { figure } from './years.js';
import type { InScore, InScorePart } from './criteria-shapes.js';

const SCORE_OR_DIRECT = ['IN-SCORE', 'IN-DIRECT'] as const;
const PARTS = ['ip', 'rd', 'growth', 'debt', 'sei', 'main'] as const satisfies readonly InScorePart[];
type Part = InScorePart;

/** One indicator's points: known (min = max), or a range while an input is missing. */
interface PartScore {
  min: number;
  max: number;
}

export type { InScore } from './criteria-shapes.js';

const top = (bands: readonly { points: number }[]) => Math.max(0, ...bands.map((b) => b.points));

export function upperBand(r: Ratio, bands: readonly UpperBand[]): number {
  for (const b of bands) if (!r.gt(b.max)) return b.points;
  return 0;
}

export function innovativeSmeScore(ctx: EvalCtx, p: InnovativeSmeParams, missing: MissingInput[]): InScore {
  const year = ctx.N - 1;
  const s = srdiOf(ctx);
  const parts = {} as Record<Part, PartScore>;

  // IP related to the main products: the best class held.
  const ip = relatedClassI(ctx);
  const ipp = p.ipPoints;
  const base = ip.own > 0 ? ipp.selfDevelopedClassI : ip.all > 0 ? ipp.classI : ctx.ip.classIIRelated > 0 ? ipp.classII : 0;
  const hv = s.highValueClassI;
  let ipMin = typeof hv === 'number' && hv > 0 ? ipp.highValueClassI : base;
  let ipMax = ipMin;
  if (hv === undefined && ip.all > 0) {
    ipMax = Math.max(ipMin, ipp.highValueClassI);
    missing.push({ field: 'srdi.highValueClassI' });
  }
  if (ctx.unknown.ip && ipMax < ipp.highValueClassI) {
    ipMax = ipp.highValueClassI;
    missing.push({ field: 'ipAssets' });
  }
  ipMin = Math.min(ipMin, ipMax);
  parts.ip = { min: ipMin, max: ipMax };

  const ranged = (r: Ratio | undefined, points: (r: Ratio) => number, max: number): PartScore => {
    if (!r) return { min: 0, max };
    const known = points(r);
    return { min: known, max: known };
  };
  parts.rd = ranged(yearRatio(ctx, year, 'rdExpense', 'operatingRevenue', missing), (r) => ratioBand(r, p.rdIntensityBands, 0), top(p.rdIntensityBands));
  parts.growth = ranged(mainGrowthOneYear(ctx, missing), (r) => ratioBand(r, p.growthBands, 0), top(p.growthBands));
  parts.debt = ranged(yearRatio(ctx, year, 'totalLiabilities', 'totalAssets', missing), (r) => upperBand(r, p.debtRatioBands), top(p.debtRatioBands));
  const sei = s.strategicEmergingIndustry;
  const sp = p.strategicEmergingPoints;
  if (sei === undefined) missing.push({ field: 'srdi.strategicEmergingIndustry' });
  parts.sei = sei === undefined ? { min: Math.min(sp.yes, sp.no), max: Math.max(sp.yes, sp.no) } : { min: sei ? sp.yes : sp.no, max: sei ? sp.yes : sp.no };
  parts.main = ranged(yearRatio(ctx, year, 'mainBusinessRevenue', 'operatingRevenue', missing), (r) => ratioBand(r, p.mainShareBands, 0), top(p.mainShareBands));

  let min = 0;
  let max = 0;
  const out = {} as Record<Part, number | null>;
  for (const k of PARTS) {
    min += parts[k].min;
    max += parts[k].max;
    out[k] = parts[k].min === parts[k].max ? parts[k].min : null;
  }
  return { total: min === max ? min : null, min, max, parts: out };
}

/**
 * The cheapest ways to close an innovative-SME score shortfall in the enterprise's own numbers: R&D
 * to add (revenue unchanged) for each higher intensity band, and related IP to obtain (a Class II
 * item, or a self-developed Class I item). Growth, debt and the main-business share are not moves
 * the enterprise makes within a year, so they are not offered.
 */
export function innovativeSmeOptions(ctx: EvalCtx, p: InnovativeSmeParams, score: InScore, short: number): ScoreOption[] {
  if (score.total === null || short <= 0) return [];
  const year = ctx.N - 1;
  const rd = figure(ctx, year, 'rdExpense')!;
  const revenue = figure(ctx, year, 'operatingRevenue')!;
  const r0 = score.parts.rd ?? 0;
  const rdMoves: Candidate[] = p.rdIntensityBands
    .filter((b) => b.points > r0)
    .map((b) => {
      const amount = Math.max(1, dec(b.min).times(revenue).minus(rd).ceil().toNumber());
      return { move: { indicator: 'rdByRevenue', fromPoints: r0, toPoints: b.points, amount, unit: 'yuan' }, gain: b.points - r0, effort: relativeEffort(amount, rd) };
    });
  const i0 = score.parts.ip ?? 0;
  const ipMoves: Candidate[] = [];
  if (p.ipPoints.classII > i0) ipMoves.push({ move: { indicator: 'ip', fromPoints: i0, toPoints: p.ipPoints.classII, count: 1, unit: 'items' }, gain: p.ipPoints.classII - i0, effort: 1 });
  if (p.ipPoints.selfDevelopedClassI > i0)
    ipMoves.push({ move: { indicator: 'ip', fromPoints: i0, toPoints: p.ipPoints.selfDevelopedClassI, count: 1, unit: 'class-i-items' }, gain: p.ipPoints.selfDevelopedClassI - i0, effort: 2 });
  return cheapestOptions([rdMoves, ipMoves], short);
}

/**
 * Innovative SME (rules.md §7.1): IN-SME and IN-CREDIT, and IN-SCORE or IN-DIRECT (alternatives,
 * reported with `anyOf` as TS-SCORE / TS-DIRECT are).
 */
export function evaluateInnovativeSme(ctx: EvalCtx, rs: RuleSet<InnovativeSmeParams>): ProgramResult {
  const sme = smeCriterion(ctx, rs);
  const credit = creditCriterion(ctx, rs, 'IN-CREDIT', TIER_CREDIT_KINDS);
  const { result: score, score: inScore } = scoreCriterion(ctx, rs);
  const direct = unknownAs(ctx, rs, ['qualifications'], directCriterion(ctx, rs));
  const combined = and(and(sme.outcome, credit.outcome), or(score.outcome, direct.outcome));
  const result = programResult('innovative-sme', rs, programOutcome(combined), [sme, credit, score, direct], ctx);
  result.score = inScore;
  return result;
}

function smeCriterion(ctx: EvalCtx, rs: RuleSet<InnovativeSmeParams>): CriterionResult {
  const p = rs.params;
  const year = ctx.N - 1;
  const employees = figure(ctx, year, 'employees');
  const revenue = figure(ctx, year, 'operatingRevenue');
  const req = requiredSrdi(ctx, 'inSme', { employeesBelow: p.employeesBelow, revenueBelow: p.revenueBelow });
  const threshold = { year, employeesBelow: p.employeesBelow, revenueBelow: p.revenueBelow };
  const uses = ['employeesBelow', 'revenueBelow'];
  const eOk: Outcome = employees === undefined ? 'missing' : employees < p.employeesBelow ? 'met' : 'unmet';
  const rOk: Outcome = revenue === undefined ? 'missing' : revenue < p.revenueBelow ? 'met' : 'unmet';
  const outcome = and(eOk, rOk);
  const actual = { employees: employees ?? null, operatingRevenue: revenue ?? null };
  if (outcome === 'missing') {
    const missing: MissingInput[] = [];
    if (employees === undefined) missing.push({ field: 'employees', year });
    if (revenue === undefined) missing.push({ field: 'operatingRevenue', year });
    return missingCriterion(ctx, rs, { code: 'IN-SME', required: req, threshold, uses, actual }, missing);
  }
  const excess: Record<string, number> = {};
  if (eOk === 'unmet') excess.employees = employees! - p.employeesBelow + 1;
  if (rOk === 'unmet') excess.operatingRevenue = dec(revenue!).minus(p.revenueBelow).toNumber();
  return criterion(rs, {
    code: 'IN-SME',
    outcome,
    actual,
    required: req,
    threshold,
    explanation:
      outcome === 'met'
        ? saySrdi(ctx, 'inSme.met', { year, employees: employees!, revenue: revenue! })
        : saySrdi(ctx, 'inSme.unmet', { year, employees: employees ?? 0, revenue: revenue ?? 0, employeesBelow: p.employeesBelow, revenueBelow: p.revenueBelow }),
    uses,
    shortfall: outcome === 'unmet' ? { excess, direction: 'decrease' } : undefined,
  });
}

function scoreCriterion(ctx: EvalCtx, rs: RuleSet<InnovativeSmeParams>): { result: CriterionResult; score: InScore } {
  const p = rs.params;
  const missing: MissingInput[] = [];
  const score = innovativeSmeScore(ctx, p, missing);
  const outcome: Outcome = score.min >= p.scorePassMark ? 'met' : score.max < p.scorePassMark ? 'unmet' : 'missing';
  const req = requiredSrdi(ctx, 'score', { passMark: p.scorePassMark });
  const threshold = { min: p.scorePassMark };
  const actual = { total: score.total, min: score.min, max: score.max, parts: score.parts };
  const uses = ['scorePassMark', 'ipPoints', 'rdIntensityBands', 'growthBands', 'debtRatioBands', 'strategicEmergingPoints', 'mainShareBands'];
  if (outcome === 'missing') {
    const r = missingCriterion(ctx, rs, { code: 'IN-SCORE', required: req, threshold, uses, actual }, missing);
    r.anyOf = SCORE_OR_DIRECT;
    return { result: r, score };
  }
  const short = Math.max(0, p.scorePassMark - score.max);
  const options = outcome === 'unmet' ? innovativeSmeOptions(ctx, p, score, short) : [];
  const explanation =
    outcome === 'met'
      ? saySrdi(ctx, 'score.met', { total: score.min, passMark: p.scorePassMark, parts: score.parts })
      : options.length && ctx.explain
        ? saySrdi(ctx, 'score.options', { max: score.max, passMark: p.scorePassMark, short, options: optionsText(ctx, options) })
        : saySrdi(ctx, 'score.unmet', { max: score.max, passMark: p.scorePassMark, short, parts: score.parts });
  const result = criterion(rs, {
    code: 'IN-SCORE',
    outcome,
    actual,
    required: req,
    threshold,
    explanation,
    uses,
    shortfall: outcome === 'met' ? undefined : options.length ? { count: short, unit: 'points', options } : { count: short, unit: 'points' },
    anyOf: SCORE_OR_DIRECT,
  });
  return { result, score };
}

function optionsText(ctx: EvalCtx, options: readonly ScoreOption[]): string {
  return options.map((o) => o.moves.map((m) => moveText(ctx, m)).join(ctx.locale === 'zh-CN' ? '并' : ' and ')).join(ctx.locale === 'zh-CN' ? '；或' : '; or ');
}

function moveText(ctx: EvalCtx, m: ScoreOption['moves'][number]): string {
  const zh = ctx.locale === 'zh-CN';
  const pts = zh ? `${m.fromPoints}→${m.toPoints} 分` : `${m.fromPoints}→${m.toPoints} points`;
  if (m.indicator === 'rdByRevenue') {
    const amount = m.amount ?? 0;
    return zh ? `按上年营业收入增加研发投入 ${fmtYuan(ctx, amount)}（研发强度 ${pts}）` : `${fmtYuan(ctx, amount)} more R&D at last year's revenue (R&D intensity ${pts})`;
  }
  if (m.unit === 'class-i-items') return zh ? `自主研发获得 ${m.count} 项与主导产品相关的 I 类知识产权（知识产权 ${pts}）` : `${m.count} self-developed Class I item(s) related to the main products (IP ${pts})`;
  return zh ? `获得 ${m.count} 项与主导产品相关的 II 类知识产权（知识产权 ${pts}）` : `${m.count} related Class II item(s) (IP ${pts})`;
}

const fmtYuan = (ctx: EvalCtx, n: number) => fmtMoney(ctx.locale, n);

/**
 * IN-DIRECT (any one): a national or provincial S&T award in the last 3 years; a valid HNTE
 * certificate or a demonstration title; a provincial-or-higher R&D institution; equity financing
 * from qualified investors ≥ 5,000,000 (paid-in) over the last 3 years.
 */
function directCriterion(ctx: EvalCtx, rs: RuleSet<InnovativeSmeParams>): CriterionResult {
  const p = rs.params;
  const routes: string[] = [];
  const open: MissingInput[] = [];
  const awards = recentAwards(ctx, p.directLookbackYears);
  if (awards.national > 0 || awards.provincial.length > 0) routes.push('st-award');
  else open.push(...awards.open);
  if (hasCurrent(ctx, 'hnte-certificate')) routes.push('hnte-certificate');
  if (srdiOf(ctx).innovationTitle === true) routes.push('innovation-title');
  if (hasHighRdInstitution(ctx)) routes.push('rd-institution');
  const years = lastYears(ctx, p.directLookbackYears);
  const equity = equityOver(ctx, years);
  const eq = lowerBoundTest(equity.sum, equity.unknown, p.directEquityMin);
  if (eq === 'met') routes.push('equity');
  else if (eq === 'missing') for (const y of equity.unknown) open.push({ field: 'srdi.equityFinancing', year: y });
  const req = requiredSrdi(ctx, 'inDirect', { years: p.directLookbackYears, equityMin: p.directEquityMin });
  const threshold = { lookbackYears: p.directLookbackYears, equityMin: p.directEquityMin, equityFromYear: years[years.length - 1] ?? ctx.N - 1, equityToYear: ctx.N - 1 };
  const uses = ['directLookbackYears', 'directEquityMin'];
  const actual = { routes, equityFinancing: equity.sum };
  return directPathCriterion(ctx, rs, { code: 'IN-DIRECT', routes, open, required: req, threshold, uses, actual, anyOf: SCORE_OR_DIRECT });
}

