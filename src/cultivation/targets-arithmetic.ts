/**
 * The pool page's target arithmetic, in whole numbers (no floating-point surprises): how many more
 * candidates the pool needs for the year's target of new HNTE certifications, at the historical
 * pool-to-certificate conversion rate. Pure; no I/O.
 *
 *   remaining = max(0, target − certified so far this year)
 *   expected  = open members × rate                 (rate = certified / closed members of past years)
 *   gap       = max(0, remaining − expected)
 *   needed    = ⌈gap ÷ rate⌉                         (= ⌈(remaining·den − open·num) ÷ num⌉ exactly)
 *
 * With no closed pool year yet the rate comes from the target's assumed rate (a percentage the
 * manager sets) or, failing that, is unknown: `needed` is then null and the page says why.
 */

export interface Rate {
  /** Certified members (or the assumed percentage). */
  num: number;
  /** Closed members (or 100). */
  den: number;
  source: 'history' | 'assumed';
}

export interface TargetInputs {
  /** New certifications targeted for the year; null when no target is set. */
  target: number | null;
  /** First-time HNTE certificates obtained this year so far (in the area). */
  certifiedSoFar: number;
  /** Admitted members of this year's pool not closed yet. */
  openMembers: number;
  /** Members of earlier pool years: admitted and closed, and of those certified. */
  history: { closed: number; certified: number };
  /** The target's assumed conversion rate in percent, used only without history. */
  assumedRatePct: number | null;
}

export interface TargetFigures {
  target: number | null;
  certifiedSoFar: number;
  remaining: number | null;
  openMembers: number;
  rate: Rate | null;
  /** rate as a fraction (for display), null when unknown. */
  rateValue: number | null;
  /** open members × rate, exact to two decimals. */
  expectedFromPool: number | null;
  gap: number | null;
  /** More candidates to admit at that rate; 0 when the pool already suffices; null when unknown. */
  neededCandidates: number | null;
  /** Why `neededCandidates` is null: no target, no rate, or a 0% rate with a gap left. */
  blockedBy: 'no-target' | 'no-rate' | 'zero-rate' | null;
}

export function conversionRate(history: TargetInputs['history'], assumedRatePct: number | null): Rate | null {
  if (history.closed > 0) return { num: history.certified, den: history.closed, source: 'history' };
  if (assumedRatePct !== null && assumedRatePct >= 0) return { num: assumedRatePct, den: 100, source: 'assumed' };
  return null;
}

const ceilDiv = (a: number, b: number) => Math.floor((a + b - 1) / b);

export function targetFigures(input: TargetInputs): TargetFigures {
  const rate = conversionRate(input.history, input.assumedRatePct);
  const rateValue = rate ? rate.num / rate.den : null;
  const expectedFromPool = rate ? Math.round((input.openMembers * rate.num * 100) / rate.den) / 100 : null;
  const base = { target: input.target, certifiedSoFar: input.certifiedSoFar, openMembers: input.openMembers, rate, rateValue, expectedFromPool };
  if (input.target === null) return { ...base, remaining: null, gap: null, neededCandidates: null, blockedBy: 'no-target' };
  const remaining = Math.max(0, input.target - input.certifiedSoFar);
  if (!rate) return { ...base, remaining, gap: null, neededCandidates: null, blockedBy: 'no-rate' };
  // gap·den = remaining·den − open·num, in whole numbers.
  const gapScaled = Math.max(0, remaining * rate.den - input.openMembers * rate.num);
  const gap = Math.round((gapScaled * 100) / rate.den) / 100;
  if (gapScaled === 0) return { ...base, remaining, gap: 0, neededCandidates: 0, blockedBy: null };
  if (rate.num === 0) return { ...base, remaining, gap, neededCandidates: null, blockedBy: 'zero-rate' };
  return { ...base, remaining, gap, neededCandidates: ceilDiv(gapScaled, rate.num), blockedBy: null };
}
