import { Decimal } from 'decimal.js';

/**
 * Exact decimal arithmetic for money and ratios. A private clone so that nobody's global
 * `Decimal.set` changes the engine's results; 40 significant digits are far more than any sum of
 * yuan figures needs, so additions and multiplications of the inputs are exact.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

export function dec(n: number): Decimal {
  return new Dec(n);
}

/**
 * Thresholds (rule-set numbers such as 0.03 or 0.6) as decimals, each parsed once: a Decimal is
 * immutable, so one instance serves every comparison instead of a parse per criterion and file.
 * (Ratio comparisons were ~11 % of the batch engine's profile, but this alone moved the measured
 * per-file time by less than the machine's noise, scripts/bench-engine.mjs.) Bounded: rule sets hold
 * a few hundred numbers; anything beyond is parsed each time.
 */
const THRESHOLDS = new Map<number, Decimal>();
export function threshold(t: Decimal.Value): Decimal {
  if (typeof t !== 'number') return t instanceof Dec ? t : new Dec(t);
  let d = THRESHOLDS.get(t);
  if (d === undefined) {
    d = new Dec(t);
    if (THRESHOLDS.size < 4096) THRESHOLDS.set(t, d);
  }
  return d;
}

/** Rounded to fen for output. */
export function toYuan(d: Decimal): number {
  return d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * A fraction kept as numerator / denominator so that comparisons against thresholds are exact
 * (cross-multiplication) even when the quotient has no finite decimal expansion, e.g. growth
 * rates built from thirds. The denominator is never 0 (callers report `missing` instead).
 */
export class Ratio {
  constructor(
    readonly num: Decimal,
    readonly den: Decimal,
  ) {}

  /** num/den ≥ t */
  gte(t: Decimal.Value): boolean {
    const rhs = this.den.times(threshold(t));
    return this.den.gt(ZERO) ? this.num.gte(rhs) : this.num.lte(rhs);
  }

  /** num/den > t */
  gt(t: Decimal.Value): boolean {
    const rhs = this.den.times(threshold(t));
    return this.den.gt(ZERO) ? this.num.gt(rhs) : this.num.lt(rhs);
  }

  value(): Decimal {
    return this.num.div(this.den);
  }

  /** For display and `actual` only (comparisons use gte/gt): a correctly rounded float quotient. */
  toNumber(): number {
    return this.num.toNumber() / this.den.toNumber();
  }
}

/** num/den, or undefined when either is missing or the denominator is 0. */
export function ratioOf(num: number | undefined, den: number | undefined): Ratio | undefined {
  if (num === undefined || den === undefined || den === 0) return undefined;
  return new Ratio(dec(num), dec(den));
}

/**
 * The smallest x ≥ 0 with (part + x) / (whole + x) ≥ t: how much must be added to a share whose
 * addition also grows the whole (hiring S&T staff grows the workforce; more high-tech revenue grows
 * total revenue). t < 1.
 */
export function addedToReachShare(part: Decimal.Value, whole: Decimal.Value, t: number): Decimal {
  const x = dec(t).times(whole).minus(part).div(ONE.minus(t));
  return x.lte(0) ? ZERO : x;
}
