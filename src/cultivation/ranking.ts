import type { CriterionResult, Shortfall } from '../policy/engine/criteria.js';

/**
 * How close an enterprise is to national high-tech (HNTE) certification, from the engine's nine
 * HT-* criterion results: the seedling screen's rank score. Pure; no I/O.
 *
 * Each criterion costs:
 * - `met` 0;
 * - `uncertain` (HT-SCORE straddling the pass mark) 0.25: an expert judgement away;
 * - `missing` 0.5: the figure is not on file (registry or IP imports), to be collected — a sparse
 *   file ranks after a near miss on full data but is not dropped;
 * - `unmet` 1 plus the relative distance in the enterprise's own numbers, capped at 1:
 *   ratios (HT-STAFF, HT-RD, HT-RD-DOMESTIC, HT-PS) the shortfall in percentage points over the
 *   threshold (R&D 3.8% of 4% → 1.05); HT-IP 0.25 (one item: a software copyright or a utility model
 *   within months); HT-SCORE the missing points over 30; HT-AGE the days still to wait over 365
 *   (age cures itself, so it starts at 0.5 instead of 1).
 * - HT-FIELD and HT-COMPLIANCE `unmet` are blockers: a core technology outside the eight fields or a
 *   major accident / environmental violation within 365 days cannot be cultivated away this year.
 *
 * The score is the sum; lower is closer. Ties: fewer unmet criteria, then fewer missing ones.
 */

export const HT_CODES = ['HT-AGE', 'HT-IP', 'HT-FIELD', 'HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS', 'HT-COMPLIANCE', 'HT-SCORE'] as const;
export type HtCode = (typeof HT_CODES)[number];

export const BLOCKERS: readonly string[] = ['HT-FIELD', 'HT-COMPLIANCE'];
const RATIO_CODES: readonly string[] = ['HT-STAFF', 'HT-RD', 'HT-RD-DOMESTIC', 'HT-PS'];

/** A seedling has no blocker, at most this many unmet criteria, and a score at most MAX_SCORE. */
export const MAX_UNMET = 3;
export const MAX_SCORE = 4;

export const COST = { met: 0, uncertain: 0.25, missing: 0.5, unmetBase: 1, ip: 0.25, ageBase: 0.5 } as const;

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1);

function thresholdMin(c: CriterionResult): number | undefined {
  const t = c.threshold as { min?: unknown } | null;
  return t && typeof t === 'object' && typeof t.min === 'number' && t.min > 0 ? t.min : undefined;
}

/** The cost of one criterion result (see the module comment). */
export function criterionCost(c: Pick<CriterionResult, 'code' | 'outcome' | 'shortfall' | 'threshold'>): { cost: number; blocker: boolean } {
  switch (c.outcome) {
    case 'met':
      return { cost: COST.met, blocker: false };
    case 'uncertain':
      return { cost: COST.uncertain, blocker: false };
    case 'missing':
      return { cost: COST.missing, blocker: false };
    default:
      break;
  }
  if (BLOCKERS.includes(c.code)) return { cost: COST.unmetBase + 1, blocker: true };
  const s: Shortfall | undefined = c.shortfall;
  if (RATIO_CODES.includes(c.code)) {
    const min = thresholdMin(c as CriterionResult);
    const gap = s?.ratio;
    return { cost: COST.unmetBase + (min !== undefined && gap !== undefined ? clamp01(gap / min) : 1), blocker: false };
  }
  if (c.code === 'HT-IP') return { cost: COST.unmetBase + COST.ip, blocker: false };
  if (c.code === 'HT-SCORE') return { cost: COST.unmetBase + (s?.count !== undefined ? clamp01(s.count / 30) : 1), blocker: false };
  if (c.code === 'HT-AGE') return { cost: COST.ageBase + 0.5 * (s?.count !== undefined ? clamp01(s.count / 365) : 1), blocker: false };
  return { cost: COST.unmetBase + 1, blocker: false };
}

export interface Closeness {
  /** Sum of the costs, rounded to 3 decimals (stored as an integer in thousandths). */
  score: number;
  unmet: string[];
  missing: string[];
  uncertain: string[];
  blockers: string[];
  /** Whether the enterprise is a seedling (see MAX_UNMET, MAX_SCORE, BLOCKERS). */
  candidate: boolean;
}

