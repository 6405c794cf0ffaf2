/**
 * Transformation KPIs (亩均效益, rules.md §9): the indicators of one enterprise and fiscal year,
 * their percentiles within the enterprise's section, the weighted score and the A–D grade.
 * Pure: no framework, no database. Money in yuan, land in 亩, energy in tonnes of standard coal.
 *
 * **Section** (the peer group a percentile is taken in): the same fiscal year, the same district
 * (GB/T 2260 code) and the same industry section — the letter of the GB/T 4754 industry code
 * (门类, e.g. `C` manufacturing). Files without an industry code form their own section `?` of the
 * district, so they are compared with each other and never silently with manufacturers.
 */

export const INDICATORS = ['taxPerMu', 'revenuePerMu', 'valueAddedPerEnergy', 'labourProductivity', 'rdIntensity'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const GRADES = ['A', 'B', 'C', 'D', 'not-graded'] as const;
export type Grade = (typeof GRADES)[number];

/** The figures behind the indicators (null = unknown). */
export interface KpiInputs {
  landMu: number | null;
  taxesPaid: number | null;
  totalProfit?: number | null;
  valueAdded: number | null;
  energyTce: number | null;
  operatingRevenue: number | null;
  employees: number | null;
  rdExpense: number | null;
}

export interface KpiIndicators {
  /** 元/亩 */
  taxPerMu: number | null;
  /** 元/亩 */
  revenuePerMu: number | null;
  /** 吨标准煤/万元增加值 (lower is better; shown on the file and in aggregates). */
  energyPer10kValueAdded: number | null;
  /** 元增加值/吨标准煤 (higher is better; the graded form of the energy indicator). */
  valueAddedPerEnergy: number | null;
  /** 元/人 */
  labourProductivity: number | null;
  /** share, 0.034 = 3.4 % */
  rdIntensity: number | null;
}

/** Grading parameters (reference settings kpi.*, provisional): weights in points summing to 100, cut-offs in points. */
export interface GradingParams {
  weights: Record<Indicator, number>;
  cutoffs: { a: number; b: number; c: number };
}

export const DEFAULT_GRADING: GradingParams = {
  weights: { taxPerMu: 40, revenuePerMu: 20, valueAddedPerEnergy: 20, labourProductivity: 10, rdIntensity: 10 },
  cutoffs: { a: 80, b: 60, c: 40 },
};

const known = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** a ÷ b, or null when either is unknown or the denominator is not positive (rules.md: missing, never a number). */
function ratio(a: number | null | undefined, b: number | null | undefined, scale = 1): number | null {
  if (!known(a) || !known(b) || b <= 0) return null;
  return (a / b) * scale;
}

export function indicatorsOf(f: KpiInputs): KpiIndicators {
  return {
    taxPerMu: ratio(f.taxesPaid, f.landMu),
    revenuePerMu: ratio(f.operatingRevenue, f.landMu),
    energyPer10kValueAdded: known(f.valueAdded) && f.valueAdded > 0 ? ratio(f.energyTce, f.valueAdded / 10_000) : null,
    valueAddedPerEnergy: ratio(f.valueAdded, f.energyTce),
    labourProductivity: ratio(f.valueAdded, f.employees),
    rdIntensity: ratio(f.rdExpense, f.operatingRevenue),
  };
}

/** No land figure (unknown or zero): the file is `not-graded`, never D (rules.md §9). */
export function gradable(f: Pick<KpiInputs, 'landMu'>): boolean {
  return known(f.landMu) && f.landMu > 0;
}

/** The section of an enterprise: `<district>/<GB/T 4754 section letter or ?>`. */
export function sectionOf(districtCode: string, industryCode: string | null | undefined): string {
  const letter = (industryCode ?? '').trim().charAt(0).toUpperCase();
  return `${districtCode}/${/^[A-T]$/.test(letter) ? letter : '?'}`;
}

/**
 * Percentile ranks (0–100) of a list of values: (below + ½·equal) ÷ n × 100, the classical
 * percentile rank. Ties get the same rank whatever their order; a lone value ranks 50; values
 * within 1e-9 (relative) count as equal, so float noise in a ratio does not split a tie.
 */
export function percentileRanks(values: readonly number[]): number[] {
  const n = values.length;
  if (!n) return [];
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const out = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && nearlyEqual(order[end]!.v, order[start]!.v)) end++;
    const rank = ((start + 0.5 * (end - start)) / n) * 100;
    for (let k = start; k < end; k++) out[order[k]!.i] = rank;
    start = end;
  }
  return out;
}

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** A–D from a score (points 0–100) and the cut-offs. */
export function gradeOf(score: number, cutoffs: GradingParams['cutoffs']): Exclude<Grade, 'not-graded'> {
  if (score >= cutoffs.a) return 'A';
  if (score >= cutoffs.b) return 'B';
  if (score >= cutoffs.c) return 'C';
  return 'D';
}

