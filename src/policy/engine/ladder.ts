import type { CriterionResult, Json, MissingInput, ProgramResult, Shortfall } from './criteria.js';
import { TIERS, type Outcome, type Tier } from './facts.js';

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

/**
 * The ladder over all five rungs. `tierResult` evaluates (or returns the already evaluated) result
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
