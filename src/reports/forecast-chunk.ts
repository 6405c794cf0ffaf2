import { evaluate, type EvaluationResponse } from '../policy/engine/evaluate.js';
import { PROGRAMS, type Facts, type Program } from '../policy/engine/facts.js';
import { DEFAULT_LADDERS, type LadderSpec } from '../ladder/ladders.js';
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
  /** The ladder forecast (default: the Tianjin ladder, the one report_forecast_cell ranks). */
  ladder?: LadderSpec;
}

/** Money short on the ladder gap (yuan), summed over the criteria that state an amount to add. */
export function gapShortfall(response: EvaluationResponse, ladderCode?: string): number | null {
  let total: number | null = null;
  const gap = ladderCode === undefined ? response.ladder.gap : response.ladders.find((l) => l.code === ladderCode)?.gap ?? [];
  for (const item of gap) {
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
  // Only the ladder's rungs are reported (the engine evaluates them for the ladder either way).
  const ladder = p.ladder ?? DEFAULT_LADDERS[0]!;
  const programs = ladder.rungs.filter((r): r is Program => (PROGRAMS as readonly string[]).includes(r));
  const options = { explanations: false, ladders: [ladder] };
  return entries.map(([enterpriseId, facts]) => {
    const current = evaluate({ asOf: p.asOf, programs, facts }, p.now, options);
    const projection = projectFacts(facts, p.year);
    const future = projection.projected ? evaluate({ asOf: p.projectedAsOf, programs, facts: projection.facts }, p.next, options) : null;
    const shortfall = gapShortfall(current, ladder.code);
    return {
      enterpriseId,
      eligibleTier: current.ladders[0]!.highestEligibleRung,
      projectedTier: future?.ladders[0]!.highestEligibleRung ?? null,
      projected: projection.projected,
      shortfallFen: shortfall === null ? null : Math.round(shortfall * 100),
    };
  });
}
