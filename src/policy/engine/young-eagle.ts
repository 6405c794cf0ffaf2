import type { EvalCtx } from './context.js';
import { creditCriterion, TIER_CREDIT_KINDS } from './credit.js';
import {
  criterion,
  programResult,
  say,
  type CriterionResult,
  type Json,
  type MissingInput,
  type ProgramResult,
  type RuleSet,
  type Shortfall,
} from './criteria.js';
import { CONTEST_RANKS, type Outcome } from './facts.js';
import { required, type RequiredKey } from './messages.js';
import { and, or, programOutcome } from './outcome.js';
import type { YoungEagleParams } from './params.js';
import { currentOf, hasCurrent, isNationalOrProvincial } from './quals.js';
import { missingCriterion, regCriterion, revenueCriterion, unknownAs } from './shared-criteria.js';

/** Young eagle (rules.md §1.2): REG, CREDIT, AGE, REVENUE and at least one of nine paths. */
export function evaluateYoungEagle(ctx: EvalCtx, rs: RuleSet<YoungEagleParams>): ProgramResult {
  const reg = regCriterion(ctx, rs, 'YE-REG');
  const credit = creditCriterion(ctx, rs, 'YE-CREDIT', TIER_CREDIT_KINDS);
  const age = ageCriterion(ctx, rs);
  const revenue = revenueCriterion(ctx, rs, 'YE-REVENUE', rs.params.revenueMin, ['revenueMin']);
  // Unknown is not none: a path the lists fail stays open while its subject was not checked.
  const paths = pathCriteria(ctx, rs).map((c) =>
    unknownAs(ctx, rs, c.code === 'YE-PATH-IP' ? ['ip'] : c.code === 'YE-PATH-CONTEST' ? ['ip', 'qualifications'] : ['qualifications'], c),
  );
  const path = pathAggregate(ctx, rs, paths);
  const combined = and(and(reg.outcome, credit.outcome), and(and(age.outcome, revenue.outcome), path.outcome));
  return programResult('young-eagle', rs, programOutcome(combined), [reg, credit, age, revenue, path, ...paths], ctx);
}

/** YE-AGE: established from 1 January of N-8 to 31 December of N-1 inclusive. */
function ageCriterion(ctx: EvalCtx, rs: RuleSet<YoungEagleParams>): CriterionResult {
  const from = `${ctx.N - rs.params.ageWindowYears}-01-01`;
  const to = `${ctx.N - 1}-12-31`;
  const req = required(ctx, 'dateRange', { from, to });
  const threshold = { from, to };
  const uses = ['ageWindowYears'];
  const on = ctx.established;
  if (on === undefined) return missingCriterion(ctx, rs, { code: 'YE-AGE', required: req, threshold, uses }, [{ field: 'establishedOn' }]);
  const outcome = on < from || on > to ? 'unmet' : 'met';
  return criterion(rs, {
    code: 'YE-AGE',
    outcome,
    actual: on,
    required: req,
    threshold,
    explanation: say(ctx, outcome === 'met' ? 'age.met' : on < from ? 'age.tooOld' : 'age.tooNew', { on, from, to }),
    uses,
  });
}

interface PathEval {
  outcome: Outcome;
  actual: Json;
  threshold: Json;
  vars: Record<string, Json | undefined>;
  missing?: MissingInput[];
  shortfall?: Shortfall;
  uses?: readonly string[];
}

const PATHS: readonly { code: string; req: RequiredKey; run: (ctx: EvalCtx, p: YoungEagleParams) => PathEval }[] = [
  { code: 'YE-PATH-IP', req: 'yePathIp', run: ipPath },
  { code: 'YE-PATH-SOFTWARE', req: 'yePathSoftware', run: softwarePath },
  { code: 'YE-PATH-CONTEST', req: 'yePathContest', run: contestPath },
  { code: 'YE-PATH-HIGHTECH', req: 'yePathHighTech', run: highTechPath },
  { code: 'YE-PATH-AWARD', req: 'yePathAward', run: (ctx) => leveledPath(ctx, 'st-award') },
  { code: 'YE-PATH-RDINST', req: 'yePathRdInst', run: (ctx) => leveledPath(ctx, 'rd-institution') },
  { code: 'YE-PATH-STANDARD', req: 'yePathStandard', run: standardPath },
  { code: 'YE-PATH-VC', req: 'yePathVc', run: venturePath },
  { code: 'YE-PATH-PROJECT', req: 'yePathProject', run: (ctx) => leveledPath(ctx, 'st-project') },
];

