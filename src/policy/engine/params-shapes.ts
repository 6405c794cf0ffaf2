import type { ContestRank, IpKind, Program, RdPostSubsidyProgram, SrdiProgram } from './facts.js';

/**
 * The shapes of rule-set parameters (and the programmes that have them), apart from params.ts so that
 * the editions' numbers and the message texts use them without importing params.ts (no circle, issue 13).
 */

/** One band of a banded score: value ≥ min (or > min when `strict`) earns `points`. */
export interface Band<P = number> {
  min: number;
  points: P;
  strict?: boolean;
}
/** Inclusive [lowest, highest] points of a judged score item. */
export type PointRange = readonly [number, number];

/**
 * Which encoding of the rules a parameter set is evaluated with. 1 (or absent) = the rules as first
 * encoded (rule sets 2026.1); 2 = corrected per rules.md (TS-TAX retired, TS-REG added, TS-INDUSTRY
 * the State's restricted categories, credit as listing status on the evaluation date, the
 * super-deduction base and claim-year tax rate). Old versions keep their edition, so the decisions
 * stored under them reproduce.
 */
export const CURRENT_EDITION = 2;

/** What every programme's parameters carry besides its numbers. */
export interface RuleSetMeta {
  edition?: number;
  /** Criterion code → document number and, where known, article (rules.md §12). */
  references?: Readonly<Record<string, string>>;
}

export interface NegativeListParams {
  /** GB/T 4754 prefixes (section letter + division), e.g. "F51". */
  prefixes: readonly string[];
  /** On the list when the main business's share of revenue is strictly above this. */
  mainBusinessShareAbove: number;
}

export interface TechSmeParams extends RuleSetMeta {
  maxEmployees: number;
  maxSalesRevenue: number;
  maxTotalAssets: number;
  /** Edition 1 only: TS-INDUSTRY was (wrongly) the super-deduction negative list. */
  negativeList?: NegativeListParams;
  scorePassMark: number;
  staffBands: readonly Band[];
  rdSalesBands: readonly Band[];
  rdCostBands: readonly Band[];
  ipClassIMin: number;
  ipClassIPoints: number;
  ipClassIIBands: readonly Band[];
  /** "in the last N years" for the award and standard routes of TS-DIRECT. */
  directLookbackYears: number;
  directAwardMaxUnitRank: number;
  directStandardMaxDrafterRank: number;
}

export interface YoungEagleParams extends RuleSetMeta {
  /** Established from 1 January of N − ageWindowYears to 31 December of N-1. */
  ageWindowYears: number;
  revenueMin: number;
  ipClassIMin: number;
  ipClassIIMin: number;
  /** Lowest contest rank that counts, per contest level. */
  contestMinRank: { national: ContestRank; provincial: ContestRank };
  contestIpMin: number;
  ventureMin: number;
  /** Years a recognition stays valid (provisional). */
  recognitionValidityYears: number;
}

export interface GazelleParams extends RuleSetMeta {
  /** R&D intensity is averaged over N − rdWindowYears … N-1. */
  rdWindowYears: number;
  rdMinYears: number;
  rdIntensityMin: number;
  revenueMin: number;
  growthMin: number;
  ventureMin: number;
  /** A venture investment counts when made in N − ventureWindowYears … N-1. */
  ventureWindowYears: number;
  recognitionValidityYears: number;
}

export interface LeaderParams extends RuleSetMeta {
  rdIntensityMin: number;
  revenueMin: number;
  growthMin: number;
  ipItemsMin: number;
  ipClassIMin: number;
  recognitionValidityYears: number;
}

// A type alias (not an interface) so that tiers can be reported as JSON thresholds.
export type RdTier = {
  /** Upper bound (inclusive) of N-1 sales for this tier; null = no bound. */
  maxSales: number | null;
  min: number;
};

export interface HighTechScoreParams {
  ipPartMax: number;
  techAdvancementMax: number;
  coreSupportMax: number;
  ipCountClassI: PointRange;
  ipCountClassIIBands: readonly Band<PointRange>[];
  acquisitionOwn: PointRange;
  acquisitionAcquiredOnly: PointRange;
  standardsBonusMax: number;
  transformationBands: readonly Band<PointRange>[];
  transformationMax: number;
  rdManagementMax: number;
  rdInstitutionMax: number;
  transformationIncentiveMax: number;
  talentMax: number;
  growthBands: readonly Band<PointRange>[];
  growthItemMax: number;
}

