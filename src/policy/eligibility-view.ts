import { ownValue } from '../common/own-key.js';
import type { Locale } from '../i18n/locale.js';
import { formatActual } from './actual-value.js';
import type { EvaluationResponse } from './engine/evaluate.js';
import { ladderPanel } from '../ladder/ladder-view.js';
import { findLadder, type LadderDef } from '../ladder/ladders.js';
import { isSdAmount } from './engine/criteria.js';
import { CRITERION_LABELS, OUTCOME_LABELS, PROGRAM_LABELS, PROGRAM_OUTCOME_LABELS, TIER_LABELS } from './engine/labels.js';


/**
 * The view model of an evaluation: labels in the reader's language, outcomes as flags for badges.
 * With the configured ladder records, every ladder of the response (its `ladders` field) is shown as
 * the file page shows it (issue 18: not only the Tianjin ladder); without them, or for a stored
 * response older than that field, the Tianjin ladder alone.
 */
export function eligibilityView(result: EvaluationResponse, locale: Locale, ladderDefs: readonly LadderDef[] = []) {
  const label = (map: Record<string, Record<string, string>>, key: string | null) => ownValue(map, key)?.[locale] ?? key ?? '—';
  return {
    asOf: result.asOf,
    evaluationYear: result.evaluationYear,
    ladder: {
      highest: label(TIER_LABELS, result.ladder.highestEligibleTier),
      next: label(TIER_LABELS, result.ladder.nextTier),
      gap: result.ladder.gap.map((g) => ({ code: g.code, label: label(CRITERION_LABELS, g.code), outcome: g.outcome, explanation: g.explanation })),
    },
    // The evaluation knows only facts, not recognitions: no current rung here.
    ladders: (result.ladders ?? []).flatMap((l) => {
      const def = findLadder(ladderDefs, l.code);
      return def ? [ladderPanel(def, { ...l, currentRung: null }, locale)] : [];
    }),
    programs: result.results.map((r) => ({
      program: r.program,
      label: label(PROGRAM_LABELS, r.program),
      outcome: r.outcome,
      outcomeLabel: label(PROGRAM_OUTCOME_LABELS, r.outcome),
      reason: r.reason ?? null,
      provisional: r.ruleSet.provisional,
      version: r.ruleSet.version,
      amount: isSdAmount(r.amount) ? { base: r.amount.base, rate: r.amount.rate, extraDeduction: r.amount.extraDeduction, eitRate: r.amount.eitRate, taxSaving: r.amount.taxSaving } : null,
      criteria: r.criteria.map((c) => ({
        code: c.code,
        label: label(CRITERION_LABELS, c.code),
        outcome: c.outcome,
        outcomeLabel: label(OUTCOME_LABELS, c.outcome),
        actual: formatActual(c.code, c.actual, locale),
        required: c.required,
        explanation: c.explanation,
        reference: c.reference ?? null,
        provisional: !!c.provisional,
        sub: !!c.partOf,
        // Stored evaluations only: the provenance of the facts the criterion used.
        sources: (c as typeof c & { sources?: string[] }).sources ?? null,
      })),
    })),
  };
}