function pathCriteria(ctx: EvalCtx, rs: RuleSet<YoungEagleParams>): CriterionResult[] {
  const p = rs.params;
  return PATHS.map(({ code, req, run }) => {
    const e = run(ctx, p);
    const reqText = required(ctx, req, {
      classIMin: p.ipClassIMin,
      classIIMin: p.ipClassIIMin,
      national: p.contestMinRank.national,
      provincial: p.contestMinRank.provincial,
      ipMin: p.contestIpMin,
      ventureMin: p.ventureMin,
    });
    return criterion(rs, {
      code,
      outcome: e.outcome,
      actual: e.actual,
      required: reqText,
      threshold: e.threshold,
      explanation:
        e.outcome === 'missing'
          ? say(ctx, 'missing', { inputs: e.missing ?? [] })
          : say(ctx, 'yePath', { code, met: e.outcome === 'met', ...e.vars }),
      uses: e.uses,
      missing: e.outcome === 'missing' ? e.missing : undefined,
      shortfall: e.outcome === 'unmet' ? e.shortfall : undefined,
      partOf: 'YE-PATH',
    });
  });
}

/** YE-PATH: met when any path is met; the unmet explanation points at the closest path, the IP path. */
function pathAggregate(ctx: EvalCtx, rs: RuleSet<YoungEagleParams>, paths: readonly CriterionResult[]): CriterionResult {
  let outcome: Outcome = 'unmet';
  const metCodes: string[] = [];
  const openCodes: string[] = [];
  for (const c of paths) {
    outcome = or(outcome, c.outcome);
    if (c.outcome === 'met') metCodes.push(c.code);
    else if (c.outcome !== 'unmet') openCodes.push(c.code);
  }
  const ipPathResult = paths[0]!;
  const missing: MissingInput[] = [];
  if (outcome === 'missing') for (const c of paths) if (c.missing) missing.push(...c.missing);
  const result = criterion(rs, {
    code: 'YE-PATH',
    outcome,
    actual: metCodes,
    required: required(ctx, 'yePath', { count: paths.length }),
    threshold: { anyOf: paths.map((c) => c.code) },
    explanation:
      outcome === 'met'
        ? say(ctx, 'yePathAny.met', { codes: metCodes })
        : outcome === 'missing'
          ? say(ctx, 'yePathAny.open', { codes: openCodes, inputs: missing })
          : say(ctx, 'yePathAny.unmet', { classI: ctx.ip.classI, classII: ctx.ip.classII, shortfall: ipPathResult.shortfall ?? null }),
    missing: outcome === 'missing' ? missing : undefined,
    shortfall: outcome === 'unmet' ? ipPathResult.shortfall : undefined,
  });
  // The aggregate rests on its paths' thresholds.
  if (paths.some((c) => c.provisional)) result.provisional = true;
  return result;
}

function ipPath(ctx: EvalCtx, p: YoungEagleParams): PathEval {
  const { classI, classII } = ctx.ip;
  const met = classI >= p.ipClassIMin || classII >= p.ipClassIIMin;
  const shortI = Math.max(0, p.ipClassIMin - classI);
  const shortII = Math.max(0, p.ipClassIIMin - classII);
  return {
    outcome: met ? 'met' : 'unmet',
    actual: { classI, classII },
    threshold: { classIMin: p.ipClassIMin, classIIMin: p.ipClassIIMin },
    vars: { classI, classII, shortI, shortII, classIMin: p.ipClassIMin, classIIMin: p.ipClassIIMin },
    shortfall: shortII <= shortI ? { count: shortII, unit: 'items' } : { count: shortI, unit: 'class-i-items' },
    uses: ['ipClassIMin', 'ipClassIIMin'],
  };
}

