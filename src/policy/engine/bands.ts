import type { Ratio } from './num.js';
import type { Band } from './params.js';

/**
 * Banded scores: bands are ordered from the highest lower edge down and the first band the value
 * reaches wins (lower edge inclusive unless the band is `strict`); below every band scores `none`.
 */

export function ratioBand<P>(r: Ratio, bands: readonly Band<P>[], none: P): P {
  for (const b of bands) if (b.strict ? r.gt(b.min) : r.gte(b.min)) return b.points;
  return none;
}

export function countBand<P>(n: number, bands: readonly Band<P>[], none: P): P {
  for (const b of bands) if (b.strict ? n > b.min : n >= b.min) return b.points;
  return none;
}

/** The smallest lower edge of a set of bands (the edge that first scores points). */
export function lowestEdge(bands: readonly Band<unknown>[]): number {
  let m = Infinity;
  for (const b of bands) if (b.min < m) m = b.min;
  return m;
}
