import type { Program } from './facts.js';
import type { ParamsByProgram } from './params-shapes.js';

/**
 * The parameters of rule-set version 2026.1 exactly as they were seeded (frozen: never edit). That
 * version encoded some departures from the official texts (TS-TAX, TS-INDUSTRY as the
 * super-deduction negative list, credit flags by date instead of listing status, the super-deduction
 * base and tax rate); rules.md has since been corrected and the corrections ship as version 2026.2.
 * Params without `edition` are edition 1: the engine evaluates them with the rules as first encoded,
 * so evaluations stored under 2026.1 reproduce exactly.
 */
const NEGATIVE_LIST_2026_1 = {
  prefixes: ['C16', 'F51', 'F52', 'H61', 'H62', 'K70', 'L71', 'L72', 'R90'],
  mainBusinessShareAbove: 0.5,
};

/** 2026.1 predates the SRDI programmes: they have no version 2026.1. */
export const PARAMS_2026_1: Pick<ParamsByProgram, Program | 'ip-pledge'> = {
  'tech-sme': {
    maxEmployees: 500,
    maxSalesRevenue: 200_000_000,
    maxTotalAssets: 200_000_000,
    negativeList: NEGATIVE_LIST_2026_1,
    scorePassMark: 60,
    staffBands: [
      { min: 0.3, points: 20 },
      { min: 0.25, points: 16 },
      { min: 0.2, points: 12 },
      { min: 0.15, points: 8 },
      { min: 0.1, points: 4 },
    ],
    rdSalesBands: [
      { min: 0.06, points: 50 },
      { min: 0.05, points: 40 },
      { min: 0.04, points: 30 },
      { min: 0.03, points: 20 },
      { min: 0.02, points: 10 },
    ],
    rdCostBands: [
      { min: 0.3, points: 50 },
      { min: 0.25, points: 40 },
      { min: 0.2, points: 30 },
      { min: 0.15, points: 20 },
      { min: 0.1, points: 10 },
    ],
    ipClassIMin: 1,
    ipClassIPoints: 30,
    ipClassIIBands: [
      { min: 4, points: 24 },
      { min: 3, points: 18 },
      { min: 2, points: 12 },
      { min: 1, points: 6 },
    ],
    directLookbackYears: 5,
    directAwardMaxUnitRank: 3,
    directStandardMaxDrafterRank: 5,
  },
  'young-eagle': {
    ageWindowYears: 8,
    revenueMin: 100_000,
    ipClassIMin: 1,
    ipClassIIMin: 2,
    contestMinRank: { national: 'excellence', provincial: 'third' },
    contestIpMin: 1,
    ventureMin: 1_000_000,
    recognitionValidityYears: 1,
  },
  gazelle: {
    rdWindowYears: 4,
    rdMinYears: 2,
    rdIntensityMin: 0.03,
    revenueMin: 10_000_000,
    growthMin: 0.2,
    ventureMin: 5_000_000,
    ventureWindowYears: 3,
    recognitionValidityYears: 1,
  },
  'leader-candidate': {
    rdIntensityMin: 0.03,
    revenueMin: 200_000_000,
    growthMin: 0,
    ipItemsMin: 15,
    ipClassIMin: 3,
    recognitionValidityYears: 1,
  },
  leader: {
    rdIntensityMin: 0.03,
    revenueMin: 500_000_000,
    growthMin: 0,
    ipItemsMin: 20,
    ipClassIMin: 5,
    recognitionValidityYears: 1,
  },
  'high-tech': {
    minAgeDays: 365,
    staffShareMin: 0.1,
    rdWindowYears: 3,
    rdTiers: [
      { maxSales: 50_000_000, min: 0.05 },
      { maxSales: 200_000_000, min: 0.04 },
      { maxSales: null, min: 0.03 },
    ],
    rdDomesticShareMin: 0.6,
    productShareMin: 0.6,
    complianceLookbackDays: 365,
    scorePassMark: 71,
    certificateValidityYears: 3,
    score: {
      ipPartMax: 30,
      techAdvancementMax: 8,
      coreSupportMax: 8,
      ipCountClassI: [7, 8],
      ipCountClassIIBands: [
        { min: 5, points: [5, 6] },
        { min: 3, points: [3, 4] },
        { min: 1, points: [1, 2] },
      ],
      acquisitionOwn: [1, 6],
      acquisitionAcquiredOnly: [1, 3],
      standardsBonusMax: 2,
      transformationBands: [
        { min: 5, points: [25, 30] },
        { min: 4, points: [19, 24] },
        { min: 3, points: [13, 18] },
        { min: 2, points: [7, 12] },
        { min: 1, points: [1, 6] },
      ],
      transformationMax: 30,
      rdManagementMax: 6,
      rdInstitutionMax: 6,
      transformationIncentiveMax: 4,
      talentMax: 4,
      growthBands: [
        { min: 0.35, points: [9, 10] },
        { min: 0.25, points: [7, 8] },
        { min: 0.15, points: [5, 6] },
        { min: 0.05, points: [3, 4] },
        { min: 0, points: [1, 2], strict: true },
      ],
      growthItemMax: 10,
    },
  },
  'super-deduction': {
    negativeList: NEGATIVE_LIST_2026_1,
    otherCapShare: 0.1,
    contractedShare: 0.8,
    overseasCapOfDomestic: { numerator: 2, denominator: 3 },
    rates: [
      { fromYear: null, toYear: 2016, rate: 0.5 },
      { fromYear: 2017, toYear: 2017, rate: 0.5, techSme: 0.75 },
      { fromYear: 2018, toYear: 2020, rate: 0.75 },
      { fromYear: 2021, toYear: 2021, rate: 0.75, manufacturing: 1 },
      { fromYear: 2022, toYear: 2022, rate: 0.75, octDecRate: 1, manufacturing: 1, techSme: 1 },
      { fromYear: 2023, toYear: 2027, rate: 1, icOrMachineTool: 1.2 },
      { fromYear: 2028, toYear: null, rate: 1 },
    ],
    q4Share: 0.25,
    eitRate: 0.25,
    eitRateHighTech: 0.15,
  },
  'ip-pledge': {
    pledgeableKinds: ['invention-patent', 'utility-model', 'design-patent', 'software-copyright', 'trademark'],
    interestSubsidyRate: 0.4,
    interestSubsidyCap: 500_000,
    appraisalSubsidyRate: 0.5,
    appraisalSubsidyCap: 50_000,
    riskFundShare: 0.4,
  },
};