export function closeness(criteria: readonly Pick<CriterionResult, 'code' | 'outcome' | 'shortfall' | 'threshold'>[]): Closeness {
  let total = 0;
  const out: Closeness = { score: 0, unmet: [], missing: [], uncertain: [], blockers: [], candidate: false };
  for (const c of criteria) {
    const { cost, blocker } = criterionCost(c);
    total += cost;
    if (blocker) out.blockers.push(c.code);
    if (c.outcome === 'unmet') out.unmet.push(c.code);
    else if (c.outcome === 'missing') out.missing.push(c.code);
    else if (c.outcome === 'uncertain') out.uncertain.push(c.code);
  }
  out.score = Math.round(total * 1000) / 1000;
  out.candidate = out.blockers.length === 0 && out.unmet.length <= MAX_UNMET && out.score <= MAX_SCORE;
  return out;
}

/** The screen's order: score, then fewer unmet, then fewer missing, then the enterprise id. */
export function compareSeedlings(
  a: { score: number; unmet: number; missing: number; enterpriseId: number },
  b: { score: number; unmet: number; missing: number; enterpriseId: number },
): number {
  return a.score - b.score || a.unmet - b.unmet || a.missing - b.missing || a.enterpriseId - b.enterpriseId;
}

// ------------------------------------------------------------------------------------------------
// Size bands (the screen's size filters). Revenue bands follow the HT-RD tiers (50M, 200M yuan).

export const REVENUE_BANDS = [
  { code: 'r1', max: 5_000_000 },
  { code: 'r2', max: 20_000_000 },
  { code: 'r3', max: 50_000_000 },
  { code: 'r4', max: 200_000_000 },
  { code: 'r5', max: null },
] as const;
export const EMPLOYEE_BANDS = [
  { code: 'e1', max: 19 },
  { code: 'e2', max: 99 },
  { code: 'e3', max: 299 },
  { code: 'e4', max: null },
] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number]['code'];
export type EmployeeBand = (typeof EMPLOYEE_BANDS)[number]['code'];
export const REVENUE_BAND_CODES = REVENUE_BANDS.map((b) => b.code);
export const EMPLOYEE_BAND_CODES = EMPLOYEE_BANDS.map((b) => b.code);

/** Revenue in yuan (N-1 operating revenue) → band; null when unknown. Upper edges inclusive. */
export function revenueBand(revenue: number | null | undefined): RevenueBand | null {
  if (revenue === null || revenue === undefined || !Number.isFinite(revenue)) return null;
  for (const b of REVENUE_BANDS) if (b.max === null || revenue <= b.max) return b.code;
  return null;
}

export function employeeBand(employees: number | null | undefined): EmployeeBand | null {
  if (employees === null || employees === undefined || !Number.isFinite(employees)) return null;
  for (const b of EMPLOYEE_BANDS) if (b.max === null || employees <= b.max) return b.code;
  return null;
}

// ------------------------------------------------------------------------------------------------
// What fixes what: the services a plan offers by default for each criterion to fix.

export const SERVICES = ['training', 'patent-agency', 'rd-ledger', 'audit-firm'] as const;
export type ServiceKind = (typeof SERVICES)[number];

export const SERVICES_FOR: Readonly<Record<string, readonly ServiceKind[]>> = {
  'HT-IP': ['patent-agency'],
  'HT-STAFF': ['training'],
  'HT-RD': ['rd-ledger', 'audit-firm'],
  'HT-RD-DOMESTIC': ['rd-ledger'],
  'HT-PS': ['audit-firm'],
  'HT-SCORE': ['training', 'patent-agency'],
  'HT-AGE': [],
  'HT-FIELD': ['training'],
  'HT-COMPLIANCE': [],
};

/** The default services of a plan: the union for its criteria, in SERVICES order. */
export function defaultServices(codes: readonly string[]): ServiceKind[] {
  const wanted = new Set(codes.flatMap((c) => SERVICES_FOR[c] ?? []));
  return SERVICES.filter((s) => wanted.has(s));
}
