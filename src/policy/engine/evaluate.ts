import { buildContext, type EvalCtx } from './context.js';
import { notApplicableResult, type ProgramResult, type RuleSet } from './criteria.js';
import { PROGRAMS, type AnyProgram, type Facts, type Locale, type Tier } from './facts.js';
import { evaluateGazelle } from './gazelle.js';
import { evaluateHighTech } from './high-tech.js';
import { evaluateInnovativeSme } from './innovative-sme.js';
import { evaluateLittleGiant } from './little-giant.js';
import { evaluateSrdiSme } from './srdi-sme.js';
import { evaluateRdPostSubsidy } from './rd-post-subsidy.js';
import { computeLadder, computeLadders, type Ladder, type LadderResult } from './ladder.js';
import { DEFAULT_LADDERS, type LadderSpec } from '../../ladder/ladders.js';
import { evaluateLeader, evaluateLeaderCandidate } from './leader.js';
import type { ParamsByProgram } from './params.js';
import { referenceOf, type RuleSets } from './rule-sets.js';
import { evaluateSuperDeduction } from './super-deduction.js';
import { evaluateTechSme } from './tech-sme.js';
import { evaluateYoungEagle } from './young-eagle.js';
import { lookupTable } from '../../common/own-key.js';

export interface EvaluateRequest {
  /** Evaluation date YYYY-MM-DD; N is its year. */
  asOf: string;
  /**
   * Programmes to report (default: the seven of PROGRAMS, in order; the SRDI programmes when named —
   * ALL_PROGRAMS for every one).
   */
  programs?: readonly AnyProgram[];
  facts: Facts;
}

export interface EvaluateOptions {
  /** Language of `required` and `explanation` (default zh-CN). */
  locale?: Locale;
  /** Batch jobs that only need outcomes may switch the sentences off: `explanation` and `required` become ''. */
  explanations?: boolean;
  /** The ladders to report (default: the shipped records; services pass the configured ones). */
  ladders?: readonly LadderSpec[];
}

/** The response of POST /api/v1/eligibility/evaluate (api.md). */
export interface EvaluationResponse {
  asOf: string;
  evaluationYear: number;
  results: ProgramResult[];
  ladder: Ladder;
  /** Every configured ladder (api.md "Ladders and programmes"); `ladder` stays for Tianjin. */
  ladders: LadderResult[];
}

type Evaluator<P extends AnyProgram> = (ctx: EvalCtx, rs: RuleSet<ParamsByProgram[P]>) => ProgramResult;

const EVALUATORS: { [P in AnyProgram]: Evaluator<P> } = lookupTable<{ [P in AnyProgram]: Evaluator<P> }>({
  'tech-sme': evaluateTechSme,
  'young-eagle': evaluateYoungEagle,
  gazelle: evaluateGazelle,
  'leader-candidate': evaluateLeaderCandidate,
  leader: evaluateLeader,
  'high-tech': evaluateHighTech,
  'super-deduction': evaluateSuperDeduction,
  'innovative-sme': evaluateInnovativeSme,
  'srdi-sme': evaluateSrdiSme,
  'little-giant': evaluateLittleGiant,
  'rd-post-subsidy': evaluateRdPostSubsidy,
});

/**
 * One programme against a prepared context (for callers that evaluate programmes one by one).
 * Before the rule set's first day in force the programme did not exist yet: `not-applicable`.
 */
export function evaluateProgram<P extends AnyProgram>(program: P, ctx: EvalCtx, ruleSet: RuleSet<ParamsByProgram[P]>): ProgramResult {
  if (ruleSet.effectiveFrom !== undefined && ctx.asOf < ruleSet.effectiveFrom) return notApplicableResult(program, ruleSet, ctx);
  return (EVALUATORS[program] as Evaluator<P>)(ctx, ruleSet);
}

/** The evaluation context for a request (facts indexed once; see context.ts). */
export function contextFor(request: EvaluateRequest, ruleSets: RuleSets, options: EvaluateOptions = {}): EvalCtx {
  return buildContext(request.asOf, request.facts, {
    locale: options.locale,
    explanations: options.explanations,
    hnteValidityYears: ruleSets['high-tech'].params.certificateValidityYears,
    reference: referenceOf(ruleSets),
  });
}

/**
 * Evaluates the requested programmes and the ladder. The ladder always looks at all five rungs
 * (evaluating those not requested internally, without reporting them) so that the highest
 * eligible rung and the gap to the next one do not depend on which programmes were requested.
 * Throws RangeError only for an invalid `asOf`; facts are expected to be validated at the boundary,
 * and anything absent or unusable in them becomes a `missing` outcome.
 */
export function evaluate(request: EvaluateRequest, ruleSets: RuleSets, options: EvaluateOptions = {}): EvaluationResponse {
  const ctx = contextFor(request, ruleSets, options);
  const done: Partial<Record<AnyProgram, ProgramResult>> = {};
  const get = <P extends AnyProgram>(p: P, rs: RuleSet<ParamsByProgram[P]>): ProgramResult => (done[p] ??= evaluateProgram(p, ctx, rs));
  const requested = request.programs ?? PROGRAMS;
  const results: ProgramResult[] = [];
  const seen = new Set<AnyProgram>();
  for (const p of requested) {
    if (seen.has(p) || !(p in EVALUATORS)) continue;
    // Rule sets made before the SRDI programmes or the post-subsidy (2026.1, a caller's own) have none for them: not reported.
    const rs = ruleSets[p] as RuleSet<ParamsByProgram[typeof p]> | undefined;
    if (!rs) continue;
    seen.add(p);
    results.push(get(p, rs));
  }
  const ladder = computeLadder((tier: Tier) => get(tier, ruleSets[tier]));
  // A rung whose programme has no evaluator or no rule set yet is reported as not evaluated.
  const known = (p: string): p is AnyProgram => Object.prototype.hasOwnProperty.call(EVALUATORS, p) && (ruleSets as Partial<Record<string, unknown>>)[p] !== undefined;
  const ladders = computeLadders(options.ladders ?? DEFAULT_LADDERS, (p) => (known(p) ? get(p, ruleSets[p] as RuleSet<ParamsByProgram[typeof p]>) : null));
  return { asOf: request.asOf, evaluationYear: ctx.N, results, ladder, ladders };
}

/**
 * For batch re-evaluation: binds the rule sets and options once and returns a function of the
 * request. Pass `{ explanations: false }` when only outcomes, amounts and the ladder are stored.
 */
export function createEvaluator(ruleSets: RuleSets, options: EvaluateOptions = {}): (request: EvaluateRequest) => EvaluationResponse {
  return (request) => evaluate(request, ruleSets, options);
}

/**
 * Evaluates a stream of requests with one set of rule sets (a nightly re-evaluation of every
 * enterprise). Lazy, so the caller can write results out in batches without holding them all.
 */
export function* evaluateAll(
  requests: Iterable<EvaluateRequest>,
  ruleSets: RuleSets,
  options: EvaluateOptions = {},
): Generator<EvaluationResponse, void, undefined> {
  for (const request of requests) yield evaluate(request, ruleSets, options);
}
