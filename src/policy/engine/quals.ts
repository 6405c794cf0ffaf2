import type { EvalCtx } from './context.js';
import { addYears, isIsoDate } from './dates.js';
import type { QualificationFact, QualificationKind, QualificationLevel } from './facts.js';

/**
 * Whether a qualification obtained by asOf is still current at asOf: `validUntil` when given;
 * an HNTE certificate otherwise runs for the statutory years from its date; other kinds without
 * an end date are taken as current (awards, standards, investments do not expire).
 */
export function isCurrent(ctx: EvalCtx, q: QualificationFact): boolean {
  if (isIsoDate(q.validUntil)) return q.validUntil >= ctx.asOf;
  if (q.kind === 'hnte-certificate' && isIsoDate(q.on)) return ctx.asOf < addYears(q.on, ctx.hnteValidityYears);
  return true;
}

export function hasCurrent(ctx: EvalCtx, kind: QualificationKind): boolean {
  for (const q of ctx.quals) if (q.kind === kind && isCurrent(ctx, q)) return true;
  return false;
}

/** Current qualifications of one kind. */
export function currentOf(ctx: EvalCtx, kind: QualificationKind): QualificationFact[] {
  const out: QualificationFact[] = [];
  for (const q of ctx.quals) if (q.kind === kind && isCurrent(ctx, q)) out.push(q);
  return out;
}

/** "national or provincial/ministerial" (省部级 is recorded as `provincial`). */
export function isNationalOrProvincial(level: QualificationLevel | undefined): boolean {
  return level === 'national' || level === 'provincial';
}

/** Obtained within the last `years` years before asOf; undefined when undated. */
export function withinLastYears(ctx: EvalCtx, q: QualificationFact, years: number): boolean | undefined {
  if (!isIsoDate(q.on)) return undefined;
  return q.on >= addYears(ctx.asOf, -years);
}
