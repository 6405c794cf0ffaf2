/**
 * The facts the engine evaluates: the request body of POST /api/v1/eligibility/evaluate
 * (shared/design/api.md, "Eligibility"). Everything optional is optional because "missing figures
 * are simply left out"; the engine turns an absent input into the outcome `missing`.
 * Money is a plain `number` of yuan at this boundary and becomes a Decimal inside the rules.
 * The `as const` arrays are the contract's enumerations, exported for the request validators.
 */

import { TIERS, type Tier } from '../../ladder/tiers.js';

/** The ladder's rungs are programmes too, in ladder order. */
export const PROGRAMS = [...TIERS, 'high-tech', 'super-deduction'] as const;
export type Program = (typeof PROGRAMS)[number];

/**
 * The SRDI ladder's programmes (rules.md §7), lowest rung first. Reported when requested (the
 * evaluate API's `programs`, the stored files' evaluations); a request without `programs` keeps
 * answering the seven programmes above, so results recorded before them reproduce unchanged.
 */
export const SRDI_PROGRAMS = ['innovative-sme', 'srdi-sme', 'little-giant'] as const;
export type SrdiProgram = (typeof SRDI_PROGRAMS)[number];
/** The R&D post-subsidy (rules.md §8): reported when requested, like the SRDI programmes. */
export const RD_POST_SUBSIDY = 'rd-post-subsidy' as const;
export type RdPostSubsidyProgram = typeof RD_POST_SUBSIDY;
/** Programmes reported only when named (their rule sets may be absent in older versions). */
export const OPTIONAL_PROGRAMS = [...SRDI_PROGRAMS, RD_POST_SUBSIDY] as const;
/** Every programme the engine evaluates. */
export const ALL_PROGRAMS = [...PROGRAMS, ...SRDI_PROGRAMS, RD_POST_SUBSIDY] as const;
export type AnyProgram = (typeof ALL_PROGRAMS)[number];

/** The cultivation ladder, lowest rung first: defined once in src/ladder/tiers.ts (pure). */
export { TIERS, type Tier };

export const TAX_MODES = ['audit', 'deemed'] as const;
export type TaxMode = (typeof TAX_MODES)[number];

export const HIGH_TECH_FIELDS = [
  'electronic-information',
  'biomedicine',
  'aerospace',
  'new-materials',
  'high-tech-services',
  'new-energy',
  'resources-environment',
  'advanced-manufacturing',
] as const;
export type HighTechField = (typeof HIGH_TECH_FIELDS)[number];

