import type { Outcome, ProgramOutcome } from './facts.js';

/**
 * Combining criterion outcomes. "All of": one `unmet` decides (further data cannot rescue it),
 * otherwise anything not `met` leaves the answer open. "Any of": one `met` decides, and the
 * combination is `unmet` only when every alternative is. An open alternative reports `missing`
 * in preference to `uncertain` because more data is the actionable next step.
 */

export function and(a: Outcome, b: Outcome): Outcome {
  if (a === 'unmet' || b === 'unmet') return 'unmet';
  if (a === 'missing' || b === 'missing') return 'missing';
  if (a === 'uncertain' || b === 'uncertain') return 'uncertain';
  return 'met';
}

export function or(a: Outcome, b: Outcome): Outcome {
  if (a === 'met' || b === 'met') return 'met';
  if (a === 'missing' || b === 'missing') return 'missing';
  if (a === 'uncertain' || b === 'uncertain') return 'uncertain';
  return 'unmet';
}

export function allOf(outcomes: readonly Outcome[]): Outcome {
  let acc: Outcome = 'met';
  for (const o of outcomes) acc = and(acc, o);
  return acc;
}

export function anyOf(outcomes: readonly Outcome[]): Outcome {
  let acc: Outcome = 'unmet';
  for (const o of outcomes) acc = or(acc, o);
  return acc;
}

/** rules.md §0: eligible when every required criterion is met, ineligible when any is unmet. */
export function programOutcome(combined: Outcome): ProgramOutcome {
  return combined === 'met' ? 'eligible' : combined === 'unmet' ? 'ineligible' : 'incomplete';
}

/** A threshold test whose input may be absent. */
export function test(value: unknown, passes: boolean): Outcome {
  return value === undefined ? 'missing' : passes ? 'met' : 'unmet';
}
