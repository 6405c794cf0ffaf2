import { HT_CODES } from './ranking.js';

/**
 * A member's progress from the stored evaluations (their compact results: code → outcome), oldest
 * first. Pure; no I/O.
 */

export interface EvaluationPoint {
  id: number;
  asOf: string;
  source: string;
  at: Date;
  /** HT-* code → outcome (met | unmet | missing | uncertain). */
  criteria: Record<string, string>;
}

export type ItemStatus = 'met' | 'open' | 'overdue' | 'regressed';

export interface ProgressRow {
  code: string;
  inPlan: boolean;
  targetDate: string | null;
  baseline: string | null;
  current: string | null;
  /** One outcome per evaluation point (null when that evaluation did not report the code). */
  outcomes: (string | null)[];
  status: ItemStatus;
  /** asOf of the evaluation from which the criterion has been met without interruption. */
  metSince: string | null;
  /** Met at some point since the baseline and not met now. */
  regressed: boolean;
}

export interface Progress {
  points: { id: number; asOf: string; source: string; at: Date }[];
  rows: ProgressRow[];
  summary: { planned: number; fixed: number; open: number; overdue: number; regressed: number };
}

/** The high-tech criteria of a stored compact result (`result.programs['high-tech'].criteria`). */
export function htCriteriaOf(result: unknown): Record<string, string> {
  const programs = (result as { programs?: Record<string, { criteria?: Record<string, string> }> } | null)?.programs;
  return { ...(programs?.['high-tech']?.criteria ?? {}) };
}

/** Criteria that were met in `before` and are unmet in `after` (a regression raises a task). */
export function regressions(before: Record<string, string>, after: Record<string, string>): string[] {
  return HT_CODES.filter((c) => before[c] === 'met' && after[c] === 'unmet');
}

/** Criteria that were not met in `before` and are met in `after`. */
export function improvements(before: Record<string, string>, after: Record<string, string>): string[] {
  return HT_CODES.filter((c) => before[c] !== undefined && before[c] !== 'met' && after[c] === 'met');
}

export function progressOf(plan: { code: string; targetDate: string }[], points: readonly EvaluationPoint[], today: string, baseline: Record<string, string> | null = null): Progress {
  const targets = new Map(plan.map((p) => [p.code, p.targetDate]));
  const rows: ProgressRow[] = HT_CODES.map((code) => {
    const outcomes = points.map((p) => p.criteria[code] ?? null);
    const reported = outcomes.filter((o): o is string => o !== null);
    const first = baseline?.[code] ?? reported[0] ?? null;
    const current = reported.length ? reported[reported.length - 1]! : null;
    let metSince: string | null = null;
    for (let i = points.length - 1; i >= 0; i--) {
      if (outcomes[i] === null) continue;
      if (outcomes[i] !== 'met') break;
      metSince = points[i]!.asOf;
    }
    const everMet = first === 'met' || reported.includes('met');
    const regressed = current !== 'met' && everMet;
    const targetDate = targets.get(code) ?? null;
    const status: ItemStatus = current === 'met' ? 'met' : regressed ? 'regressed' : targetDate !== null && targetDate < today ? 'overdue' : 'open';
    return { code, inPlan: targets.has(code), targetDate, baseline: first, current, outcomes, status, metSince, regressed };
  });
  const planned = rows.filter((r) => r.inPlan);
  return {
    points: points.map((p) => ({ id: p.id, asOf: p.asOf, source: p.source, at: p.at })),
    rows,
    summary: {
      planned: planned.length,
      fixed: planned.filter((r) => r.status === 'met').length,
      open: planned.filter((r) => r.status === 'open').length,
      overdue: planned.filter((r) => r.status === 'overdue').length,
      regressed: planned.filter((r) => r.status === 'regressed').length,
    },
  };
}