export interface HighTechParams extends RuleSetMeta {
  minAgeDays: number;
  staffShareMin: number;
  rdWindowYears: number;
  rdTiers: readonly RdTier[];
  rdDomesticShareMin: number;
  productShareMin: number;
  complianceLookbackDays: number;
  scorePassMark: number;
  /** HNTE certificates are valid this many years from the certificate date. */
  certificateValidityYears: number;
  score: HighTechScoreParams;
}

/**
 * One row of the super-deduction rate table. The applicable rate is the highest of `rate` and the
 * special rates the enterprise qualifies for. `octDecRate` models 2022 (75% Jan–Sep, 100% Oct–Dec
 * for "others"): a yearly figure has no month split, so the yearly rate is weighted by `q4Share`.
 */
export interface SdRateRow {
  fromYear: number | null;
  toYear: number | null;
  rate: number;
  octDecRate?: number;
  manufacturing?: number;
  techSme?: number;
  icOrMachineTool?: number;
}

export interface SuperDeductionParams extends RuleSetMeta {
  negativeList: NegativeListParams;
  /** Other costs are capped at (categories 1–5) × share / (1 − share). */
  otherCapShare: number;
  /** Contracted R&D counts at this share. */
  contractedShare: number;
  /** Overseas contracted R&D allowed at most this fraction of the qualifying domestic R&D (⅔). */
  overseasCapOfDomestic: { numerator: number; denominator: number };
  rates: readonly SdRateRow[];
  /**
   * Share of a year's R&D assumed to fall in October–December when the rate changes within the year
   * (2022). Default 0.25: expenses spread evenly over the months, giving 0.75 × 0.75 + 1 × 0.25 = 0.8125.
   */
  q4Share: number;
  eitRate: number;
  eitRateHighTech: number;
  /** Edition 2: the effective rate of a small low-profit enterprise in the years of `smallLowProfit`. */
  eitRateSmallLowProfit?: number;
  smallLowProfit?: SmallLowProfitParams;
}

/** 小型微利企业 (rules.md §4.4): all three limits, in the years fromYear … toYear. */
export interface SmallLowProfitParams {
  maxTaxableIncome: number;
  maxEmployees: number;
  maxTotalAssets: number;
  fromYear: number;
  toYear: number;
}

export interface IpPledgeParams extends RuleSetMeta {
  pledgeableKinds: readonly IpKind[];
  interestSubsidyRate: number;
  interestSubsidyCap: number;
  appraisalSubsidyRate: number;
  appraisalSubsidyCap: number;
  /** Share of a principal loss borne by the risk fund (Binhai default; the bank bears the rest) — for ungraded loans. */
  riskFundShare: number;
  /** Risk grading (rules.md §5.4), edition 2; absent in 2026.1 (those loans use the defaults' grading). */
  riskGrading?: RiskGradingParams;
}

/** rules.md §5.4: points per factor, grade thresholds and the fund's share per grade (all provisional). */
export interface RiskGradingParams {
  /** Any Class I item / Class II only / trademarks or copyright only. */
  assetPoints: { classI: number; classII: number; other: number };
  /** Coverage = loan ÷ appraised value: at most `max` (inclusive) → `points`; above every band → coverageAbovePoints. */
  coverageBands: readonly { max: number; points: number }[];
  coverageAbovePoints: number;
  /** Valid HNTE or one of `strongTiers` → strong; one of `basicTiers` → basic; else none. */
  enterprisePoints: { strong: number; basic: number; none: number };
  strongTiers: readonly string[];
  basicTiers: readonly string[];
  enhancementKinds: readonly string[];
  enhancementPoints: number;
  /** Grades by minimum points (inclusive) with the fund's share; below every minimum → D, not eligible. */
  grades: readonly { grade: 'A' | 'B' | 'C'; minPoints: number; fundShare: number }[];
}

export type ParamProgram = Program | 'ip-pledge' | SrdiProgram | RdPostSubsidyProgram;
export const PARAM_PROGRAMS = [
  'tech-sme',
  'young-eagle',
  'gazelle',
  'leader-candidate',
  'leader',
  'high-tech',
  'super-deduction',
  'ip-pledge',
] as const satisfies readonly ParamProgram[];

