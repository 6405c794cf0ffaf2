/**
 * The shapes a criterion reports (shortfalls, score options, missing inputs), apart from criteria.ts so that
 * the scorers and the message texts use them without importing the criteria (no circle, issue 13).
 */

import type { Locale } from './facts.js';

/** What a criterion needs from its evaluation context (here, not in criteria.ts, so that the message texts use it without a circle). */
export interface Speaker {
  readonly locale: Locale;
  readonly explain: boolean;
}

/** A machine-readable account of what is short (or over), for the ladder gap and the UI. */
export interface Shortfall {
  /** Fraction short, e.g. 0.009 = 0.9 percentage points. */
  ratio?: number;
  /** Money short, in yuan. */
  amount?: number;
  /** Items, persons, points or days short. */
  count?: number;
  unit?: 'yuan' | 'items' | 'class-i-items' | 'persons' | 'points' | 'days';
  /**
   * Score shortfalls: the cheapest ways to close the gap, in the enterprise's own numbers; each option
   * is a set of indicator moves that together make up the missing points (fewest indicators first).
   */
  options?: readonly ScoreOption[];
  /** Set when the figure must go down (e.g. tech-SME size limits). */
  direction?: 'decrease';
  /** For size limits: how far each figure is over. */
  excess?: Readonly<Record<string, number>>;
}

/** One indicator's move in a score option. */
export interface ScoreMove {
  /** Tech-SME score indicators, or HNTE score items the enterprise can move (the IP count, transformed achievements). */
  indicator: 'stStaff' | 'rdBySales' | 'rdByCost' | 'ip' | 'ipCount' | 'transformation' | 'rdByRevenue';
  fromPoints: number;
  toPoints: number;
  /** What it takes, in the enterprise's own numbers. */
  amount?: number;
  count?: number;
  unit: 'yuan' | 'persons' | 'items' | 'class-i-items' | 'achievements';
}
export interface ScoreOption {
  moves: readonly ScoreMove[];
  points: number;
}

/** An input the rule needed and did not get (or got as a 0 denominator). */
export interface MissingInput {
  /** Facts field, e.g. `operatingRevenue`, `establishedOn`, `flags.on`, `qualifications.amount`. */
  field: string;
  year?: number;
  /** Absent = not supplied; `zero` = a denominator of 0 (or ≤ 0); `too-few-years` = fewer years than needed. */
  reason?: 'zero' | 'too-few-years';
  need?: number;
  have?: number;
}

/** The innovative-SME score's indicators (rules.md §7.1 table). */
export type InScorePart = 'ip' | 'rd' | 'growth' | 'debt' | 'sei' | 'main';

/** The innovative-SME score: each indicator from N-1 figures, a range while inputs are missing. */
export interface InScore {
  total: number | null;
  min: number;
  max: number;
  parts: Record<InScorePart, number | null>;
}

/** The R&D post-subsidy (rules.md §8): min(rate × (R&D N-1 − R&D N-2), cap), in yuan (fen-rounded). */
export interface RpAmount {
  kind: 'rd-post-subsidy';
  /** N-1, the year whose R&D growth is rewarded. */
  year: number;
  rdExpense: number;
  priorRdExpense: number;
  increase: number;
  rate: number;
  cap: number;
  subsidy: number;
  capped: boolean;
}
