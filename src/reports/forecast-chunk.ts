import { evaluate, type EvaluationResponse } from '../policy/engine/evaluate.js';
import { TIERS, type Facts } from '../policy/engine/facts.js';
import type { RuleSets } from '../policy/engine/rule-sets.js';
import { projectFacts } from './projection.js';

/** One enterprise's line of a forecast run. */
export interface ForecastLine {
  enterpriseId: number;
  eligibleTier: string | null;
  projectedTier: string | null;
  projected: boolean;
  shortfallFen: number | null;
}

export interface ForecastChunkParams {
  asOf: string;
  projectedAsOf: string;
  /** The fiscal year projected (the year of asOf). */
  year: number;
  now: RuleSets;
  next: RuleSets;
}

/** Money short on the ladder gap (yuan), summed over the criteria that state an amount to add. */
export function gapShortfall(response: EvaluationResponse): number | null {
  let total: number | null = null;
  for (const item of response.ladder.gap) {
    const s = item.shortfall;
    if (s && typeof s.amount === 'number' && s.unit === 'yuan' && s.direction !== 'decrease' && s.amount > 0) total = (total ?? 0) + s.amount;
  }
  return total;
}

/**
 * The forecast of a chunk of files, pure (no database, no clock): each file evaluated on asOf (the
 * rung eligible now and the money short on its gap) and on its projected figures a year ahead.
 * Runs in the forecast's worker threads, or inline where they cannot run.
 */
export function forecastChunk(p: ForecastChunkParams, entries: [number, Facts][]): ForecastLine[] {
  return entries.map(([enterpriseId, facts]) => {
    const current = evaluate({ asOf: p.asOf, programs: TIERS, facts }, p.now, { explanations: false });
    const projection = projectFacts(facts, p.year);
    const future = projection.projected ? evaluate({ asOf: p.projectedAsOf, programs: TIERS, facts: projection.facts }, p.next, { explanations: false }) : null;
    const shortfall = gapShortfall(current);
    return {
      enterpriseId,
      eligibleTier: current.ladder.highestEligibleTier,
      projectedTier: future?.ladder.highestEligibleTier ?? null,
      projected: projection.projected,
      shortfallFen: shortfall === null ? null : Math.round(shortfall * 100),
    };
  });
}