export interface ParamsByProgram extends SrdiParamsByProgram {
  'tech-sme': TechSmeParams;
  'young-eagle': YoungEagleParams;
  gazelle: GazelleParams;
  'leader-candidate': LeaderParams;
  leader: LeaderParams;
  'high-tech': HighTechParams;
  'super-deduction': SuperDeductionParams;
  'ip-pledge': IpPledgeParams;
  'rd-post-subsidy': RdPostSubsidyParams;
}
export type Params = ParamsByProgram[ParamProgram];

// ---- The SRDI ladder's parameters (rules.md §7; values in params-srdi.ts) ----

/**
 * Rule-set parameters of the SRDI ladder (rules.md §7, §12): innovative SME → 专精特新 SME → little
 * giant. Numbers are data, as for every programme; percentages are fractions, money is yuan.
 * The whole innovative-SME score table, the size test and LG-IP are provisional in rules.md.
 */

/** A band read from the top: value ≤ max earns `points` (debt ratio: lower is better). */
export interface UpperBand {
  max: number;
  points: number;
}

export interface InnovativeSmeParams {
  edition?: number;
  references?: Readonly<Record<string, string>>;
  /** IN-SME: employees of N-1 strictly below … */
  employeesBelow: number;
  /** … and operating revenue of N-1 strictly below. */
  revenueBelow: number;
  scorePassMark: number;
  /** Points of the IP indicator: the best class of valid IP related to the main products. */
  ipPoints: { highValueClassI: number; selfDevelopedClassI: number; classI: number; classII: number };
  rdIntensityBands: readonly Band[];
  /** Main-business revenue growth N-1 over N-2. */
  growthBands: readonly Band[];
  debtRatioBands: readonly UpperBand[];
  strategicEmergingPoints: { yes: number; no: number };
  mainShareBands: readonly Band[];
  /** IN-DIRECT: S&T awards and equity financing "in the last N years". */
  directLookbackYears: number;
  directEquityMin: number;
  recognitionValidityYears: number;
}

export interface SrdiSmeParams {
  edition?: number;
  references?: Readonly<Record<string, string>>;
  nicheMinYears: number;
  rdMin: number;
  rdIntensityMin: number;
  revenueMin: number;
  /** SP-REVENUE alternative: equity financing over the last `equityYears` years. */
  equityMin: number;
  equityYears: number;
  scorePassMark: number;
  directAwardLookbackYears: number;
  /** A provincial award counts when the enterprise ranks among the first N units. */
  directProvincialAwardMaxUnitRank: number;
  directAvgRdMin: number;
  directAvgRdYears: number;
  directEquityMin: number;
  directEquityYears: number;
  directMakerLookbackYears: number;
  recognitionValidityYears: number;
}

export interface LittleGiantParams {
  edition?: number;
  references?: Readonly<Record<string, string>>;
  nicheMinYears: number;
  mainShareMin: number;
  growthMin: number;
  debtRatioMax: number;
  /** LG-RD: revenue of N-1 ≥ largeRevenueMin → intensity ≥ largeIntensityMin in each of the last rdYears years. */
  largeRevenueMin: number;
  largeIntensityMin: number;
  /** midRevenueMin ≤ revenue < largeRevenueMin → intensity ≥ midIntensityMin in each year. */
  midRevenueMin: number;
  midIntensityMin: number;
  /** Below midRevenueMin: equity ≥ smallEquityMin and Σ R&D ≥ smallRdSumMin over rdYears, R&D staff share ≥ smallRdStaffShareMin. */
  smallEquityMin: number;
  smallRdSumMin: number;
  smallRdStaffShareMin: number;
  rdYears: number;
  ipClassIMin: number;
  recognitionValidityYears: number;
}

export interface SrdiParamsByProgram {
  'innovative-sme': InnovativeSmeParams;
  'srdi-sme': SrdiSmeParams;
  'little-giant': LittleGiantParams;
}

// ---- The R&D post-subsidy's parameters (rules.md §8; values in params-rd-post-subsidy.ts) ----

/** rules.md §8, all provisional: amount = min(rate × (R&D N-1 − R&D N-2), cap), money in yuan. */
export interface RdPostSubsidyParams {
  edition?: number;
  references?: Readonly<Record<string, string>>;
  rate: number;
  cap: number;
}