export interface GradingSubject {
  enterpriseId: number;
  section: string;
  inputs: KpiInputs;
}

export interface GradingResult {
  enterpriseId: number;
  section: string;
  indicators: KpiIndicators;
  /** Percentile of each graded indicator within the section; null when the indicator is unknown. */
  percentiles: Record<Indicator, number | null>;
  /** Points 0–100 rounded to 0.1; null when not graded. */
  score: number | null;
  grade: Grade;
  /** Graded files in the section (the n behind the percentiles). */
  sectionSize: number;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Grades every subject of one fiscal year. Only gradable files (land known) take part in a
 * section's percentiles. An indicator that is unknown for a file (e.g. no employee count) earns
 * it no points — an unreported figure cannot raise a grade — and takes no place in the ranking.
 */
export function gradeYear(subjects: readonly GradingSubject[], params: GradingParams = DEFAULT_GRADING): GradingResult[] {
  const bySection = new Map<string, { s: GradingSubject; ind: KpiIndicators }[]>();
  const results = new Map<number, GradingResult>();
  for (const s of subjects) {
    const ind = indicatorsOf(s.inputs);
    if (!gradable(s.inputs)) {
      results.set(s.enterpriseId, {
        enterpriseId: s.enterpriseId, section: s.section, indicators: ind,
        percentiles: { taxPerMu: null, revenuePerMu: null, valueAddedPerEnergy: null, labourProductivity: null, rdIntensity: null },
        score: null, grade: 'not-graded', sectionSize: 0,
      });
      continue;
    }
    const list = bySection.get(s.section) ?? [];
    list.push({ s, ind });
    bySection.set(s.section, list);
  }
  const totalWeight = INDICATORS.reduce((sum, k) => sum + params.weights[k], 0) || 1;
  for (const [section, members] of bySection) {
    const pct = new Map<number, Record<Indicator, number | null>>(members.map((m) => [m.s.enterpriseId, { taxPerMu: null, revenuePerMu: null, valueAddedPerEnergy: null, labourProductivity: null, rdIntensity: null }]));
    for (const k of INDICATORS) {
      const ranked = members.filter((m) => known(m.ind[k]));
      const ranks = percentileRanks(ranked.map((m) => m.ind[k]!));
      ranked.forEach((m, i) => (pct.get(m.s.enterpriseId)![k] = round1(ranks[i]!)));
    }
    for (const m of members) {
      const p = pct.get(m.s.enterpriseId)!;
      const points = INDICATORS.reduce((sum, k) => sum + (p[k] ?? 0) * params.weights[k], 0) / totalWeight;
      const score = round1(points);
      results.set(m.s.enterpriseId, { enterpriseId: m.s.enterpriseId, section, indicators: m.ind, percentiles: p, score, grade: gradeOf(score, params.cutoffs), sectionSize: members.length });
    }
  }
  return subjects.map((s) => results.get(s.enterpriseId)!);
}

/** Change in a city target's measure from the baseline year, as a share (0.5 = +50 %); null when either side is unknown. */
export function changeFrom(baseline: number | null | undefined, actual: number | null | undefined): number | null {
  if (!known(baseline) || !known(actual) || baseline === 0) return null;
  return (actual - baseline) / Math.abs(baseline);
}

/** Whether a change meets a target change: a rise target (+50 %) is met at or above it, a cut target (−15 %) at or below it. */
export function targetMet(change: number | null, targetShare: number): boolean | null {
  if (change === null) return null;
  return targetShare >= 0 ? change >= targetShare - 1e-12 : change <= targetShare + 1e-12;
}