function softwarePath(ctx: EvalCtx): PathEval {
  const enterprise = hasCurrent(ctx, 'software-enterprise-certificate');
  const product = hasCurrent(ctx, 'software-product-certificate');
  return {
    outcome: enterprise && product ? 'met' : 'unmet',
    actual: { softwareEnterprise: enterprise, softwareProduct: product },
    threshold: { all: ['software-enterprise-certificate', 'software-product-certificate'] },
    vars: { enterprise, product },
  };
}

/**
 * A national contest award (excellence or better) or a provincial one (third prize or better), and
 * at least one valid IP. "Valid IP" is read as a Class I or II item: trademarks do not show innovation.
 */
function contestPath(ctx: EvalCtx, p: YoungEagleParams): PathEval {
  const missing: MissingInput[] = [];
  let award: Outcome = 'unmet';
  let best: { level: string; rank: string } | null = null;
  for (const q of ctx.quals) {
    if (q.kind !== 'contest-award') continue;
    if (q.level !== undefined && q.level !== 'national' && q.level !== 'provincial') continue;
    if (q.level === undefined || q.rank === undefined) {
      award = or(award, 'missing');
      missing.push({ field: q.level === undefined ? 'qualifications.level' : 'qualifications.rank' });
      continue;
    }
    const minRank = q.level === 'national' ? p.contestMinRank.national : p.contestMinRank.provincial;
    if (CONTEST_RANKS.indexOf(q.rank) >= CONTEST_RANKS.indexOf(minRank)) {
      award = 'met';
      if (best === null || (best.level !== 'national' && q.level === 'national')) best = { level: q.level, rank: q.rank };
    }
  }
  const ipItems = ctx.ip.classI + ctx.ip.classII;
  const ip: Outcome = ipItems >= p.contestIpMin ? 'met' : 'unmet';
  return {
    outcome: and(award, ip),
    actual: { award: best, ipItems },
    threshold: { minRank: p.contestMinRank, ipMin: p.contestIpMin },
    vars: { award: award === 'met', ipItems, ipMin: p.contestIpMin },
    missing,
    uses: ['contestMinRank', 'contestIpMin'],
  };
}

function highTechPath(ctx: EvalCtx): PathEval {
  const hnte = hasCurrent(ctx, 'hnte-certificate');
  const tianjin = hasCurrent(ctx, 'tianjin-high-tech-certificate');
  return {
    outcome: hnte || tianjin ? 'met' : 'unmet',
    actual: { hnte, tianjin },
    threshold: { anyOf: ['hnte-certificate', 'tianjin-high-tech-certificate'] },
    vars: { hnte, tianjin },
  };
}

/** Awards, R&D institutions and plan projects count at national or provincial/ministerial level. */
function leveledPath(ctx: EvalCtx, kind: 'st-award' | 'rd-institution' | 'st-project'): PathEval {
  let outcome: Outcome = 'unmet';
  let count = 0;
  const missing: MissingInput[] = [];
  for (const q of currentOf(ctx, kind)) {
    if (isNationalOrProvincial(q.level)) {
      count++;
      outcome = 'met';
    } else if (q.level === undefined) {
      outcome = or(outcome, 'missing');
      missing.push({ field: 'qualifications.level' });
    }
  }
  return { outcome, actual: count, threshold: { levels: ['national', 'provincial'] }, vars: { count }, missing };
}

/** Any standard of any level (international … enterprise) the enterprise helped draft. */
function standardPath(ctx: EvalCtx): PathEval {
  const count = currentOf(ctx, 'standard-drafting').length;
  return { outcome: count > 0 ? 'met' : 'unmet', actual: count, threshold: { min: 1 }, vars: { count } };
}

/** A single venture investment of at least the minimum from one institution. */
function venturePath(ctx: EvalCtx, p: YoungEagleParams): PathEval {
  let best: number | null = null;
  const missing: MissingInput[] = [];
  for (const q of ctx.quals) {
    if (q.kind !== 'venture-investment') continue;
    if (typeof q.amount !== 'number') missing.push({ field: 'qualifications.amount' });
    else if (best === null || q.amount > best) best = q.amount;
  }
  const outcome: Outcome = best !== null && best >= p.ventureMin ? 'met' : missing.length > 0 ? 'missing' : 'unmet';
  return {
    outcome,
    actual: best,
    threshold: { min: p.ventureMin },
    vars: { best, min: p.ventureMin },
    missing,
    uses: ['ventureMin'],
  };
}
