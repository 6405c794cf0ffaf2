import type { AnyProgram, Locale, Outcome, ProgramOutcome } from './facts.js';
import type { HtScore } from './ht-score.js';
import type { InScore, RpAmount } from './criteria-shapes.js';
import { explanation, type MessageKey, type MessageVars } from './messages.js';
import type { SdAmount } from './sd-amount.js';
import type { TsScore } from './ts-score.js';

export type { MissingInput, RpAmount, ScoreMove, ScoreOption, Shortfall } from './criteria-shapes.js';

/** The super-deduction's estimate (not the post-subsidy's amount). */
export function isSdAmount(a: SdAmount | RpAmount | undefined | null): a is SdAmount {
  return !!a && (a as RpAmount).kind !== 'rd-post-subsidy';
}
import type { MissingInput, Shortfall, Speaker } from './criteria-shapes.js';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json | undefined };

export interface CriterionResult {
  code: string;
  outcome: Outcome;
  /** The value found (null when missing). */
  actual: Json;
  /** The threshold, human-readable in the requested locale. */
  required: string;
  /** The threshold, machine-readable. */
  threshold: Json;
  /** One line in the requested locale ('' when explanations are switched off). */
  explanation: string;
  /** Set when the result depends on a provisional parameter. */
  provisional?: true;
  shortfall?: Shortfall;
  missing?: readonly MissingInput[];
  /** Sub-criterion reported for information; the named aggregate decides (YE-PATH-* → YE-PATH). */
  partOf?: string;
  /** Alternatives: the programme needs any one of these codes met (TS-SCORE / TS-DIRECT). */
  anyOf?: readonly string[];
  /** Document number and, where known, article (from the rule set; rules.md §12). */
  reference?: string;
}

export interface RuleSet<P> {
  version: string;
  params: P;
  /** Provisional parameter paths of this rule set. */
  provisional: readonly string[];
  /**
   * First day the rule set is in force. An asOf before it means no version of the programme was in
   * force then (the service hands over the earliest version): the outcome is `not-applicable`.
   */
  effectiveFrom?: string;
}

/** The edition of the rules a parameter set is evaluated with (params.ts, CURRENT_EDITION). */
export function editionOf(rs: RuleSet<unknown>): number {
  const e = (rs.params as { edition?: unknown } | null)?.edition;
  return typeof e === 'number' ? e : 1;
}

export type { Speaker } from './criteria-shapes.js';

export interface CriterionInput {
  code: string;
  outcome: Outcome;
  actual: Json;
  required: string;
  threshold: Json;
  explanation: string;
  /** Parameter paths the result depends on (for the provisional flag). */
  uses?: readonly string[];
  shortfall?: Shortfall;
  missing?: readonly MissingInput[];
  partOf?: string;
  anyOf?: readonly string[];
}

/** The same input named twice (e.g. by two records lacking a level) is listed once. */
export function dedupeMissing(missing: readonly MissingInput[]): readonly MissingInput[] {
  if (missing.length < 2) return missing;
  const seen = new Set<string>();
  return missing.filter((m) => {
    const key = `${m.field}|${m.year ?? ''}|${m.reason ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when a used path is, contains or lies inside a provisional path. */
export function usesProvisional(provisional: readonly string[], uses: readonly string[] | undefined): boolean {
  if (!uses || provisional.length === 0) return false;
  for (const u of uses)
    for (const p of provisional)
      if (p === u || p.startsWith(`${u}.`) || p.startsWith(`${u}[`) || u.startsWith(`${p}.`) || u.startsWith(`${p}[`))
        return true;
  return false;
}

export function criterion(rs: RuleSet<unknown>, c: CriterionInput): CriterionResult {
  const r: CriterionResult = {
    code: c.code,
    outcome: c.outcome,
    actual: c.actual,
    required: c.required,
    threshold: c.threshold,
    explanation: c.explanation,
  };
  if (usesProvisional(rs.provisional, c.uses)) r.provisional = true;
  if (c.shortfall) r.shortfall = c.shortfall;
  if (c.missing && c.missing.length > 0) r.missing = dedupeMissing(c.missing);
  if (c.partOf) r.partOf = c.partOf;
  if (c.anyOf) r.anyOf = c.anyOf;
  return r;
}

/** The explanation in the context's locale, or '' when a batch switched explanations off. */
export function say<K extends MessageKey>(ctx: Speaker, key: K, vars: MessageVars<K>): string {
  return ctx.explain ? explanation(ctx.locale, key, vars) : '';
}

export interface ProgramResult {
  program: AnyProgram;
  ruleSet: { version: string; provisional: boolean };
  outcome: ProgramOutcome;
  /** `not-applicable` only: why (the rule set's first day in force). */
  reason?: string;
  criteria: CriterionResult[];
  /** tech-sme: the evaluation score; high-tech: the innovation score range; innovative-sme: its score (range). */
  score?: TsScore | HtScore | InScore;
  /** super-deduction: the estimated amount; rd-post-subsidy: the subsidy (`kind` tells them apart). */
  amount?: SdAmount | RpAmount;
}

/**
 * The programme's result. Each criterion gets the rule set's reference for its code (a path
 * sub-code such as YE-PATH-IP falls back to its aggregate's), appended to its explanation too.
 */
export function programResult(
  program: AnyProgram,
  rs: RuleSet<unknown>,
  outcome: ProgramOutcome,
  criteria: CriterionResult[],
  ctx?: Speaker,
): ProgramResult {
  let provisional = false;
  for (const c of criteria) if (c.provisional) provisional = true;
  cite(rs.params, criteria, ctx);
  return { program, ruleSet: { version: rs.version, provisional }, outcome, criteria };
}

/** Sets each criterion's reference from the parameters' `references` and appends it to the explanation. */
export function cite(params: unknown, criteria: CriterionResult[], ctx?: Speaker): void {
  const refs = (params as { references?: Readonly<Record<string, string>> } | null)?.references;
  if (!refs) return;
  for (const c of criteria) {
    const ref = refs[c.code] ?? (c.partOf ? refs[c.partOf] : undefined);
    if (!ref) continue;
    c.reference = ref;
    if (ctx?.explain && c.explanation) c.explanation = explanation(ctx.locale, 'withReference', { text: c.explanation, reference: ref });
  }
}

/** No version of the programme was in force at asOf: no criteria, and the reason. */
export function notApplicableResult(program: AnyProgram, rs: RuleSet<unknown>, ctx: Speaker & { asOf: string }): ProgramResult {
  return {
    program,
    ruleSet: { version: rs.version, provisional: false },
    outcome: 'not-applicable',
    reason: explanation(ctx.locale, 'notInForce', { asOf: ctx.asOf, from: rs.effectiveFrom ?? '' }),
    criteria: [],
  };
}
