import { CLASS_I_KINDS, CLASS_II_KINDS } from './facts.js';
import { dec, toYuan } from './num.js';
import type { IpPledgeParams, RiskGradingParams } from './params.js';

/**
 * IP-pledge risk grading (rules.md §5.4, `IPP-GRADE`): points per factor — pledged assets, coverage
 * (loan ÷ appraised value), the enterprise's standing and credit enhancement — give a grade A–D,
 * and the grade fixes the risk fund's share of a principal loss (D: not eligible for the fund).
 * Every number is a rule-set parameter (provisional). Pure.
 */

export const RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type RiskGradeLetter = (typeof RISK_GRADES)[number];

export interface RiskGradeInput {
  /** Kinds of the pledged items (Class I, Class II, trademark …). */
  assetKinds: readonly string[];
  loanAmount: number | null | undefined;
  appraisedValue: number | null | undefined;
  /** A valid national HNTE certificate on the grading date. */
  hnteValid: boolean;
  /** Tianjin ladder tiers in force (programme codes; unicorn counts as above leader). */
  tiers: readonly string[];
  /** The credit enhancement arranged (guarantee, insurance, risk-fund), or null. */
  enhancement: string | null | undefined;
}

export interface RiskGrade {
  grade: RiskGradeLetter;
  points: number;
  /** The fund's share of a principal loss; 0 for D (not eligible for the fund). */
  fundShare: number;
  fundEligible: boolean;
  factors: { assets: number; coverage: number; enterprise: number; enhancement: number };
  /** loan ÷ appraised value as a decimal string (4 places, for display), e.g. "0.6". */
  coverage: string;
}

export type RiskGradeOutcome = { ok: true; grade: RiskGrade } | { ok: false; missing: ('loanAmount' | 'appraisedValue' | 'assets')[] };

const CLASS_I: ReadonlySet<string> = new Set(CLASS_I_KINDS);
const CLASS_II: ReadonlySet<string> = new Set(CLASS_II_KINDS);

/** The grading parameters of an ip-pledge rule set (rule sets stored before grading existed use the defaults). */
export function gradingParams(p: IpPledgeParams, fallback: RiskGradingParams): RiskGradingParams {
  return p.riskGrading ?? fallback;
}

/** Grades a loan; without a loan amount, a positive appraised value or any pledged item it cannot be graded. */
export function gradeLoan(input: RiskGradeInput, g: RiskGradingParams): RiskGradeOutcome {
  const missing: ('loanAmount' | 'appraisedValue' | 'assets')[] = [];
  if (!(typeof input.loanAmount === 'number' && input.loanAmount > 0)) missing.push('loanAmount');
  // A ratio's denominator of 0 or a missing figure is `missing`, never a grade (rules.md preamble).
  if (!(typeof input.appraisedValue === 'number' && input.appraisedValue > 0)) missing.push('appraisedValue');
  if (input.assetKinds.length === 0) missing.push('assets');
  if (missing.length) return { ok: false, missing };

  const assets = input.assetKinds.some((k) => CLASS_I.has(k)) ? g.assetPoints.classI
    : input.assetKinds.some((k) => CLASS_II.has(k)) ? g.assetPoints.classII
      : g.assetPoints.other;

  const loan = dec(input.loanAmount!);
  const appraised = dec(input.appraisedValue!);
  // Bands in ascending `max`; each edge inclusive (≤ 40% → 3 …), above the last → coverageAbovePoints.
  // Compared as loan ≤ max × appraised, so an edge is exact whatever the quotient's expansion.
  const band = [...g.coverageBands].sort((a, b) => a.max - b.max).find((b) => loan.lte(appraised.times(b.max)));
  const coverage = band ? band.points : g.coverageAbovePoints;

  const enterprise = input.hnteValid || input.tiers.some((t) => g.strongTiers.includes(t)) ? g.enterprisePoints.strong
    : input.tiers.some((t) => g.basicTiers.includes(t)) ? g.enterprisePoints.basic
      : g.enterprisePoints.none;

  const enhancement = input.enhancement && g.enhancementKinds.includes(input.enhancement) ? g.enhancementPoints : 0;

  const points = assets + coverage + enterprise + enhancement;
  // Grades in descending minimum; the first whose minimum is reached; below every minimum → D.
  const row = [...g.grades].sort((a, b) => b.minPoints - a.minPoints).find((x) => points >= x.minPoints);
  return {
    ok: true,
    grade: {
      grade: row?.grade ?? 'D',
      points,
      fundShare: row?.fundShare ?? 0,
      fundEligible: !!row,
      factors: { assets, coverage, enterprise, enhancement },
      coverage: loan.dividedBy(appraised).toDecimalPlaces(4).toString(),
    },
  };
}

/** The compensation split with a graded share: the fund bears `share` of the loss (rounded to the fen), the bank the rest. */
export function gradedCompensation(principalLoss: number, share: number): { fund: number; bank: number } {
  const loss = dec(Math.max(0, principalLoss));
  const fund = dec(toYuan(loss.times(share)));
  return { fund: fund.toNumber(), bank: toYuan(loss.minus(fund)) };
}