export const FLAG_KINDS = [
  'research-misconduct',
  'abnormal-operation',
  'serious-dishonesty',
  'major-accident',
  'environmental-violation',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const CLASS_I_KINDS = [
  'invention-patent',
  'new-plant-variety',
  'crop-variety',
  'new-drug',
  'tcm-protected',
  'ic-layout',
] as const;
export const CLASS_II_KINDS = ['utility-model', 'design-patent', 'software-copyright'] as const;
/** Trademarks are pledgeable IP but never count as Class I or II. */
export const IP_KINDS = [...CLASS_I_KINDS, ...CLASS_II_KINDS, 'trademark'] as const;
export type IpKind = (typeof IP_KINDS)[number];

export const IP_STATUSES = ['valid', 'pending', 'lapsed', 'invalidated'] as const;
export type IpStatus = (typeof IP_STATUSES)[number];

export const ACQUISITIONS = ['own', 'acquired'] as const;
export type Acquisition = (typeof ACQUISITIONS)[number];

export const QUALIFICATION_KINDS = [
  'hnte-certificate',
  'tianjin-high-tech-certificate',
  'software-enterprise-certificate',
  'software-product-certificate',
  'contest-award',
  'st-award',
  'rd-institution',
  'standard-drafting',
  'venture-investment',
  'st-project',
  'unicorn-listing',
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

/**
 * Levels across qualification kinds. `provincial` stands for "provincial or ministerial"
 * (省部级) wherever rules.md says so (awards, R&D institutions, plan projects).
 */
export const QUALIFICATION_LEVELS = [
  'international',
  'national',
  'provincial',
  'industry',
  'local',
  'group',
  'enterprise',
] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];

/** Contest ranks, lowest first (the order is used for "third prize or better"). */
export const CONTEST_RANKS = ['excellence', 'third', 'second', 'first'] as const;
export type ContestRank = (typeof CONTEST_RANKS)[number];

export const STANDARD_LEVELS = ['international', 'national', 'industry', 'local', 'group', 'enterprise'] as const;
export type StandardLevel = (typeof STANDARD_LEVELS)[number];

export const EXCLUDED_ACTIVITY_TYPES = [
  'routine-upgrade',
  'direct-application',
  'after-sales-support',
  'simple-change',
  'market-research',
  'routine-testing',
  'social-science',
] as const;
export const ACTIVITY_TYPES = [
  'new-product',
  'new-process',
  'new-technology',
  'basic-research',
  ...EXCLUDED_ACTIVITY_TYPES,
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const OUTCOMES = ['met', 'unmet', 'missing', 'uncertain'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `not-applicable`: no rule set of the programme was in force at asOf (rules.md, "Every criterion cites its clause"). */
export const PROGRAM_OUTCOMES = ['eligible', 'ineligible', 'incomplete', 'not-applicable'] as const;
export type ProgramOutcome = (typeof PROGRAM_OUTCOMES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Figures of one fiscal year that are money (yuan). */
export const FINANCIAL_MONEY_FIELDS = [
  'operatingRevenue',
  'salesRevenue',
  'mainBusinessRevenue',
  'totalIncome',
  'nonTaxableIncome',
  'investmentIncome',
  'highTechRevenue',
  'rdExpense',
  'rdExpenseDomestic',
  'totalCostAndExpense',
  'totalAssets',
  'totalLiabilities',
] as const;
/** Figures of one fiscal year that are integer counts. */
export const FINANCIAL_COUNT_FIELDS = ['employees', 'stStaff', 'transformedAchievements'] as const;
export type FinancialField = (typeof FINANCIAL_MONEY_FIELDS)[number] | (typeof FINANCIAL_COUNT_FIELDS)[number];

/** Kinds that are lists an enterprise is put on and taken off (abnormal operation, serious illegal/dishonest). */
export const LISTING_FLAG_KINDS = ['abnormal-operation', 'serious-dishonesty'] as const satisfies readonly FlagKind[];

export interface CreditFlag {
  kind: FlagKind;
  /**
   * Date of the event (YYYY-MM-DD). For a listing kind without `listedOn` it is taken as the date
   * the enterprise was listed (api.md: `flags[]` accepts `listedOn`/`removedOn` besides `on`).
   */
  on?: string;
  /** Listing kinds: put on the list on this date … */
  listedOn?: string;
  /** … and taken off on this date (absent = still listed). */
  removedOn?: string;
}

export interface EnterpriseFacts {
  uscc?: string;
  name?: string;
  /** GB/T 2260 code of the district of registration (Tianjin codes start with 12). */
  districtCode?: string;
  establishedOn?: string;
  /** GB/T 4754 industry code of the main business, e.g. "C3911". */
  industryCode?: string;
  taxMode?: TaxMode;
  /** null = declared as none of the eight fields; absent = unknown. */
  highTechField?: HighTechField | null;
  /** Adverse records. An absent list means none are recorded (the file stores flags, not their absence). */
  flags?: readonly CreditFlag[];
  /** Whether an R&D auxiliary ledger is kept (absent = unknown). */
  rdLedger?: boolean;
  /**
   * Products or services in the State's restricted/eliminated (or prohibited) categories (TS-INDUSTRY).
   * Absent = unknown → `missing`.
   */
  restrictedCategory?: boolean;
  /**
   * "Unknown is not none" markers (api.md, Facts): `true` = the subject was checked, so an empty list
   * means none; `false` = not checked, so an empty list is unknown (`missing`) and a non-empty one is a
   * lower bound (enough to meet a threshold, never enough to fail one); absent = the lists as given.
   */
  ipChecked?: boolean;
  qualificationsChecked?: boolean;
  creditChecked?: boolean;
}

export interface FinancialYear {
  year: number;
  operatingRevenue?: number;
  salesRevenue?: number;
  mainBusinessRevenue?: number;
  totalIncome?: number;
  nonTaxableIncome?: number;
  investmentIncome?: number;
  highTechRevenue?: number;
  rdExpense?: number;
  rdExpenseDomestic?: number;
  totalCostAndExpense?: number;
  totalAssets?: number;
  totalLiabilities?: number;
  employees?: number;
  stStaff?: number;
  transformedAchievements?: number;
  /**
   * Addition to api.md: taxable income of the year as filed (may be negative: a loss year). Used only
   * for the super-deduction's tax saving (small low-profit test, loss year).
   */
  taxableIncome?: number;
}

export interface IpAssetFact {
  kind: IpKind;
  number?: string;
  status: IpStatus;
  grantedOn?: string;
  expiresOn?: string;
  /** Absent = unknown. */
  acquisition?: Acquisition;
  /** Class II items may back only one HNTE application; absent = not used. */
  usedInHighTechApplication?: boolean;
  /** For the tech-SME IP score; absent = not related. */
  relatedToMainProducts?: boolean;
}

export interface QualificationFact {
  kind: QualificationKind;
  level?: QualificationLevel;
  /** Contest rank. */
  rank?: ContestRank;
  /** Rank of the enterprise among the units of an S&T award (1 = first). */
  unitRank?: number;
  /** Rank of the enterprise among the drafters of a standard (1 = lead). */
  drafterRank?: number;
  /** Venture investment amount (yuan). */
  amount?: number;
  /** Date obtained (YYYY-MM-DD). */
  on?: string;
  validUntil?: string;
  /** Name of the external ranking of an imported unicorn label. */
  ranking?: string;
}

/** Expert judgements for the HNTE innovation score; each absent item spans its full range. */
export interface ExpertScores {
  techAdvancement?: number;
  coreSupport?: number;
  acquisition?: number;
  standardsBonus?: number;
  rdManagement?: number;
  rdInstitution?: number;
  transformationIncentive?: number;
  talent?: number;
}
export const EXPERT_SCORE_FIELDS = [
  'techAdvancement',
  'coreSupport',
  'acquisition',
  'standardsBonus',
  'rdManagement',
  'rdInstitution',
  'transformationIncentive',
  'talent',
] as const satisfies readonly (keyof ExpertScores)[];

/** Costs of one project by category (api.md: "projects may carry `costs` by category"). */
export interface RdProjectCosts {
  personnel?: number;
  directInputs?: number;
  depreciation?: number;
  amortization?: number;
  design?: number;
  other?: number;
  contractedDomestic?: number;
  contractedOverseas?: number;
}
export const RD_COST_FIELDS = [
  'personnel',
  'directInputs',
  'depreciation',
  'amortization',
  'design',
  'other',
  'contractedDomestic',
  'contractedOverseas',
] as const satisfies readonly (keyof RdProjectCosts)[];

export interface RdProject {
  name?: string;
  activityType: ActivityType;
  /** The project's share of the ledger's categories; an excluded project's costs leave the base. */
  costs?: RdProjectCosts;
}

/** One fiscal year's R&D expense by category (rules.md §4.4); absent categories count as 0. */
export interface RdExpenseDetail {
  /** Fiscal year claimed; defaults to N-1. */
  year?: number;
  personnel?: number;
  directInputs?: number;
  depreciation?: number;
  amortization?: number;
  design?: number;
  other?: number;
  contractedDomestic?: number;
  contractedOverseas?: number;
  byProductIncome?: number;
  /** R&D paid from fiscal funds booked as non-taxable income: not in the base (rules.md §4.4). */
  fiscalFunds?: number;
  manufacturing?: boolean;
  icOrMachineTool?: boolean;
  /**
   * Addition to the api.md schema: registered tech-based SME in the claim year (matters only for
   * the 2017 and 2022 rates). Absent = not registered.
   */
  techSme?: boolean;
  projects?: readonly RdProject[];
}
export const RD_EXPENSE_MONEY_FIELDS = [
  'personnel',
  'directInputs',
  'depreciation',
  'amortization',
  'design',
  'other',
  'contractedDomestic',
  'contractedOverseas',
  'byProductIncome',
] as const satisfies readonly (keyof RdExpenseDetail)[];

export interface Facts {
  enterprise: EnterpriseFacts;
  financials?: readonly FinancialYear[];
  ipAssets?: readonly IpAssetFact[];
  qualifications?: readonly QualificationFact[];
  expertScores?: ExpertScores;
  rdExpenseDetail?: RdExpenseDetail;
  /** Facts only the SRDI programmes read (rules.md §7); absent = none of them known. */
  srdi?: SrdiFacts;
  /**
   * Tech-SME listings (科技型中小企业入库) on file, for RP-STATUS (rules.md §8). Absent = unknown;
   * [] = none. A listing without `validUntil` runs to the end of the year of `validFrom`.
   */
  techSmeListings?: readonly TechSmeListingFact[];
}

export interface TechSmeListingFact {
  validFrom: string;
  validUntil?: string;
}

export const RD_INSTITUTION_KINDS = ['own', 'joint', 'none'] as const;
export type RdInstitutionKind = (typeof RD_INSTITUTION_KINDS)[number];

/** A recognition on the SRDI ladder (3 years valid), as the file records it. */
export interface SrdiRecognitionFact {
  program: SrdiProgram;
  validFrom?: string;
  validUntil?: string;
}

/** Yearly SRDI figures: paid-in equity financing from qualified investors, R&D staff. */
export interface SrdiYearFact {
  year: number;
  /** New equity financing from qualified investors paid in that year (yuan); absent = unknown. */
  equityFinancing?: number;
  /** R&D staff at year end; absent = unknown. */
  rdStaff?: number;
}

/**
 * The SRDI facts of a file. Absent fields are unknown (`missing`), never "no": a `false` or `none`
 * is a recorded answer. `recognitions` absent = not known; [] = none held.
 */
export interface SrdiFacts {
  /** The specific niche market the enterprise serves, and since when (YYYY-MM-DD). */
  nicheMarket?: string;
  nicheSince?: string;
  /** Main product in a strategic emerging industry. */
  strategicEmergingIndustry?: boolean;
  /** Main product in a key link of an industrial chain — only an officer-verified answer is passed. */
  keyChainLink?: boolean;
  /** The 专精特新 score (0–100) as assessed, with its source on the file. */
  srdiScore?: number;
  /** An own or joint (with a university or institute) R&D institution, or none. */
  rdInstitution?: RdInstitutionKind;
  /** Valid high-value Class I IP items related to the main products. */
  highValueClassI?: number;
  /** Year the enterprise was among the national top 500 of the 创客中国 contest (null = never). */
  makerChinaTop500Year?: number | null;
  /** A valid 国家级技术创新示范企业 or 知识产权优势/示范企业 title (IN-DIRECT, beside the HNTE certificate). */
  innovationTitle?: boolean;
  years?: readonly SrdiYearFact[];
  recognitions?: readonly SrdiRecognitionFact[];
}

/** Type guard for enumeration membership (validators and the engine share it). */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
