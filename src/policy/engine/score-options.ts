import type { ScoreMove, ScoreOption } from './criteria-shapes.js';

/** One indicator move with the points it gains and a unit-free effort (the addition as a share of what there is). */
export interface Candidate {
  move: ScoreMove;
  gain: number;
  effort: number;
}

/** The addition as a share of the current figure (at least 1, so a first item counts as doubling nothing). */
export const relativeEffort = (added: number, now: number): number => added / Math.max(now, 1);

/**
 * The cheapest ways to gain `short` points from per-indicator candidate moves: every set of
 * indicators, each moved to its cheapest candidate that together close the gap; fewest indicators
 * first, then the smallest total effort; a set whose subset already closes the gap is left out. At
 * most `limit` options.
 */
export function cheapestOptions(groups: readonly (readonly Candidate[])[], short: number, limit = 3): ScoreOption[] {
  if (short <= 0) return [];
  const found: { mask: number; moves: Candidate[]; effort: number }[] = [];
  for (let mask = 1; mask < 1 << groups.length; mask++) {
    const chosen = groups.filter((_, i) => mask & (1 << i));
    if (chosen.some((g) => g.length === 0)) continue;
    let best: { moves: Candidate[]; effort: number } | null = null;
    const walk = (i: number, picked: Candidate[]) => {
      if (i === chosen.length) {
        const gain = picked.reduce((a, c) => a + c.gain, 0);
        const effort = picked.reduce((a, c) => a + c.effort, 0);
        if (gain >= short && (best === null || effort < best.effort)) best = { moves: [...picked], effort };
        return;
      }
      for (const c of chosen[i]!) walk(i + 1, [...picked, c]);
    };
    walk(0, []);
    const b = best as { moves: Candidate[]; effort: number } | null;
    if (b) found.push({ mask, ...b });
  }
  const bits = (m: number) => m.toString(2).replace(/0/g, '').length;
  found.sort((a, b) => bits(a.mask) - bits(b.mask) || a.effort - b.effort);
  const kept: typeof found = [];
  for (const f of found) {
    if (kept.some((k) => (k.mask & f.mask) === k.mask)) continue;
    kept.push(f);
    if (kept.length === limit) break;
  }
  return kept.map((k) => ({ moves: k.moves.map((c) => c.move), points: k.moves.reduce((a, c) => a + c.gain, 0) }));
}
