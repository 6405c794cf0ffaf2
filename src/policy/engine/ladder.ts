import type { CriterionResult, Json, MissingInput, ProgramResult, Shortfall } from './criteria.js';
import { TIERS, type Outcome, type ProgramOutcome, type Tier } from './facts.js';
import { rungIndex, type LadderSpec } from '../../ladder/ladders.js';

/** What stands between the enterprise and the next rung, criterion by criterion. */
export interface GapItem {
  code: string;
  outcome: Outcome;
  actual: Json;
  required: string;
  /** Machine-readable shortfall, null when nothing numeric can close it (e.g. a missing input, a credit flag). */
  shortfall: Shortfall | null;
  explanation: string;
  missing?: readonly MissingInput[];
}

export interface Ladder {
  /** The highest rung whose programme is eligible (rungs are checked independently; null when none). */
  highestEligibleTier: Tier | null;
  /** The rung above it; tech-sme when none is eligible; null above leader. */
  nextTier: Tier | null;
  gap: GapItem[];
}

/**
 * The criteria that keep a programme from being eligible: every required criterion not met;
 * sub-criteria (partOf) are summed up by their aggregate (YE-PATH), and alternatives (anyOf) appear
 * only when none of the group is met — then each alternative is listed, since either would do.
 */
export function gapItems(result: ProgramResult): GapItem[] {
  const met = new Set<string>();
  for (const c of result.criteria) if (c.outcome === 'met') met.add(c.code);
  const gap: GapItem[] = [];
  for (const c of result.criteria) {
    if (c.outcome === 'met' || c.partOf) continue;
    if (c.anyOf && c.anyOf.some((code) => met.has(code))) continue;
    gap.push(toGapItem(c));
  }
  return gap;
}

function toGapItem(c: CriterionResult): GapItem {
  const item: GapItem = {
    code: c.code,
    outcome: c.outcome,
    actual: c.actual,
    required: c.required,
    shortfall: c.shortfall ?? null,
    explanation: c.explanation,
  };
  if (c.missing) item.missing = c.missing;
  return item;
}

/** A rung's outcome; `not-evaluated` when the engine has no criteria (or no rule set) for its programme yet. */
export type RungOutcome = ProgramOutcome | 'not-evaluated';

/** One ladder of the evaluate response (api.md "Ladders and programmes"). */
export interface LadderResult {
  code: string;
  /** The highest rung whose programme is eligible (rungs checked independently; null when none). */
  highestEligibleRung: string | null;
  /** The rung above the higher of the current and the highest eligible rung; null at the top. */
  nextRung: string | null;
  /** What keeps the next rung from being eligible; empty when it is not evaluated (see `rungs`). */
  gap: GapItem[];
  /** Every rung in order with its outcome (additive to the contract). */
  rungs: { programme: string; outcome: RungOutcome }[];
}

/** A ladder as the file shows it: the result plus the current rung from the recognitions in force. */
export interface LadderStanding extends LadderResult {
  currentRung: string | null;
}

/**
 * One ladder's standing, from the evaluation result of each rung's programme (`resultOf` returns
 * null for a programme the engine does not know: that rung is `not-evaluated`, never an error) and
 * the current rung from recognitions (null for the stateless calculator). The next rung is the one
 * above whichever is higher, the recognised or the eligible rung — a recognised gazelle that is only
 * eligible as a young eagle still looks up to leader candidate.
 */
export function ladderStanding(ladder: LadderSpec, resultOf: (programme: string) => ProgramResult | null, current: string | null = null): LadderStanding {
  const rungs = ladder.rungs.map((programme) => ({ programme, result: resultOf(programme) }));
  let highest = -1;
  rungs.forEach((r, i) => { if (r.result?.outcome === 'eligible') highest = i; });
  const base = Math.max(highest, rungIndex(ladder, current));
  const next = base + 1 < rungs.length ? rungs[base + 1]! : null;
  return {
    code: ladder.code,
    currentRung: rungIndex(ladder, current) >= 0 ? current : null,
    highestEligibleRung: highest >= 0 ? ladder.rungs[highest]! : null,
    nextRung: next?.programme ?? null,
    gap: next?.result ? gapItems(next.result) : [],
    rungs: rungs.map((r) => ({ programme: r.programme, outcome: r.result?.outcome ?? 'not-evaluated' })),
  };
}

/** Every ladder of the evaluate response (no recognitions: the calculator knows only the facts sent). */
export function computeLadders(ladders: readonly LadderSpec[], resultOf: (programme: string) => ProgramResult | null): LadderResult[] {
  return ladders.map((ladder) => {
    const { currentRung: _none, ...result } = ladderStanding(ladder, resultOf);
    return result;
  });
}

/**
 * The Tianjin ladder over all five rungs (the response's `ladder` field, kept for compatibility). `tierResult` evaluates (or returns the already evaluated) result
 * of a rung, so the ladder never depends on which programmes the caller asked to see.
 */
export function computeLadder(tierResult: (tier: Tier) => ProgramResult): Ladder {
  let highest = -1;
  for (let i = 0; i < TIERS.length; i++) if (tierResult(TIERS[i]!).outcome === 'eligible') highest = i;
  const next = highest + 1 < TIERS.length ? TIERS[highest + 1]! : null;
  return {
    highestEligibleTier: highest >= 0 ? TIERS[highest]! : null,
    nextTier: next,
    gap: next ? gapItems(tierResult(next)) : [],
  };
}
